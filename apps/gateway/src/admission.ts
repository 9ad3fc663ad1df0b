/**
 * Admission of WebSocket upgrades. Every check runs on the plain HTTP request, before any handshake or
 * upstream activity, and a refusal is an HTTP status: Host allowlist (G3) → exact path (G1) → Origin
 * allowlist (G4) → only known query parameters (G1) → configured server id (G1) → subprotocol (G8) →
 * limits (G5). The browser names a server id; nothing it sends becomes a host or port.
 *
 * The same rules answer the refusal probe, a plain GET of the upgrade's URL by which a browser (whose
 * WebSocket API hides the status of a refused upgrade) learns why: without side effects (no rate
 * token, no entry in the limits), without the subprotocol check (a fetch cannot offer one), and with
 * fetch's Origin rules (a same-origin GET carries no Origin; `Sec-Fetch-Site` tells instead).
 */
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type { ClientIdentity } from "./client-ip.js";
import type { GatewayConfig, ServerConfig } from "./config.js";
import type { SessionLimits } from "./limits.js";
import type { RefusalReason } from "./metrics.js";
import { formatHost, limitKey, normaliseOrigin, parseHostHeader } from "./net-util.js";
import type { Endpoint, Protocol } from "./server-url.js";

/** The WebSocket subprotocol every client must offer. */
export const SUBPROTOCOL = "tagwire.v1";

const PATHS: Record<string, Protocol> = { "/ws/imap": "imap", "/ws/smtp": "smtp" };

/** An upgrade that may proceed. */
export interface Admission {
  ok: true;
  server: ServerConfig;
  endpoint: Endpoint;
  /** Client address (after trusted `X-Forwarded-For`). */
  ip: string;
  /** Key the per-IP limits count under. */
  key: string;
  /** Demo latency for this session, 0 when off. */
  latencyMs: number;
}

/** An upgrade refused with an HTTP status before the handshake. */
export interface Refusal {
  ok: false;
  status: number;
  reason: RefusalReason;
  message: string;
  /** Seconds for `Retry-After` (limits and shutdown), else null. */
  retryAfterS: number | null;
}

/**
 * `Retry-After` of a refusal by a limit or by shutdown: long enough for a session to end or a bucket
 * to refill a token at the default rate (30 per minute), short enough for a reconnect to feel prompt.
 */
const RETRY_AFTER_S = 10;

const refuse = (status: number, reason: RefusalReason, message: string): Refusal => ({
  ok: false,
  status,
  reason,
  message,
  retryAfterS: status === 429 || status === 503 ? RETRY_AFTER_S : null,
});

/** A WebSocket upgrade, or a plain GET/HEAD probing what an upgrade would get. */
type Mode = "upgrade" | "probe";

/** Applies the admission rules of one gateway. */
export class Admitter {
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;
  private readonly servers: Map<string, ServerConfig>;

  constructor(
    private readonly config: GatewayConfig,
    private readonly identity: ClientIdentity,
    private readonly limits: SessionLimits,
  ) {
    this.hosts = new Set(config.allowedHosts);
    this.origins = new Set(config.allowedOrigins);
    this.servers = new Map(config.servers.map((s) => [s.id, s]));
  }

  /** True when the request's `Host` header is on the allowlist (G3). */
  hostAllowed(req: IncomingMessage): boolean {
    const parsed = parseHostHeader(req.headers.host ?? "");
    if (parsed === null) return false;
    return (
      this.hosts.has(formatHost(parsed.hostname, null)) ||
      (parsed.port !== null && this.hosts.has(formatHost(parsed.hostname, parsed.port)))
    );
  }

  /** Runs every rule on an upgrade; `shuttingDown` refuses with 503. Takes a rate token when admitted. */
  admit(req: IncomingMessage, shuttingDown: boolean): Admission | Refusal {
    return this.judge(req, shuttingDown, "upgrade");
  }

  /**
   * The refusal probe: what an upgrade of the same URL would get now, changing nothing.
   * @returns the refusal, or null when an upgrade would be admitted.
   */
  probe(req: IncomingMessage, shuttingDown: boolean): Refusal | null {
    const verdict = this.judge(req, shuttingDown, "probe");
    return verdict.ok ? null : verdict;
  }

  /** The request's `Origin` when it may open WebSockets here, else null (for a probe's CORS headers). */
  corsOrigin(req: IncomingMessage): string | null {
    const origin = req.headers.origin;
    return origin !== undefined && this.originAllowed(req, req.socket.remoteAddress ?? "") ? origin : null;
  }

  private judge(req: IncomingMessage, shuttingDown: boolean, mode: Mode): Admission | Refusal {
    if (!this.hostAllowed(req)) return refuse(421, "host", "Host not allowed");

    const url = req.url ?? "";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const protocol = PATHS[path];
    if (protocol === undefined) return refuse(404, "path", "Not found");
    if (mode === "upgrade" && req.method !== "GET") return refuse(405, "method", "Method not allowed");

    const peer = req.socket.remoteAddress ?? "";
    const originOk = mode === "upgrade" ? this.originAllowed(req, peer) : this.probeOriginAllowed(req, peer);
    if (!originOk) return refuse(403, "origin", "Origin not allowed");

    const params = parseQuery(q < 0 ? "" : url.slice(q + 1));
    if (params === null) return refuse(400, "params", "Malformed query");
    let serverId: string | undefined;
    let latencyMs = this.config.demoLatencyMs;
    let sawLatency = false;
    for (const [key, value] of params) {
      if (key === "server" && serverId === undefined) {
        serverId = value;
      } else if (key === "latency" && this.config.demoLatencyMs > 0 && !sawLatency) {
        if (!/^\d{1,7}$/.test(value)) return refuse(400, "params", "latency must be whole milliseconds");
        latencyMs = Math.min(Number(value), this.config.demoLatencyMaxMs);
        sawLatency = true;
      } else {
        return refuse(400, "params", "Unknown or repeated query parameter");
      }
    }
    if (serverId === undefined) return refuse(400, "params", "server parameter required");
    const server = this.servers.get(serverId);
    const endpoint = protocol === "imap" ? server?.imap : server?.smtp;
    if (server === undefined || endpoint === undefined) return refuse(404, "server", "Unknown server");

    if (mode === "upgrade" && !offersSubprotocol(req.headers["sec-websocket-protocol"])) {
      return refuse(400, "subprotocol", `Subprotocol ${SUBPROTOCOL} required`);
    }

    if (shuttingDown) return refuse(503, "shutting_down", "Shutting down");
    const ip = this.identity.clientIp(peer, req.headers["x-forwarded-for"]);
    const key = limitKey(ip);
    const limited = mode === "upgrade" ? this.limits.admit(key) : this.limits.peek(key);
    if (limited !== null)
      return refuse(limited === "global_cap" ? 503 : 429, limited, "Too many connections");

    return { ok: true, server, endpoint, ip, key, latencyMs };
  }

  /**
   * The Origin rule of a probe. A browser's same-origin GET carries no `Origin`: then
   * `Sec-Fetch-Site` decides (`cross-site` and `same-site` are refused; `same-origin`, `none` and its
   * absence pass, as for a non-browser client). A present `Origin` is checked as for an upgrade.
   */
  private probeOriginAllowed(req: IncomingMessage, peer: string): boolean {
    if (req.headers.origin !== undefined) return this.originAllowed(req, peer);
    const site = String(req.headers["sec-fetch-site"] ?? "")
      .trim()
      .toLowerCase();
    return site !== "cross-site" && site !== "same-site";
  }

  private originAllowed(req: IncomingMessage, peer: string): boolean {
    const origin = req.headers.origin;
    if (origin === undefined || origin === "null") return false;
    const normalised = normaliseOrigin(origin);
    if (normalised === null) return false;
    if (this.origins.has(normalised)) return true;
    const encrypted = (req.socket as TLSSocket).encrypted === true;
    const scheme = this.identity.scheme(peer, encrypted, req.headers["x-forwarded-proto"]);
    return normaliseOrigin(`${scheme}://${req.headers.host ?? ""}`) === normalised;
  }
}

/** `a=1&b=2` → pairs, percent-decoded; null when undecodable. An empty query gives no pairs. */
function parseQuery(query: string): [string, string][] | null {
  if (query === "") return [];
  const pairs: [string, string][] = [];
  for (const part of query.split("&")) {
    const eq = part.indexOf("=");
    try {
      const key = decodeURIComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, " "));
      const value = eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, " "));
      pairs.push([key, value]);
    } catch {
      return null;
    }
  }
  return pairs;
}

function offersSubprotocol(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(",").some((p) => p.trim() === SUBPROTOCOL);
}
