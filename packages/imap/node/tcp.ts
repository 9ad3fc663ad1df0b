/**
 * The Node TCP/TLS driver: a `Transport` over `node:net` or `node:tls` — implicit TLS (port 993),
 * or plain TCP that `startTls` upgrades in place after STARTTLS's OK (port 143; the browser's TLS
 * ends at the gateway instead, DESIGN.md). Certificates are always verified unless told otherwise.
 * Write backpressure follows the socket: `bufferedAmount` is its `writableLength`, and `onDrain`
 * fires on its `'drain'` event.
 */
import { connect as netConnect, type Socket } from "node:net";
import { TLSSocket, connect as tlsConnect } from "node:tls";
import { ImapLocalError, ImapRemoteError, TransportBase } from "../src/index.js";

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
  /** Plain TCP that `startTls` may upgrade, with these settings (certificate verified by default). */
  readonly starttls?: TlsOptions;
  readonly connectTimeoutMs?: number;
}

/** A `Transport` over a connected socket. */
export class TcpTransport extends TransportBase {
  #socket: Socket;
  #error: Error | null = null;
  readonly #host: string;
  readonly #starttls: TlsOptions | null;
  readonly #timeoutMs: number;

  constructor(socket: Socket, options: Partial<TcpOptions> = {}) {
    super();
    this.#socket = socket;
    this.#host = options.host ?? "";
    this.#starttls = options.starttls ?? null;
    this.#timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    socket.on("error", (error) => {
      this.#error ??= error;
    });
    socket.on("close", () => this.emitClose(this.#error === null ? null : transportError(this.#error)));
    this.#listen(socket);
  }

  /** The socket in use (a `TLSSocket` after `startTls`). */
  get socket(): Socket {
    return this.#socket;
  }

  get bufferedAmount(): number {
    return this.#socket.writableLength;
  }

  write(bytes: Uint8Array): void {
    if (this.closed || this.#socket.destroyed || !this.#socket.writable) {
      throw new ImapLocalError("IMAP_ERR_CLOSED", "the socket is closed");
    }
    this.#socket.write(bytes);
  }

  /** Half-closes; the socket is destroyed if the server does not close within `CLOSE_GRACE_MS`. */
  close(): void {
    const socket = this.#socket;
    if (socket.destroyed) return;
    socket.end();
    setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  /**
   * Upgrades the plain connection to TLS after STARTTLS's OK (RFC 3501 §6.2.1), verifying the
   * certificate against the `starttls` settings. Plaintext stops being read at once. Rejects with
   * IMAP_ERR_NOT_SUPPORTED when the transport was not opened with `starttls`, IMAP_ERR_TLS when the
   * handshake or the certificate check fails, IMAP_ERR_TIMEOUT when it takes too long.
   */
  startTls(): Promise<void> {
    const settings = this.#starttls;
    if (settings === null || this.#socket instanceof TLSSocket) {
      return Promise.reject(
        new ImapLocalError("IMAP_ERR_NOT_SUPPORTED", "this connection was not opened for STARTTLS"),
      );
    }
    const plain = this.#socket;
    plain.removeAllListeners("data");
    plain.removeAllListeners("drain");
    plain.pause();
    const secure = tlsConnect({ socket: plain, ...tlsSettings(this.#host, settings) });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new ImapRemoteError("IMAP_ERR_TIMEOUT", `no TLS handshake within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
      const onError = (error: Error): void => fail(transportError(error, "IMAP_ERR_TLS"));
      const fail = (error: ImapRemoteError): void => {
        clearTimeout(timer);
        this.#error ??= error;
        secure.destroy();
        reject(error);
      };
      secure.once("error", onError);
      secure.once("secureConnect", () => {
        clearTimeout(timer);
        secure.off("error", onError);
        secure.on("error", (error) => {
          this.#error ??= error;
        });
        this.#socket = secure;
        this.#listen(secure);
        resolve();
      });
    });
  }

  #listen(socket: Socket): void {
    socket.on("data", (chunk: Buffer) =>
      this.emitData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
    );
    socket.on("drain", () => this.emitDrain());
  }
}

/** `tls.connect` settings: TLS 1.2 or later, verified, SNI for names only. */
function tlsSettings(host: string, tls: TlsOptions) {
  const servername = tls.servername ?? (isIpAddress(host) ? undefined : host);
  return {
    minVersion: "TLSv1.2" as const,
    rejectUnauthorized: tls.rejectUnauthorized ?? true,
    ...(servername === undefined ? {} : { servername }),
    ...(tls.ca === undefined ? {} : { ca: typeof tls.ca === "string" ? tls.ca : [...tls.ca] }),
  };
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
  if (options.tls !== undefined && options.starttls !== undefined) {
    return Promise.reject(
      new ImapLocalError(
        "IMAP_ERR_INVALID_ARGUMENT",
        "choose implicit TLS (tls) or STARTTLS (starttls), not both",
      ),
    );
  }
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let tcpUp = false;
    let socket: Socket | TLSSocket;
    const tls = options.tls;
    if (tls === undefined) {
      socket = netConnect({ host: options.host, port: options.port });
      socket.once("connect", () => done(null));
    } else {
      socket = tlsConnect({ host: options.host, port: options.port, ...tlsSettings(options.host, tls) });
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
      resolve(new TcpTransport(socket, options));
    }
  });
}
