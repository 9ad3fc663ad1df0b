/**
 * One client connection, whatever carries it: a WebSocket (our gateway, websockify) or a TCP socket
 * (socat, direct). Every measurement is written once against this interface, so all contenders run
 * the same client code and differ only in the transport. WebSockets are spoken by the lean client of
 * raw-ws.ts by default, or by the `ws` package (`WebSocketChannel` here) for comparison.
 */
import { connect, type Socket } from "node:net";
import WebSocket from "ws";
import { patternAt } from "./pattern.js";

/** Bytes queued in the client above which a sender waits (`send` returns false). */
export const HIGH_WATERMARK = 1024 * 1024;
/** Bytes queued below which a waiting sender resumes. */
export const LOW_WATERMARK = 256 * 1024;
/** Time a WebSocket upgrade may take. */
export const HANDSHAKE_TIMEOUT_MS = 15_000;

/** How a connection ended. */
export interface Closed {
  /** WebSocket close code (1006 when the connection dropped), or 0 for TCP. */
  code: number;
  reason: string;
}

/** A bidirectional byte channel with backpressure. */
export interface Channel {
  /**
   * Called with every received chunk: a TCP read, a WebSocket message (`ws`), or the part of a
   * message's payload that one TCP read held (raw-ws.ts). Only the byte stream is meaningful.
   */
  onData: ((data: Buffer) => void) | null;
  /** Queues `data` as one message; false when the caller should `await writable()` before sending more. */
  send(data: Buffer): boolean;
  /** Like `send(patternAt(offset, length))`, which it equals on the wire bar the masking key. */
  sendPattern(offset: number, length: number): boolean;
  /** Resolves once the send queue has drained below the low watermark (or the channel closed). */
  writable(): Promise<void>;
  /** Stops reading from the kernel (the peer's sends then back up). */
  pause(): void;
  resume(): void;
  /** True while open in both directions. */
  readonly isOpen: boolean;
  /** Closes gracefully (close handshake or FIN). */
  close(): void;
  /** Drops the connection at once. */
  destroy(): void;
  readonly closed: Promise<Closed>;
}

/** Options of a WebSocket dial. */
export interface WebSocketDial {
  url: string;
  protocols: string[];
  /** `Origin` header; omitted when undefined. */
  origin?: string;
}

const SEND_OPTIONS = { binary: true } as const;

class WebSocketChannel implements Channel {
  onData: ((data: Buffer) => void) | null = null;
  readonly closed: Promise<Closed>;
  private waiters: (() => void)[] = [];
  private readonly onSent: () => void;

  constructor(private readonly ws: WebSocket) {
    this.onSent = () => {
      if (this.waiters.length > 0 && this.ws.bufferedAmount <= LOW_WATERMARK) this.wake();
    };
    ws.on("message", (data: Buffer) => this.onData?.(data));
    this.closed = new Promise((resolve) => {
      ws.on("close", (code: number, reason: Buffer) => {
        this.wake();
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(data: Buffer): boolean {
    this.ws.send(data, SEND_OPTIONS, this.onSent);
    return this.ws.bufferedAmount < HIGH_WATERMARK;
  }

  sendPattern(offset: number, length: number): boolean {
    return this.send(patternAt(offset, length));
  }

  writable(): Promise<void> {
    if (this.ws.bufferedAmount <= LOW_WATERMARK || !this.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  close(): void {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.resume();
    this.ws.close(1000);
  }

  destroy(): void {
    this.ws.terminate();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * Watermarks on a socket's own write queue, for the raw clients (TCP, raw-ws.ts): a writer may queue
 * up to HIGH_WATERMARK bytes in user space and, once over, waits until the queue is below
 * LOW_WATERMARK: the rule `WebSocketChannel` applies to `bufferedAmount`.
 */
export class WriteGate {
  private waiters: (() => void)[] = [];
  private readonly onWritten: () => void;

  constructor(private readonly socket: Socket) {
    this.onWritten = () => {
      if (this.waiters.length > 0 && this.socket.writableLength <= LOW_WATERMARK) this.wake();
    };
    socket.on("close", () => this.wake());
  }

  /** Writes `data`; false when the queue is at or over the high watermark. */
  write(data: Uint8Array): boolean {
    this.socket.write(data, this.onWritten);
    return this.hasRoom;
  }

  /** True while the queue is below the high watermark. */
  get hasRoom(): boolean {
    return this.socket.writableLength < HIGH_WATERMARK;
  }

  /** Resolves once the queue is at or below the low watermark, or the socket closed. */
  writable(): Promise<void> {
    if (this.socket.writableLength <= LOW_WATERMARK || this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

class TcpChannel implements Channel {
  onData: ((data: Buffer) => void) | null = null;
  readonly closed: Promise<Closed>;
  private readonly gate: WriteGate;

  constructor(private readonly socket: Socket) {
    this.gate = new WriteGate(socket);
    socket.on("data", (data: Buffer) => this.onData?.(data));
    this.closed = new Promise((resolve) => socket.on("close", () => resolve({ code: 0, reason: "" })));
  }

  get isOpen(): boolean {
    return !this.socket.destroyed && this.socket.readyState === "open";
  }

  send(data: Buffer): boolean {
    return this.gate.write(data);
  }

  sendPattern(offset: number, length: number): boolean {
    return this.gate.write(patternAt(offset, length));
  }

  writable(): Promise<void> {
    return this.gate.writable();
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  close(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Opens a WebSocket; rejects with the HTTP status when the upgrade is refused. */
export function dialWebSocket(dial: WebSocketDial): Promise<Channel> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(dial.url, dial.protocols, {
      perMessageDeflate: false,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      ...(dial.origin === undefined ? {} : { origin: dial.origin }),
    });
    const fail = (err: Error) => reject(err);
    ws.once("error", fail);
    ws.once("unexpected-response", (_req, res) => {
      ws.off("error", fail);
      ws.on("error", () => {});
      reject(new Error(`upgrade refused: HTTP ${res.statusCode}`));
      res.resume();
      ws.terminate();
    });
    ws.once("open", () => {
      ws.off("error", fail);
      ws.on("error", () => {});
      resolve(new WebSocketChannel(ws));
    });
  });
}

/** Opens a TCP connection to 127.0.0.1:`port` with Nagle off. */
export function dialTcp(port: number): Promise<Channel> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, noDelay: true });
    socket.once("error", reject);
    socket.once("connect", () => {
      socket.off("error", reject);
      socket.on("error", () => {});
      resolve(new TcpChannel(socket));
    });
  });
}

/** Resolves with what the channel received once at least `length` bytes have arrived. */
export function receiveExactly(channel: Channel, length: number, timeoutMs = 15_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let have = 0;
    const timer = setTimeout(() => {
      channel.onData = null;
      reject(new Error(`timed out after ${have} of ${length} bytes`));
    }, timeoutMs);
    channel.onData = (data) => {
      parts.push(data);
      have += data.length;
      if (have >= length) {
        clearTimeout(timer);
        channel.onData = null;
        resolve(Buffer.concat(parts, have));
      }
    };
    channel.closed.then((closed) => {
      clearTimeout(timer);
      reject(new Error(`closed (${closed.code} ${closed.reason}) after ${have} of ${length} bytes`));
    });
  });
}

/** Resolves with everything up to and including the first newline. */
export function receiveLine(channel: Channel, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => {
      channel.onData = null;
      reject(new Error(`no line within ${timeoutMs} ms (got ${JSON.stringify(text.slice(0, 80))})`));
    }, timeoutMs);
    channel.onData = (data) => {
      text += data.toString("latin1");
      const end = text.indexOf("\n");
      if (end >= 0) {
        clearTimeout(timer);
        channel.onData = null;
        resolve(text.slice(0, end + 1));
      }
    };
    channel.closed.then((closed) => {
      clearTimeout(timer);
      reject(new Error(`closed (${closed.code} ${closed.reason}) before a line arrived`));
    });
  });
}
