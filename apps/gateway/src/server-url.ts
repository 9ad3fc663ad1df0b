import { isIpLiteral, isLoopbackHost, stripBrackets } from "./net-util.js";

/** How the gateway protects its connection to a mail server. */
export type Security = "tls" | "starttls" | "plain";

/** Which protocol a WebSocket carries; also the path segment `/ws/<kind>`. */
export type Protocol = "imap" | "smtp";

/** One upstream endpoint, as configured by the operator. */
export interface Endpoint {
  protocol: Protocol;
  /** Host name or IP literal (no brackets), lower-case. */
  host: string;
  port: number;
  security: Security;
}

const SCHEMES: Record<string, { protocol: Protocol; tls: boolean; port: number }> = {
  imaps: { protocol: "imap", tls: true, port: 993 },
  imap: { protocol: "imap", tls: false, port: 143 },
  smtps: { protocol: "smtp", tls: true, port: 465 },
  smtp: { protocol: "smtp", tls: false, port: 587 },
};

/** Result of parsing: an endpoint or a message saying what to fix. */
export type ParsedUrl = { ok: true; endpoint: Endpoint } | { ok: false; problem: string };

/**
 * Parses an upstream URL such as `imaps://imap.example.org`, `imap://imap.example.org:143?starttls` or
 * `imap://127.0.0.1:1143`. A plaintext URL is accepted only for a loopback host, or when marked
 * `?insecure`, or when `allowInsecure` (the global flag) is set.
 *
 * @param name the setting's name, used in messages (`IMAP_URL`, `servers[1].smtp`).
 * @param protocol which protocol the setting is for.
 */
export function parseServerUrl(
  name: string,
  raw: string,
  protocol: Protocol,
  allowInsecure: boolean,
): ParsedUrl {
  const fail = (problem: string): ParsedUrl => ({ ok: false, problem: `${name}: ${problem}` });
  const examples =
    protocol === "imap"
      ? "imaps://imap.example.org or imap://imap.example.org:143?starttls"
      : "smtps://smtp.example.org or smtp://smtp.example.org:587?starttls";
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail(`"${raw}" is not a URL; use e.g. ${examples}`);
  }
  const scheme = SCHEMES[url.protocol.slice(0, -1)];
  if (scheme === undefined || scheme.protocol !== protocol) {
    const allowed = protocol === "imap" ? "imaps:// or imap://" : "smtps:// or smtp://";
    return fail(`scheme "${url.protocol}" is not allowed here; use ${allowed} (e.g. ${examples})`);
  }
  if (url.username !== "" || url.password !== "") {
    return fail("must not contain credentials; users sign in from the browser");
  }
  if (url.pathname !== "" && url.pathname !== "/") return fail(`unexpected path "${url.pathname}"`);
  if (url.hash !== "") return fail(`unexpected fragment "${url.hash}"`);
  const host = stripBrackets(url.hostname).toLowerCase();
  if (host === "") return fail("a host is required");
  if (
    !isIpLiteral(host) &&
    !/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/.test(host)
  ) {
    return fail(`"${host}" is not a valid host name`);
  }
  const port = url.port === "" ? scheme.port : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return fail(`port must be 1-65535`);

  let starttls = false;
  let insecure = false;
  for (const [key, value] of url.searchParams) {
    const on = value === "" || value === "1" || value === "true";
    if (!on) return fail(`"?${key}=${value}": flags take no value (write "?${key}")`);
    if (key === "starttls") starttls = true;
    else if (key === "insecure") insecure = true;
    else return fail(`unknown option "?${key}"; known options are ?starttls and ?insecure`);
  }
  if (scheme.tls && (starttls || insecure)) {
    return fail(
      `${url.protocol}// is implicit TLS already; ?starttls and ?insecure apply only to ${protocol}://`,
    );
  }
  if (starttls && insecure) return fail("?starttls and ?insecure contradict each other; pick one");

  const security: Security = scheme.tls ? "tls" : starttls ? "starttls" : "plain";
  if (security === "plain" && !insecure && !allowInsecure && !isLoopbackHost(host)) {
    return fail(
      `${url.protocol}//${url.host} would send passwords in clear to a non-loopback host. ` +
        `Use ${examples}; or, if the network path is trusted, add ?insecure (or set ALLOW_INSECURE_UPSTREAM=1)`,
    );
  }
  return { ok: true, endpoint: { protocol, host, port, security } };
}
