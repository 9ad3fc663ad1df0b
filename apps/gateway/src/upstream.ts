/**
 * Connecting to a configured mail server.
 *
 * The configured host is resolved exactly once per connection and the socket connects to a resolved
 * address, so a name cannot be re-pointed between a check and the connect (DNS rebinding, G2); with
 * `denyPrivate`, names resolving to loopback/private addresses are refused. TLS is implicit or done by
 * STARTTLS here (G9, G10): certificates are verified against the server's CA bundle or Node's root
 * store, SNI carries the configured name (never an IP literal), and TLS < 1.2 is refused. One deadline
 * covers DNS, TCP, TLS and STARTTLS. Every socket gets its `error` listener before anything is awaited.
 */
import { lookup } from "node:dns/promises";
import { connect as netConnect, type Socket } from "node:net";
import { createSecureContext, type SecureContext, type TLSSocket, connect as tlsConnect } from "node:tls";
import type { ServerConfig } from "./config.js";
import { GatewayError } from "./errors.js";
import { isIpLiteral, isLoopbackHost, isPrivateAddress } from "./net-util.js";
import { AdaptiveReader } from "./read-buffer.js";
import type { Endpoint } from "./server-url.js";
import { imapStartTls, smtpStartTls } from "./starttls.js";

/** One address a name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Name resolution, injectable for tests. Called once per upstream connection for a host name. */
export type Resolver = (host: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver (`getaddrinfo`, so `/etc/hosts` applies), addresses in the system's order. */
export const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/** Most resolved addresses tried, in order, before giving up. */
const MAX_ADDRESSES = 4;

/** Settings for `connectUpstream`. */
export interface UpstreamOptions {
  resolver: Resolver;
  timeoutMs: number;
  denyPrivate: boolean;
  ehloName: string;
  /** From `createTlsContexts`; required for `tls` and `starttls` endpoints. */
  secureContext: SecureContext | undefined;
}

/** A ready upstream: TLS done, preamble consumed. */
export interface UpstreamConnection {
  socket: Socket;
  /** The greeting or banner the browser must receive first (STARTTLS only), else null. */
  greeting: Buffer | null;
  /** The address the TCP connection went to. */
  address: string;
  /**
   * The socket's `onread` reader (plaintext only; the socket is then paused until `readSocket` attaches
   * the relay), or null: read with `data` events.
   */
  reader: AdaptiveReader | null;
}

/** One TLS context per server (CA bundle parsed once), keyed by server id. */
export function createTlsContexts(servers: readonly ServerConfig[]): Map<string, SecureContext> {
  const contexts = new Map<string, SecureContext>();
  for (const server of servers) {
    contexts.set(
      server.id,
      createSecureContext({ minVersion: "TLSv1.2", ...(server.ca === undefined ? {} : { ca: server.ca }) }),
    );
  }
  return contexts;
}

const ignore = () => {};

/**
 * Connects to `endpoint` and performs TLS/STARTTLS.
 * @throws GatewayError with a stable code; the socket is destroyed on failure or abort.
 */
export async function connectUpstream(
  endpoint: Endpoint,
  options: UpstreamOptions,
  signal: AbortSignal,
): Promise<UpstreamConnection> {
  let socket: Socket | null = null;
  let reject: (err: GatewayError) => void = ignore;
  const cancelled = new Promise<never>((_, r) => {
    reject = r;
  });
  cancelled.catch(ignore);
  const fail = (err: GatewayError) => {
    reject(err);
    socket?.destroy();
  };
  const timer = setTimeout(
    () =>
      fail(
        new GatewayError(
          "GW_ERR_UPSTREAM_TIMEOUT",
          `no connection to ${endpoint.host}:${endpoint.port} within ${options.timeoutMs} ms`,
        ),
      ),
    options.timeoutMs,
  );
  const onAbort = () => fail(new GatewayError("GW_ERR_ABORTED", "aborted"));
  if (signal.aborted) onAbort();
  signal.addEventListener("abort", onAbort);
  const step = <T>(p: Promise<T>) => Promise.race([p, cancelled]);
  try {
    const addresses = await step(resolve(endpoint.host, options));
    let lastError: GatewayError | null = null;
    let raw: Socket | null = null;
    let reader: AdaptiveReader | null = null;
    for (const { address, family } of addresses) {
      // Plaintext sockets read into adaptive buffers (read-buffer.ts). TLS keeps `data` events: the TLS
      // layer is put on this socket (onread is ignored there), hands on at most one 16 KiB record per
      // read anyway, and STARTTLS reads its preamble with `data` events.
      reader = endpoint.security === "plain" ? new AdaptiveReader() : null;
      const attempt = netConnect({
        host: address,
        port: endpoint.port,
        family,
        noDelay: true,
        ...(reader === null ? {} : { onread: { buffer: reader.buffer, callback: reader.callback } }),
      });
      // Nothing is read until the relay attaches its sink (readSocket).
      if (reader !== null) attempt.pause();
      socket = attempt;
      attempt.on("error", ignore); // the attempt's promise below reports errors
      try {
        await step(connected(attempt, endpoint));
        raw = attempt;
        break;
      } catch (err) {
        attempt.destroy();
        if ((err as GatewayError).code !== "GW_ERR_UPSTREAM_UNREACHABLE") throw err;
        lastError = err as GatewayError;
      }
    }
    if (raw === null)
      throw lastError ?? new GatewayError("GW_ERR_UPSTREAM_DNS", `${endpoint.host}: no address`);
    raw.setKeepAlive(true, 60_000);
    const address = raw.remoteAddress ?? "";
    if (endpoint.security === "plain") return { socket: raw, greeting: null, address, reader };

    let greeting: Buffer | null = null;
    if (endpoint.security === "starttls") {
      greeting = await step(
        endpoint.protocol === "imap" ? imapStartTls(raw) : smtpStartTls(raw, options.ehloName),
      );
    }
    const secure = startTls(raw, endpoint, options.secureContext);
    socket = secure;
    await step(handshake(secure, endpoint));
    return { socket: secure, greeting, address, reader: null };
  } catch (err) {
    socket?.destroy();
    throw err instanceof GatewayError
      ? err
      : new GatewayError("GW_ERR_UPSTREAM_UNREACHABLE", `upstream failed: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}

async function resolve(host: string, options: UpstreamOptions): Promise<readonly ResolvedAddress[]> {
  if (isIpLiteral(host)) return [{ address: host, family: host.includes(":") ? 6 : 4 }];
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await options.resolver(host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new GatewayError("GW_ERR_UPSTREAM_DNS", `cannot resolve ${host} (${code})`);
  }
  if (options.denyPrivate && !isLoopbackHost(host)) {
    addresses = addresses.filter((a) => !isPrivateAddress(a.address));
    if (addresses.length === 0) {
      throw new GatewayError("GW_ERR_UPSTREAM_PRIVATE_ADDRESS", `${host} resolves to a private address`);
    }
  }
  if (addresses.length === 0) throw new GatewayError("GW_ERR_UPSTREAM_DNS", `${host}: no address`);
  return addresses.slice(0, MAX_ADDRESSES);
}

function connected(socket: Socket, endpoint: Endpoint): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => {
      socket.off("error", onError);
      resolve();
    });
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        new GatewayError(
          "GW_ERR_UPSTREAM_UNREACHABLE",
          `cannot connect to ${endpoint.host}:${endpoint.port} (${err.code ?? "error"})`,
        ),
      );
    };
    socket.once("error", onError);
  });
}

function startTls(raw: Socket, endpoint: Endpoint, secureContext: SecureContext | undefined): TLSSocket {
  const secure = tlsConnect({
    socket: raw,
    host: endpoint.host,
    ...(isIpLiteral(endpoint.host) ? {} : { servername: endpoint.host }),
    ...(secureContext === undefined ? { minVersion: "TLSv1.2" as const } : { secureContext }),
    rejectUnauthorized: true,
  });
  secure.on("error", ignore); // the handshake promise reports errors; the relay adds its own listener
  return secure;
}

function handshake(secure: TLSSocket, endpoint: Endpoint): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      secure.off("secureConnect", onSecure);
      secure.off("close", onClose);
      reject(
        new GatewayError("GW_ERR_UPSTREAM_TLS", `TLS to ${endpoint.host} failed: ${err.code ?? err.message}`),
      );
    };
    const onClose = () =>
      onError(Object.assign(new Error("closed during TLS handshake"), { code: "ECONNRESET" }));
    const onSecure = () => {
      secure.off("error", onError);
      secure.off("close", onClose);
      resolve();
    };
    secure.once("secureConnect", onSecure);
    secure.once("error", onError);
    secure.once("close", onClose);
  });
}
