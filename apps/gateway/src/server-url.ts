import { type Flaw, fail, ok, type Parser } from "./config-parsers.js";
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

/** A parsed upstream URL: the endpoint, and whether the URL itself allows plaintext (`?insecure`). */
export interface ServerUrl {
  endpoint: Endpoint;
  insecure: boolean;
  /** `imap://host:port` as written, for messages. */
  shown: string;
}

const EXAMPLES: Record<Protocol, string> = {
  imap: "imaps://imap.example.org or imap://imap.example.org:143?starttls",
  smtp: "smtps://smtp.example.org or smtp://smtp.example.org:587?starttls",
};

/**
 * A parser of upstream URLs such as `imaps://imap.example.org`, `imap://imap.example.org:143?starttls`
 * or `imap://127.0.0.1:1143`, for one protocol. Whether plaintext is allowed is `plaintextFlaw`'s
 * question, since it depends on another option.
 */
export function serverUrl(protocol: Protocol): Parser<ServerUrl> {
  return (raw) => {
    const examples = EXAMPLES[protocol];
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      return fail("GW_ERR_CONFIG_FORMAT", `"${raw}" is not a URL; use e.g. ${examples}`);
    }
    const scheme = SCHEMES[url.protocol.slice(0, -1)];
    if (scheme === undefined || scheme.protocol !== protocol) {
      const allowed = protocol === "imap" ? "imaps:// or imap://" : "smtps:// or smtp://";
      return fail(
        "GW_ERR_CONFIG_FORMAT",
        `scheme "${url.protocol}" is not allowed here; use ${allowed} (e.g. ${examples})`,
      );
    }
    if (url.username !== "" || url.password !== "") {
      return fail("GW_ERR_CONFIG_FORMAT", "must not contain credentials; users sign in from the browser");
    }
    if (url.pathname !== "" && url.pathname !== "/") {
      return fail("GW_ERR_CONFIG_FORMAT", `unexpected path "${url.pathname}"`);
    }
    if (url.hash !== "") return fail("GW_ERR_CONFIG_FORMAT", `unexpected fragment "${url.hash}"`);
    const host = stripBrackets(url.hostname).toLowerCase();
    if (host === "") return fail("GW_ERR_CONFIG_MISSING", "a host is required");
    if (
      !isIpLiteral(host) &&
      !/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/.test(host)
    ) {
      return fail("GW_ERR_CONFIG_FORMAT", `"${host}" is not a valid host name`);
    }
    const port = url.port === "" ? scheme.port : Number(url.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      return fail("GW_ERR_CONFIG_RANGE", "port must be 1-65535");
    }

    let starttls = false;
    let insecure = false;
    for (const [key, value] of url.searchParams) {
      const on = value === "" || value === "1" || value === "true";
      if (!on)
        return fail("GW_ERR_CONFIG_FORMAT", `"?${key}=${value}": flags take no value (write "?${key}")`);
      if (key === "starttls") starttls = true;
      else if (key === "insecure") insecure = true;
      else {
        return fail(
          "GW_ERR_CONFIG_FORMAT",
          `unknown option "?${key}"; known options are ?starttls and ?insecure`,
        );
      }
    }
    if (scheme.tls && (starttls || insecure)) {
      return fail(
        "GW_ERR_CONFIG_CONFLICT",
        `${url.protocol}// is implicit TLS already; ?starttls and ?insecure apply only to ${protocol}://`,
      );
    }
    if (starttls && insecure) {
      return fail("GW_ERR_CONFIG_CONFLICT", "?starttls and ?insecure contradict each other; pick one");
    }
    const security: Security = scheme.tls ? "tls" : starttls ? "starttls" : "plain";
    return ok({
      endpoint: { protocol, host, port, security },
      insecure,
      shown: `${url.protocol}//${url.host}`,
    });
  };
}

/**
 * Why a plaintext URL is refused, or null when allowed: plaintext goes only to a loopback host, or
 * when the URL says `?insecure`, or when `allowInsecure` (`ALLOW_INSECURE_UPSTREAM=1`) is set.
 */
export function plaintextFlaw(url: ServerUrl, allowInsecure: boolean): Flaw | null {
  const { endpoint } = url;
  if (endpoint.security !== "plain" || url.insecure || allowInsecure || isLoopbackHost(endpoint.host)) {
    return null;
  }
  return {
    code: "GW_ERR_CONFIG_INSECURE",
    text:
      `${url.shown} would send passwords in clear to a non-loopback host. ` +
      `Use ${EXAMPLES[endpoint.protocol]}; or, if the network path is trusted, add ?insecure (or set ALLOW_INSECURE_UPSTREAM=1)`,
  };
}
