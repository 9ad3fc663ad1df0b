/**
 * The configuration schema: one row per environment variable (name, typed default, parser, README
 * sentence) and one row per key of a `TAGWIRE_CONFIG` server entry. This file is the single source:
 * `config-env.ts` and `config-file.ts` read through it, and the README's tables are generated from it
 * (`pnpm --filter @tagwire/gateway config-docs`; `test/config-docs.test.ts` fails when they differ).
 */
import {
  anyText,
  bindAddress,
  demoAccount,
  ehloName,
  flag,
  hostValue,
  label,
  list,
  origin,
  type Parser,
  proxyEntry,
  serverId,
  wholeNumber,
} from "./config-parsers.js";
import { serverUrl } from "./server-url.js";

/** One environment variable. Unset or empty (after trimming) means `default`. */
export interface EnvOption<T> {
  readonly env: string;
  readonly default: T;
  /** The default as the README shows it: computed at start (`the IMAP host`), or `default` rendered. */
  readonly shownDefault: string;
  readonly parse: Parser<T>;
  /** The README's sentence. */
  readonly doc: string;
  /** Bounds of a whole number, both included. */
  readonly range?: readonly [min: number, max: number];
}

const KIB = 1024;
const MINUTE = 60_000;

/** `8080`, `0` for false, `(none)` for no value or an empty list. */
function render(value: unknown): string {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return "(none)";
  if (typeof value === "boolean") return value ? "1" : "0";
  return String(value);
}

/** A row; `shown` describes a default that is computed at start (then `fallback` is undefined or []). */
function option<T, D extends T | undefined>(
  env: string,
  fallback: D,
  parse: Parser<T>,
  doc: string,
  shown?: string,
): EnvOption<T | D> {
  return { env, default: fallback, shownDefault: shown ?? render(fallback), parse, doc };
}

/** Adds the default to a scalar's problem, so the operator sees what unsetting it would give. */
function withDefault<T>(parse: Parser<T>, shown: string): Parser<T> {
  return (raw) => {
    const parsed = parse(raw);
    if (parsed.ok) return parsed;
    return {
      ok: false,
      flaws: parsed.flaws.map((f) => ({ ...f, text: `${f.text}; the default is ${shown}` })),
    };
  };
}

/** A whole number from `min` to `max`. */
function int(env: string, fallback: number, min: number, max: number, doc: string, shown?: string) {
  const row = option(env, fallback, wholeNumber(min, max), doc, shown);
  return { ...row, parse: withDefault(row.parse, String(fallback)), range: [min, max] as const };
}

/** A 1/0 switch, off by default. */
function onOff(env: string, doc: string) {
  const row = option(env, false, flag, doc);
  return { ...row, parse: withDefault(flag, "0") };
}

/** Every environment variable the gateway reads, in the README's order. */
// biome-ignore format: a table, one row per option
export const ENV_SCHEMA = {
  port: int("PORT", 8080, 0, 65535, "TCP port to listen on (0 picks a free port)."),
  host: option("HOST", "127.0.0.1", bindAddress, "Address to bind. A non-loopback address needs TLS_CERT_FILE/TLS_KEY_FILE or ALLOW_INSECURE_HTTP=1."),
  imapUrl: option("IMAP_URL", undefined, serverUrl("imap"), "The IMAP server of the `default` server id: imaps://host[:993], imap://host:143?starttls, or imap://127.0.0.1:PORT (plaintext, loopback only)."),
  smtpUrl: option("SMTP_URL", undefined, serverUrl("smtp"), "The SMTP submission server of `default`: smtps://host[:465], smtp://host:587?starttls, or plaintext loopback."),
  serverLabel: option("SERVER_LABEL", undefined, anyText, "Label of the `default` server shown in the sign-in picker.", "the IMAP host"),
  configFile: option("TAGWIRE_CONFIG", undefined, anyText, "Path of a JSON file listing several servers (see below)."),
  caFile: option("TAGWIRE_CA_FILE", undefined, anyText, "PEM CA bundle used instead of Node's root CAs (Mozilla's list, plus NODE_EXTRA_CA_CERTS) to verify upstream certificates; a server's own caFile wins.", "(Node's root CAs)"),
  allowedOrigins: option("ALLOWED_ORIGINS", [], list(origin), "Comma-separated origins allowed to open WebSockets besides the gateway's own origin."),
  allowedHosts: option("ALLOWED_HOSTS", [], list(hostValue), "Comma-separated Host header values the gateway answers to (name or name:port). Required when HOST is 0.0.0.0 or ::.", "HOST, localhost, 127.0.0.1, [::1]"),
  trustProxy: option("TRUST_PROXY", [], list(proxyEntry), "Comma-separated proxy addresses or CIDRs (or `loopback`) whose X-Forwarded-For and X-Forwarded-Proto are believed."),
  demoLatencyMs: int("DEMO_LATENCY_MS", 0, 0, MINUTE, "Delay added to each direction, to make pipelining visible on localhost. When > 0, `latency=<ms>` per connection overrides it.", "0 (off)"),
  demoLatencyMaxMs: int("DEMO_LATENCY_MAX_MS", 2000, 0, MINUTE, "Cap for the per-connection `latency` parameter."),
  demoAccount: option("DEMO_ACCOUNT", undefined, demoAccount, "Public demo account of `default`, as username:password. `/api/servers` shows it to **everyone**: only for a demo mailbox. Never logged."),
  maxSessions: int("MAX_SESSIONS", 10_000, 1, 1_000_000, "Concurrent WebSocket sessions, all clients together."),
  maxSessionsPerIp: int("MAX_SESSIONS_PER_IP", 32, 1, 1_000_000, "Concurrent sessions per client IP (IPv6: per /64)."),
  newSessionsPerIpPerMinute: int("NEW_SESSIONS_PER_IP_PER_MINUTE", 30, 1, 1_000_000, "Sustained rate of new sessions per client IP (token bucket refill)."),
  newSessionsPerIpBurst: int("NEW_SESSIONS_PER_IP_BURST", 10, 1, 1_000_000, "Token bucket size: new sessions one IP may open at once."),
  maxPayload: int("MAX_PAYLOAD", 256 * KIB, KIB, 16 * KIB * KIB, "Largest WebSocket message accepted, in bytes (clients chunk their writes); larger → close 1009."),
  highWatermark: int("HIGH_WATERMARK", 1024 * KIB, 16 * KIB, 64 * KIB * KIB, "Bytes queued towards the browser at which the upstream socket is paused."),
  lowWatermark: int("LOW_WATERMARK", 256 * KIB, 0, 64 * KIB * KIB, "Bytes queued towards the browser below which the upstream socket resumes."),
  upstreamConnectTimeoutMs: int("UPSTREAM_CONNECT_TIMEOUT_MS", 10_000, 100, 10 * MINUTE, "Deadline for DNS, TCP, TLS and STARTTLS to the mail server."),
  heartbeatIntervalMs: int("HEARTBEAT_INTERVAL_MS", 30_000, 1000, 10 * MINUTE, "WebSocket ping interval; a peer that leaves a ping on an empty queue unanswered for one interval is terminated."),
  // IMAP servers may log out after 30 idle minutes (RFC 9051 §5.4): the gateway must not cut first.
  idleTimeoutMs: int("IDLE_TIMEOUT_MS", 35 * MINUTE, 30 * MINUTE + 1, 24 * 60 * MINUTE, "Close a session with no byte either way for this long (must exceed IMAP's 30-minute autologout)."),
  closeTimeoutMs: int("CLOSE_TIMEOUT_MS", 10_000, 100, 10 * MINUTE, "Bound on a closing handshake and on flushing an upstream that the browser left."),
  shutdownDrainMs: int("SHUTDOWN_DRAIN_MS", 5000, 0, 10 * MINUTE, "On SIGTERM/SIGINT: how long sessions may finish before they are closed with 1001."),
  headersTimeoutMs: int("HEADERS_TIMEOUT_MS", 10_000, 100, 10 * MINUTE, "Deadline for a client to send complete HTTP request headers (slowloris)."),
  requestTimeoutMs: int("REQUEST_TIMEOUT_MS", 30_000, 100, 10 * MINUTE, "Deadline for a whole HTTP request."),
  perMessageDeflate: onOff("WS_PER_MESSAGE_DEFLATE", "1 enables permessage-deflate (costs CPU and memory per session; mail is often compressed already)."),
  webRoot: option("WEB_ROOT", undefined, anyText, "Folder of the built web app; if the default is absent only the API is served.", "apps/web/dist"),
  tlsCertFile: option("TLS_CERT_FILE", undefined, anyText, "PEM certificate chain: the gateway serves HTTPS/WSS itself."),
  tlsKeyFile: option("TLS_KEY_FILE", undefined, anyText, "PEM private key for TLS_CERT_FILE."),
  allowInsecureHttp: onOff("ALLOW_INSECURE_HTTP", "1 allows plain HTTP on a non-loopback HOST (only behind a TLS-terminating proxy on a trusted network)."),
  allowInsecureUpstream: onOff("ALLOW_INSECURE_UPSTREAM", "1 allows plaintext imap:// and smtp:// to non-loopback hosts for every server."),
  denyPrivateUpstream: onOff("DENY_PRIVATE_UPSTREAM", "1 refuses upstream names that resolve to loopback/private/link-local addresses."),
  smtpEhloName: option("SMTP_EHLO_NAME", undefined, ehloName, "Name the gateway sends in EHLO before SMTP STARTTLS.", "the machine's host name"),
} as const;

/** The values `readEnv` produces, one per row. */
export type EnvValues = {
  -readonly [K in keyof typeof ENV_SCHEMA]: (typeof ENV_SCHEMA)[K] extends EnvOption<infer T> ? T : never;
};

/** One key of a server entry in the `TAGWIRE_CONFIG` file; every value is a JSON string. */
export interface ServerField<T> {
  readonly key: string;
  readonly required: boolean;
  /** What a valid value looks like, for messages. */
  readonly expected: string;
  readonly parse: Parser<T>;
  /** The README's sentence. */
  readonly doc: string;
}

const field = <T>(key: string, required: boolean, expected: string, parse: Parser<T>, doc: string) =>
  ({ key, required, expected, parse, doc }) satisfies ServerField<T>;

/** Every key a server entry may have. */
// biome-ignore format: a table, one row per key
export const SERVER_FIELDS = {
  id: field("id", true, '1-64 letters, digits, "-" or "_"', serverId, "What the browser names (`/ws/imap?server=<id>`): 1-64 letters, digits, `-`, `_`."),
  label: field("label", false, "a string of 1-100 characters", label, "Shown in the sign-in picker (1-100 characters); defaults to the id."),
  imap: field("imap", true, "a URL such as imaps://imap.example.org", serverUrl("imap"), "The IMAP server, in one of the URL forms above."),
  smtp: field("smtp", false, "a URL such as smtp://smtp.example.org:587?starttls", serverUrl("smtp"), "The SMTP submission server, in one of the URL forms above."),
  caFile: field("caFile", false, "a path to a PEM file", anyText, "PEM CA bundle (relative to the JSON file) that replaces the CA store for this server."),
} as const;
