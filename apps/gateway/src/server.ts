/**
 * The gateway: one HTTP(S) server for the API, the web app and WebSocket upgrades.
 *
 * Upgrades pass `Admitter` (Host, path, Origin, parameters, server id, subprotocol, limits) and are
 * refused with a plain HTTP status before any handshake or upstream activity. Accepted ones become a
 * relay `Session`. A plain GET of a `/ws/` URL is the refusal probe: the same rules, no side effect,
 * the reason in a header. A single interval drives the heartbeat and idle checks of every session (no
 * timer per session or per message) and forgets idle rate-limit entries. `close()` stops accepting,
 * lets sessions drain, then closes them with 1001 and finally terminates what is left.
 */
import { createServer as httpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as httpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { type Admission, Admitter, SUBPROTOCOL } from "./admission.js";
import { ClientIdentity } from "./client-ip.js";
import type { GatewayConfig } from "./config.js";
import { send } from "./http-reply.js";
import { SessionLimits } from "./limits.js";
import { createJsonLogger, type Logger } from "./log.js";
import { Metrics } from "./metrics.js";
import { answerProbe, refuseUpgrade } from "./refusal-replies.js";
import { Session, type SessionContext } from "./relay.js";
import { StaticFiles } from "./static-files.js";
import { connectUpstream, createTlsContexts, type Resolver, systemResolver } from "./upstream.js";

/** Replaceable collaborators (tests inject a logger, a resolver, a clock). */
export interface GatewayDeps {
  logger?: Logger;
  resolver?: Resolver;
  now?: () => number;
}

/** A running (or ready to run) gateway. */
export interface Gateway {
  readonly server: ReturnType<typeof httpServer> | ReturnType<typeof httpsServer>;
  readonly metrics: Metrics;
  /** Sessions currently open. */
  readonly sessionCount: number;
  /** Starts listening on `config.host:config.port`; resolves with the bound address. */
  listen(): Promise<AddressInfo>;
  /**
   * Graceful shutdown: stop accepting; wait up to `drainMs` for sessions to end; close the rest with
   * 1001; after `closeTimeoutMs` terminate what remains. Resolves when the server is closed.
   */
  close(options?: { drainMs?: number }): Promise<void>;
}

/** Creates a gateway for a validated configuration. Nothing listens until `listen()`. */
export function createGateway(config: GatewayConfig, deps: GatewayDeps = {}): Gateway {
  const logger = deps.logger ?? createJsonLogger();
  const now = deps.now ?? Date.now;
  const resolver = deps.resolver ?? systemResolver;
  const metrics = new Metrics();
  const limits = new SessionLimits(config, now);
  const identity = new ClientIdentity(config.trustProxy);
  const admitter = new Admitter(config, identity, limits);
  const staticFiles = config.webRoot === null ? null : new StaticFiles(config.webRoot);
  const tlsContexts = createTlsContexts(config.servers);
  const sessions = new Set<Session>();
  let closing = false;
  let drained: (() => void) | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let closed: Promise<void> | null = null;

  const demoLatency =
    config.demoLatencyMs > 0
      ? { defaultMs: config.demoLatencyMs, maxMs: config.demoLatencyMaxMs }
      : undefined;
  const serverList = JSON.stringify(
    config.servers.map((s) => ({
      id: s.id,
      label: s.label,
      imap: { host: s.imap.host, port: s.imap.port, security: s.imap.security },
      ...(s.smtp === undefined
        ? {}
        : { smtp: { host: s.smtp.host, port: s.smtp.port, security: s.smtp.security } }),
      ...(demoLatency === undefined ? {} : { demoLatency }),
      ...(s.id !== "default" || config.demoAccount === null
        ? {}
        : { demoAccount: { username: config.demoAccount.username, password: config.demoAccount.password } }),
    })),
  );

  const httpOptions = {
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: 5000,
    connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(config.headersTimeoutMs / 4))),
    maxHeaderSize: 16 * 1024,
  };
  const server =
    config.tls === null
      ? httpServer(httpOptions)
      : httpsServer({ ...httpOptions, cert: config.tls.cert, key: config.tls.key, minVersion: "TLSv1.2" });

  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: config.maxPayload,
    perMessageDeflate: config.perMessageDeflate,
    handleProtocols: () => SUBPROTOCOL,
    closeTimeout: config.closeTimeoutMs,
  } as ConstructorParameters<typeof WebSocketServer>[0]);

  const ctx: SessionContext = {
    highWatermark: config.highWatermark,
    lowWatermark: config.lowWatermark,
    idleTimeoutMs: config.idleTimeoutMs,
    closeTimeoutMs: config.closeTimeoutMs,
    metrics,
    logger,
    ended(session) {
      sessions.delete(session);
      limits.release(session.admission.key);
      metrics.sessionsActive--;
      if (drained !== null && sessions.size === 0) drained();
    },
  };

  function startSession(ws: WebSocket, admission: Admission): void {
    limits.acquire(admission.key);
    metrics.sessionsActive++;
    metrics.sessionsTotal[admission.endpoint.protocol]++;
    const upstreamOptions = {
      resolver,
      timeoutMs: config.upstreamConnectTimeoutMs,
      denyPrivate: config.denyPrivateUpstream,
      ehloName: config.smtpEhloName,
      secureContext: tlsContexts.get(admission.server.id),
    };
    const session = new Session(ws, admission, ctx, (signal) =>
      connectUpstream(admission.endpoint, upstreamOptions, signal),
    );
    sessions.add(session);
  }

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    const verdict = admitter.admit(req, closing);
    if (!verdict.ok) {
      metrics.refused(verdict.reason);
      refuseUpgrade(socket, verdict);
      return;
    }
    let accepted = false;
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted = true;
      startSession(ws, verdict);
    });
    if (!accepted) {
      // ws answered a malformed handshake (bad key, version or method) itself.
      metrics.refused("handshake");
    }
  });

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, "Internal error\n");
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    if (path === "/healthz") {
      send(res, closing ? 503 : 200, closing ? "shutting down\n" : "ok\n");
      return;
    }
    if (path.startsWith("/ws/") && (req.method === "GET" || req.method === "HEAD")) {
      // The refusal probe: never relays, takes no token, counts no session and no refusal.
      answerProbe(res, admitter.probe(req, closing), admitter.corsOrigin(req));
      return;
    }
    if (!admitter.hostAllowed(req)) {
      send(res, 421, "Host not allowed\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, "Method not allowed\n", { Allow: "GET, HEAD" });
      return;
    }
    switch (path) {
      case "/metrics":
        send(res, 200, metrics.render(), { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" });
        return;
      case "/api/servers":
        send(res, 200, serverList, { "Content-Type": "application/json; charset=utf-8" });
        return;
    }
    if (path.startsWith("/api/") || staticFiles === null || !(await staticFiles.serve(req, res, path))) {
      send(res, 404, "Not found\n");
    }
  }

  function tick(): void {
    const t = now();
    for (const session of sessions) session.tick(t);
    limits.sweep();
  }

  async function shutdown(drainMs: number): Promise<void> {
    closing = true;
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await waitForSessions(drainMs);
    for (const session of sessions) session.shutdown();
    await waitForSessions(config.closeTimeoutMs);
    for (const session of sessions) session.terminate();
    await waitForSessions(1000);
    server.closeAllConnections();
    if (heartbeat !== null) clearInterval(heartbeat);
    heartbeat = null;
    await serverClosed;
  }

  function waitForSessions(ms: number): Promise<void> {
    if (sessions.size === 0 || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        drained = null;
        resolve();
      }
      drained = done;
    });
  }

  return {
    server,
    metrics,
    get sessionCount() {
      return sessions.size;
    },
    listen() {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => {
          server.off("error", reject);
          server.on("error", (err) =>
            logger.error("server error", { code: (err as NodeJS.ErrnoException).code ?? "" }),
          );
          heartbeat = setInterval(tick, config.heartbeatIntervalMs);
          heartbeat.unref();
          resolve(server.address() as AddressInfo);
        });
      });
    },
    close(options = {}) {
      closed ??= shutdown(options.drainMs ?? config.shutdownDrainMs);
      return closed;
    },
  };
}
