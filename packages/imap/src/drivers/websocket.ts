/**
 * The WebSocket driver: a `Transport` over a WebSocket to the gateway (`/ws/imap?server=<id>`),
 * binary frames carrying raw IMAP bytes both ways, subprotocol `tagwire.v1` (DESIGN.md, Gateway).
 * Runs in browsers and wherever a WHATWG-style `WebSocket` global exists (Node 22+, or Node 20
 * with `--experimental-websocket`); the type is declared structurally here, so the core needs no
 * DOM types.
 *
 * Writes are cut into frames of at most `MAX_FRAME_BYTES`, because the gateway accepts only small
 * frames (`maxPayload`). A WebSocket has no drain event, so while `bufferedAmount` is above the
 * low-water mark the driver polls it and fires `onDrain` once it has fallen.
 *
 * How a connection ends is data (`ImapTransportError`: `reason`, `closeCode`, `httpStatus`,
 * `retryAfterS`; the table is `connection-end.ts`). A close with 1000 (the mail server closed; every
 * byte it sent was delivered first) or 1005 is clean: `onClose(null)`, the session's state tells
 * whether that was expected. Every other code is an error, 1001 too: the gateway is going away and the
 * app must reconnect. A socket that closes before opening was refused or never reached; the refusal
 * probe (`refusal-probe.ts`) then tells which.
 */
import { globalTimers, type Timers } from "../client/timers.js";
import { TransportBase } from "../client/transport.js";
import { ImapLocalError } from "../errors.js";
import { CLEAN_CLOSE_CODES, type ConnectionEnd, endOfClose, reasonForCloseCode } from "./connection-end.js";
import { explainRefusal, fetchRefusalProbe, type RefusalProbe } from "./refusal-probe.js";
import { ImapTransportError } from "./transport-error.js";

/** The subprotocol the gateway speaks. */
export const WEBSOCKET_SUBPROTOCOL = "tagwire.v1";

/** Largest frame written: 64 KiB, under the gateway's small `maxPayload`. */
export const MAX_FRAME_BYTES = 64 * 1024;

/** How often `bufferedAmount` is polled while above the low-water mark. */
export const DRAIN_POLL_MS = 10;

/** `WebSocket.readyState` values. */
const CONNECTING = 0;
const OPEN = 1;

/** Close code for a text frame where only binary is spoken (RFC 6455 §7.4.1: unsupported data). */
const CLOSE_UNSUPPORTED_DATA = 1003;
const CLOSE_NORMAL = 1000;
/** What a browser reports for a connection that failed without a close frame (a refused upgrade). */
const CLOSE_ABNORMAL = 1006;

/** Handler types are bivariant so that the DOM's `WebSocket` (handlers taking `MessageEvent`) fits. */
type Handler<E> = { bivarianceHack(event: E): void }["bivarianceHack"];

/** The part of the WHATWG `WebSocket` the driver uses. */
export interface WebSocketLike {
  binaryType: string;
  readonly bufferedAmount: number;
  readonly readyState: number;
  /** The subprotocol the server selected. */
  readonly protocol: string;
  send(data: Uint8Array<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ readonly data: unknown }> | null;
  onclose: Handler<{ readonly code: number; readonly reason: string; readonly wasClean?: boolean }> | null;
  onerror: Handler<unknown> | null;
}

export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Timers for polling `bufferedAmount` and bounding the refusal probe; the core's `Timers`. */
export type DriverTimers = Timers;

export interface WebSocketTransportOptions {
  /** Frame size cap. Default `MAX_FRAME_BYTES`. */
  readonly maxFrameBytes?: number;
  /** `onDrain` fires once `bufferedAmount` is at or below this. Default 0. */
  readonly lowWaterMark?: number;
  /** Poll interval while draining, in ms. Default `DRAIN_POLL_MS`. */
  readonly pollMs?: number;
  /** Default `globalTimers()`. */
  readonly timers?: Timers;
}

export interface ConnectWebSocketOptions extends WebSocketTransportOptions {
  /** The WebSocket class. Default `globalThis.WebSocket`. */
  readonly WebSocket?: WebSocketConstructor;
  /** Subprotocol to require. Default `WEBSOCKET_SUBPROTOCOL`. */
  readonly protocol?: string;
  /**
   * Asked why, when the socket closes before opening. Default `fetchRefusalProbe()` (the global
   * `fetch`; none → skipped); null skips it.
   */
  readonly probe?: RefusalProbe | null;
  /** Bound on the probe, in ms. Default `PROBE_TIMEOUT_MS`. */
  readonly probeTimeoutMs?: number;
}

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/** A `Transport` over an open WebSocket. */
export class WebSocketTransport extends TransportBase {
  readonly socket: WebSocketLike;
  readonly #maxFrame: number;
  readonly #lowWater: number;
  readonly #pollMs: number;
  readonly #timers: Timers;
  #timer: unknown = null;
  #end: ConnectionEnd | null = null;

  constructor(socket: WebSocketLike, options: WebSocketTransportOptions = {}) {
    super();
    const maxFrame = options.maxFrameBytes ?? MAX_FRAME_BYTES;
    if (!(Number.isSafeInteger(maxFrame) && maxFrame > 0)) {
      throw new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", "maxFrameBytes must be a positive integer");
    }
    this.socket = socket;
    this.#maxFrame = maxFrame;
    this.#lowWater = options.lowWaterMark ?? 0;
    this.#pollMs = options.pollMs ?? DRAIN_POLL_MS;
    this.#timers = options.timers ?? globalTimers();
    socket.binaryType = "arraybuffer";
    socket.onmessage = (event) => {
      const bytes = toBytes(event.data);
      if (bytes === null) {
        // Text frames are not part of the protocol: the peer is not the gateway we expect.
        socket.close(CLOSE_UNSUPPORTED_DATA, "binary frames only");
        this.#finish(
          { reason: "textFrame", closeCode: null, httpStatus: null, retryAfterS: null },
          "only binary frames carry IMAP",
        );
        return;
      }
      this.emitData(bytes);
    };
    socket.onclose = (event) => {
      const detail = event.reason === "" ? `close ${event.code}` : `close ${event.code}: ${event.reason}`;
      this.#finish(endOfClose(event.code), detail);
    };
    socket.onerror = () => {
      // The close event follows with the code; nothing to add here.
    };
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  /** Why the connection ended, also after a clean close (`serverClosed`); null while it is open. */
  get connectionEnd(): ConnectionEnd | null {
    return this.#end;
  }

  /** Sends `bytes` in frames of at most `maxFrameBytes`. */
  write(bytes: Uint8Array): void {
    if (this.closed || this.socket.readyState !== OPEN) {
      throw new ImapLocalError("IMAP_ERR_CLOSED", "the WebSocket is not open");
    }
    // `send` takes views of ArrayBuffers only; anything else (a SharedArrayBuffer) is copied.
    const plain =
      bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
    for (let offset = 0; offset < plain.length; offset += this.#maxFrame) {
      this.socket.send(plain.subarray(offset, Math.min(plain.length, offset + this.#maxFrame)));
    }
    this.#watchDrain();
  }

  close(): void {
    this.#stopPolling();
    if (this.socket.readyState === CONNECTING || this.socket.readyState === OPEN)
      this.socket.close(CLOSE_NORMAL);
  }

  #watchDrain(): void {
    if (this.#timer !== null || this.socket.bufferedAmount <= this.#lowWater) return;
    const poll = (): void => {
      this.#timer = null;
      if (this.closed) return;
      if (this.socket.bufferedAmount > this.#lowWater) {
        this.#timer = this.#timers.setTimeout(poll, this.#pollMs);
        return;
      }
      this.emitDrain();
    };
    this.#timer = this.#timers.setTimeout(poll, this.#pollMs);
  }

  #stopPolling(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #finish(end: ConnectionEnd, detail: string): void {
    this.#stopPolling();
    if (this.closed) return;
    this.#end = end;
    const clean = end.closeCode !== null && CLEAN_CLOSE_CODES.has(end.closeCode);
    this.emitClose(clean ? null : new ImapTransportError(end, detail));
  }
}

/**
 * Opens a WebSocket to `url` and resolves with its transport once it is open and the server agreed
 * on the subprotocol. Rejects with an `ImapTransportError` when it cannot connect: after a close
 * before `open` (a refused upgrade looks like any failure to a browser) the refusal probe tells the
 * reason and `httpStatus` (`server` 404, `ipRate` 429 with `retryAfterS`, ...), else `unreachable`;
 * `subprotocolMismatch` when the server did not agree on the subprotocol. Rejects with
 * IMAP_ERR_NOT_SUPPORTED when there is no WebSocket class.
 */
export function connectWebSocket(
  url: string,
  options: ConnectWebSocketOptions = {},
): Promise<WebSocketTransport> {
  const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (Ctor === undefined) {
    return Promise.reject(
      new ImapLocalError("IMAP_ERR_NOT_SUPPORTED", "no WebSocket class here; pass one in options.WebSocket"),
    );
  }
  const protocol = options.protocol ?? WEBSOCKET_SUBPROTOCOL;
  const timers = options.timers ?? globalTimers();
  const probe = options.probe === undefined ? fetchRefusalProbe() : options.probe;
  return new Promise((resolve, reject) => {
    let socket: WebSocketLike;
    try {
      socket = new Ctor(url, protocol);
    } catch (error) {
      const wrapped = new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", `cannot open a WebSocket to ${url}`);
      wrapped.cause = error;
      reject(wrapped);
      return;
    }
    socket.binaryType = "arraybuffer";
    socket.onopen = () => {
      if (socket.protocol !== protocol) {
        socket.onclose = null;
        socket.close(CLOSE_NORMAL);
        const end: ConnectionEnd = {
          reason: "subprotocolMismatch",
          closeCode: null,
          httpStatus: null,
          retryAfterS: null,
        };
        reject(new ImapTransportError(end, `it chose "${socket.protocol}", not ${protocol}`));
        return;
      }
      resolve(new WebSocketTransport(socket, { ...options, timers }));
    };
    socket.onclose = (event) => {
      const detail = `WebSocket to ${url} closed before opening (${event.code})`;
      // A gateway code before `open` cannot come from a browser, but say what it means if it does.
      const known = event.code === CLOSE_ABNORMAL ? null : reasonForCloseCode(event.code);
      if (known !== null) {
        const end = { reason: known, closeCode: event.code, httpStatus: null, retryAfterS: null };
        reject(new ImapTransportError(end, detail));
        return;
      }
      const explained = explainRefusal(url, event.code, {
        probe,
        timers,
        ...(options.probeTimeoutMs === undefined ? {} : { timeoutMs: options.probeTimeoutMs }),
      });
      explained.then((end) => reject(new ImapTransportError(end, detail)));
    };
    socket.onerror = () => {
      // The close event follows and rejects.
    };
    // Anything before `open` is impossible; a message handler is installed by the transport.
    socket.onmessage = null;
  });
}
