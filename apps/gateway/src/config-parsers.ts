/**
 * Value parsers of the configuration: each turns one raw text into a typed value, or into flaws (a
 * code and what is wrong, without the setting's name, which the caller adds). Parsers read no
 * environment, no file and no other option; rules across options live in `config-rules.ts`.
 */
import type { ConfigProblemCode } from "./errors.js";
import {
  formatHost,
  isIpLiteral,
  isProxyEntry,
  normaliseOrigin,
  parseHostHeader,
  stripBrackets,
} from "./net-util.js";

/** What is wrong with a value. */
export interface Flaw {
  readonly code: ConfigProblemCode;
  /** Says what to fix; the caller prefixes the setting (`PORT: ...`). */
  readonly text: string;
}

/** A parsed value, or every flaw found in it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; flaws: readonly Flaw[] };

/** Parses one raw value (environment values arrive trimmed and non-empty). */
export type Parser<T> = (raw: string) => Parsed<T>;

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = (code: ConfigProblemCode, text: string): Parsed<never> => ({
  ok: false,
  flaws: [{ code, text }],
});

/** Any text, as given (paths, labels). */
export const anyText: Parser<string> = ok;

/** A whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number): Parser<number> {
  return (raw) => {
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      return fail("GW_ERR_CONFIG_RANGE", `must be a whole number from ${min} to ${max} (got "${raw}")`);
    }
    return ok(value);
  };
}

/** `1`/`0` (also `true`/`false`, `yes`/`no`, any case). */
export const flag: Parser<boolean> = (raw) => {
  const value = raw.toLowerCase();
  if (value === "1" || value === "true" || value === "yes") return ok(true);
  if (value === "0" || value === "false" || value === "no") return ok(false);
  return fail("GW_ERR_CONFIG_FORMAT", `must be 1 or 0 (got "${raw}")`);
};

/** Comma-separated items, each parsed by `item`; empty items are dropped, every bad one reported. */
export function list<T>(item: Parser<T>): Parser<T[]> {
  return (raw) => {
    const values: T[] = [];
    const flaws: Flaw[] = [];
    for (const part of raw.split(",")) {
      const text = part.trim();
      if (text === "") continue;
      const parsed = item(text);
      if (parsed.ok) values.push(parsed.value);
      else flaws.push(...parsed.flaws);
    }
    return flaws.length === 0 ? ok(values) : { ok: false, flaws };
  };
}

/** A listen address or host name; IPv6 brackets are dropped (`[::1]` → `::1`). */
export const bindAddress: Parser<string> = (raw) => {
  const host = stripBrackets(raw);
  if (host === "" || (!isIpLiteral(host) && !/^[A-Za-z0-9.-]+$/.test(host))) {
    return fail(
      "GW_ERR_CONFIG_FORMAT",
      `"${raw}" is not an address or host name (e.g. 127.0.0.1 or 0.0.0.0)`,
    );
  }
  return ok(host);
};

/** An http(s) origin, normalised (`https://Mail.Example.org:443/` → `https://mail.example.org`). */
export const origin: Parser<string> = (raw) => {
  const normalised = normaliseOrigin(raw);
  if (normalised === null) {
    return fail(
      "GW_ERR_CONFIG_FORMAT",
      `"${raw}" is not an origin; write scheme://host[:port], e.g. https://mail.example.org`,
    );
  }
  return ok(normalised);
};

/** A `Host` header value (`name` or `name:port`), lower-case, IPv6 in brackets. */
export const hostValue: Parser<string> = (raw) => {
  const parsed = parseHostHeader(raw);
  if (parsed === null) return fail("GW_ERR_CONFIG_FORMAT", `"${raw}" is not a host name or host:port`);
  return ok(formatHost(parsed.hostname, parsed.port));
};

/** An IP address, a CIDR or `loopback`. */
export const proxyEntry: Parser<string> = (raw) =>
  isProxyEntry(raw)
    ? ok(raw)
    : fail("GW_ERR_CONFIG_FORMAT", `"${raw}" is not an IP address, a CIDR (10.0.0.0/8) or "loopback"`);

/** A domain name or an address literal in brackets, as EHLO takes. */
export const ehloName: Parser<string> = (raw) =>
  /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f.:]+\]$/.test(raw)
    ? ok(raw)
    : fail("GW_ERR_CONFIG_FORMAT", `"${raw}" is not a domain name or address literal`);

/** A server id: 1-64 letters, digits, `-` or `_`, starting with a letter or digit. */
export const serverId: Parser<string> = (raw) =>
  /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(raw)
    ? ok(raw)
    : fail("GW_ERR_CONFIG_FORMAT", `"${raw}" is not 1-64 letters, digits, "-" or "_"`);

/** A label of 1-100 characters. */
export const label: Parser<string> = (raw) =>
  raw.length >= 1 && raw.length <= 100
    ? ok(raw)
    : fail("GW_ERR_CONFIG_FORMAT", "must be a string of 1-100 characters");

/** A public demo account, shown to every visitor. */
export interface DemoAccount {
  readonly username: string;
  readonly password: string;
}

/** `username:password`, split at the first `:`; the text of a flaw never repeats the value. */
export const demoAccount: Parser<DemoAccount> = (raw) => {
  const colon = raw.indexOf(":");
  const username = raw.slice(0, colon);
  const password = raw.slice(colon + 1);
  if (colon < 1 || password === "" || hasControl(raw)) {
    return fail(
      "GW_ERR_CONFIG_FORMAT",
      "must be username:password, both non-empty and without control characters (e.g. demo:demo)",
    );
  }
  return ok({ username, password });
};

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 || unit === 0x7f) return true;
  }
  return false;
}
