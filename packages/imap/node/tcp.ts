/**
 * The Node TCP/TLS driver: a `Transport` over `node:net` or `node:tls` (implicit TLS, port 993).
 * STARTTLS is not offered here: the project connects with implicit TLS, or lets the gateway do
 * STARTTLS (DESIGN.md). Write backpressure follows the socket: `bufferedAmount` is its
 * `writableLength`, and `onDrain` fires on its `'drain'` event.
 */
import { connect as netConnect, type Socket } from "node:net";
import { type TLSSocket, connect as tlsConnect } from "node:tls";
import { TransportBase } from "../src/client/transport.js";
import { ImapLocalError, ImapRemoteError } from "../src/errors.js";

/** Default time allowed for the TCP connect and TLS handshake. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

/** How long `close()` waits for the server to close after our FIN before destroying the socket. */
export const CLOSE_GRACE_MS = 2_000;

export interface TlsOptions {
  /** PEM of the CA(s) to trust instead of the system store (e.g. a self-signed test server's). */
  readonly ca?: string | readonly string[];
  /** SNI and certificate name; defaults to `host` when it is a name, none for an IP address. */
  readonly servername?: string;
  /** Default true. False accepts any certificate: only for debugging. */
  readonly rejectUnauthorized?: boolean;
}

export interface TcpOptions {
  readonly host: string;
  readonly port: number;
  /** Implicit TLS when present. */
  readonly tls?: TlsOptions;
  readonly connectTimeoutMs?: number;
}

/** A `Transport` over a connected socket. */
export class TcpTransport extends TransportBase {
  readonly socket: Socket;
  #error: Error | null = null;

  constructor(socket: Socket) {
    super();
    this.socket = socket;
    socket.on("data", (chunk: Buffer) =>
      this.emitData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
    );
    socket.on("drain", () => this.emitDrain());
    socket.on("error", (error) => {
      this.#error ??= error;
    });
    socket.on("close", () => this.emitClose(this.#error === null ? null : transportError(this.#error)));
  }

  get bufferedAmount(): number {
    return this.socket.writableLength;
  }

  write(bytes: Uint8Array): void {
    if (this.closed || this.socket.destroyed || !this.socket.writable) {
      throw new ImapLocalError("IMAP_ERR_CLOSED", "the socket is closed");
    }
    this.socket.write(bytes);
  }

  /** Half-closes; the socket is destroyed if the server does not close within `CLOSE_GRACE_MS`. */
  close(): void {
    if (this.socket.destroyed) return;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }
}

function transportError(
  error: Error,
  code: "IMAP_ERR_TRANSPORT" | "IMAP_ERR_TLS" = "IMAP_ERR_TRANSPORT",
): ImapRemoteError {
  const wrapped = new ImapRemoteError(code, error.message);
  wrapped.cause = error;
  return wrapped;
}

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":");
}

/**
 * Connects to `host:port` (implicit TLS with `tls`) and resolves once the connection (and TLS
 * handshake, with the certificate verified) is up. Rejects with IMAP_ERR_TLS when the handshake or
 * the certificate check fails, IMAP_ERR_TIMEOUT after `connectTimeoutMs`, IMAP_ERR_TRANSPORT
 * otherwise (refused, unreachable).
 */
export function connectTcp(options: TcpOptions): Promise<TcpTransport> {
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let tcpUp = false;
    let socket: Socket | TLSSocket;
    const tls = options.tls;
    if (tls === undefined) {
      socket = netConnect({ host: options.host, port: options.port });
      socket.once("connect", () => done(null));
    } else {
      const servername = tls.servername ?? (isIpAddress(options.host) ? undefined : options.host);
      socket = tlsConnect({
        host: options.host,
        port: options.port,
        minVersion: "TLSv1.2",
        rejectUnauthorized: tls.rejectUnauthorized ?? true,
        ...(servername === undefined ? {} : { servername }),
        ...(tls.ca === undefined ? {} : { ca: typeof tls.ca === "string" ? tls.ca : [...tls.ca] }),
      });
      socket.once("connect", () => {
        tcpUp = true;
      });
      socket.once("secureConnect", () => done(null));
    }
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      done(
        new ImapRemoteError(
          "IMAP_ERR_TIMEOUT",
          `no connection to ${options.host}:${options.port} within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    const onError = (error: Error): void => {
      done(transportError(error, tls !== undefined && tcpUp ? "IMAP_ERR_TLS" : "IMAP_ERR_TRANSPORT"));
    };
    socket.once("error", onError);
    function done(error: ImapRemoteError | null): void {
      clearTimeout(timer);
      socket.off("error", onError);
      if (error !== null) {
        socket.destroy();
        reject(error);
        return;
      }
      resolve(new TcpTransport(socket));
    }
  });
}
