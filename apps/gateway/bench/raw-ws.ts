/**
 * A lean WebSocket client over `node:net`, so that the benchmark measures the relays and not its own
 * client: with the `ws` package the client was the bottleneck downstream (it reassembles, and so
 * copies, every message), and its framing cost counted as latency every WebSocket relay "added".
 *
 * Theory of operation
 * - Upgrade: a plain HTTP/1.1 request (a random Sec-WebSocket-Key; the subprotocols and the Origin the
 *   contender needs); the answer must be `101` with the right Sec-WebSocket-Accept, the subprotocol
 *   offered (or none when none was) and no extension. Any other answer rejects the dial with
 *   `upgrade refused: HTTP <status>` or what was wrong. Bytes that followed the answer are frames.
 * - Receiving: ws-frames.ts's `FrameReader`; payload pieces go to `onData` as views of the socket's
 *   reads, so the client's cost per byte is that of a TCP client. Pings are answered with pongs; a
 *   close frame is answered with a close frame; a protocol violation closes with its code, and
 *   `closed` then carries that code and what was wrong, so a measurement sees it.
 * - Sending: every frame is masked (RFC 6455 §5.3). `send` masks a copy under a fresh key from a random
 *   pool, fine for the small messages it carries. `sendPattern`, the bulk path, writes the header and a
 *   view of the pattern pre-masked once per connection under that connection's random key
 *   (pattern.ts): no per-byte work, so the client costs no more than a TCP client here either. Reusing
 *   one key for a connection's bulk frames departs from §5.3's fresh key per frame; README.md says why
 *   that is sound for this benchmark.
 * - Backpressure: the socket's own queue with the watermarks of `WriteGate`.
 */
import { createHash, randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { type Channel, type Closed, HANDSHAKE_TIMEOUT_MS, type WebSocketDial, WriteGate } from "./channel.js";
import { CHUNK, maskedPattern } from "./pattern.js";
import { CLOSE, closePayload, FrameReader, frameHeader, freshKey, maskedFrame, OPCODE } from "./ws-frames.js";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const MAX_RESPONSE_HEAD = 16 * 1024;
/** After a close frame, the time the server gets to close the TCP connection. */
const CLOSE_TIMEOUT_MS = 5000;
const EMPTY = Buffer.alloc(0);

/** The upgrade request for `dial`, with `key` as Sec-WebSocket-Key. */
export function upgradeRequest(dial: WebSocketDial, key: string): string {
  const url = new URL(dial.url);
  const lines = [
    `GET ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${key}`,
    "Sec-WebSocket-Version: 13",
  ];
  if (dial.protocols.length > 0) lines.push(`Sec-WebSocket-Protocol: ${dial.protocols.join(", ")}`);
  if (dial.origin !== undefined) lines.push(`Origin: ${dial.origin}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}

/** What is wrong with an upgrade response head (up to, without, its blank line), or null if nothing. */
export function checkUpgradeResponse(head: string, key: string, protocols: readonly string[]): string | null {
  const [statusLine = "", ...fields] = head.split("\r\n");
  const status = /^HTTP\/1\.1 (\d{3})(?: |$)/.exec(statusLine)?.[1];
  if (status !== "101") return `upgrade refused: HTTP ${status ?? JSON.stringify(statusLine.slice(0, 40))}`;
  const headers = new Map<string, string>();
  for (const field of fields) {
    const colon = field.indexOf(":");
    if (colon <= 0) return `malformed header line ${JSON.stringify(field.slice(0, 40))}`;
    const name = field.slice(0, colon).trim().toLowerCase();
    const value = field.slice(colon + 1).trim();
    const earlier = headers.get(name);
    headers.set(name, earlier === undefined ? value : `${earlier}, ${value}`);
  }
  if (headers.get("upgrade")?.toLowerCase() !== "websocket") return "101 without Upgrade: websocket";
  const connection = (headers.get("connection") ?? "").toLowerCase().split(",");
  if (!connection.some((token) => token.trim() === "upgrade")) return "101 without Connection: Upgrade";
  const accept = createHash("sha1")
    .update(key + GUID)
    .digest("base64");
  if (headers.get("sec-websocket-accept") !== accept) return "wrong Sec-WebSocket-Accept";
  const chosen = headers.get("sec-websocket-protocol");
  if (protocols.length === 0 && chosen !== undefined) return `subprotocol ${chosen} chosen, none offered`;
  if (protocols.length > 0 && (chosen === undefined || !protocols.includes(chosen))) {
    return `subprotocol ${chosen ?? "(none)"} chosen, ${protocols.join(", ")} offered`;
  }
  if (headers.has("sec-websocket-extensions")) return "an extension chosen, none offered";
  return null;
}

/** Opens a WebSocket with the raw client; rejects with the HTTP status when the upgrade is refused. */
export function dialRawWebSocket(dial: WebSocketDial): Promise<Channel> {
  const url = new URL(dial.url);
  if (url.protocol !== "ws:") return Promise.reject(new Error(`ws: URLs only, not ${url.protocol}`));
  const key = randomBytes(16).toString("base64");
  const request = upgradeRequest(dial, key);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 80), noDelay: true });
    let head: Buffer = EMPTY;
    const fail = (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () => fail(new Error(`no upgrade within ${HANDSHAKE_TIMEOUT_MS} ms`)),
      HANDSHAKE_TIMEOUT_MS,
    );
    const onError = (err: Error) => fail(err);
    const onClose = () => fail(new Error("connection closed before the upgrade completed"));
    const onHead = (data: Buffer) => {
      head = head.length === 0 ? data : Buffer.concat([head, data]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) {
        if (head.length > MAX_RESPONSE_HEAD) fail(new Error("upgrade response head too long"));
        return;
      }
      const problem = checkUpgradeResponse(head.subarray(0, end).toString("latin1"), key, dial.protocols);
      if (problem !== null) {
        fail(new Error(problem));
        return;
      }
      clearTimeout(timer);
      socket.off("data", onHead);
      socket.off("error", onError);
      socket.off("close", onClose);
      resolve(new RawWebSocketChannel(socket, head.subarray(end + 4)));
    };
    socket.once("connect", () => socket.write(request));
    socket.on("data", onHead);
    socket.on("error", onError);
    socket.on("close", onClose);
  });
}

/** A WebSocket after its upgrade, spoken frame by frame over `socket`. */
export class RawWebSocketChannel implements Channel {
  onData: ((data: Buffer) => void) | null = null;
  readonly closed: Promise<Closed>;
  private readonly reader: FrameReader;
  private readonly gate: WriteGate;
  /** The masking key of this connection's pattern frames: random, drawn at connect. */
  private readonly patternKey = freshKey();
  /** The pre-masked pattern and a full chunk's header, built on the first `sendPattern` (65 KiB). */
  private bulk: { maskedAt: (offset: number, length: number) => Buffer; chunkHeader: Buffer } | null = null;
  private closeSent = false;
  /** The server's close frame, or the violation this client failed the connection for. */
  private ending: Closed | null = null;

  /** `leftover`: bytes that followed the upgrade response in the same read. */
  constructor(
    private readonly socket: Socket,
    leftover: Buffer,
  ) {
    this.gate = new WriteGate(socket);
    this.reader = new FrameReader({
      data: (piece) => this.onData?.(piece),
      ping: (payload) => {
        if (!this.closeSent) this.socket.write(maskedFrame(OPCODE.pong, payload));
      },
      close: (code, reason) => {
        this.ending ??= { code, reason };
        this.sendClose(code === CLOSE.noStatus ? null : code);
        this.socket.end();
      },
      fail: (code, reason) => {
        this.ending ??= { code, reason: `client failed the connection: ${reason}` };
        this.sendClose(code, reason);
        this.socket.end();
      },
    });
    socket.on("error", () => {});
    this.closed = new Promise((resolve) => {
      socket.on("close", () => resolve(this.ending ?? { code: CLOSE.abnormal, reason: "" }));
    });
    if (leftover.length > 0) this.reader.push(leftover);
    socket.on("data", (chunk: Buffer) => this.reader.push(chunk));
  }

  get isOpen(): boolean {
    return (
      !this.socket.destroyed && this.socket.readyState === "open" && !this.closeSent && this.ending === null
    );
  }

  send(data: Buffer): boolean {
    this.gate.write(maskedFrame(OPCODE.binary, data));
    return this.gate.hasRoom;
  }

  sendPattern(offset: number, length: number): boolean {
    if (this.bulk === null) {
      this.bulk = {
        maskedAt: maskedPattern(this.patternKey),
        chunkHeader: frameHeader(OPCODE.binary, CHUNK, this.patternKey),
      };
    }
    const header =
      length === CHUNK ? this.bulk.chunkHeader : frameHeader(OPCODE.binary, length, this.patternKey);
    const payload = this.bulk.maskedAt(offset, length);
    // Corked, the header and the payload view leave in one writev, and neither is copied.
    this.socket.cork();
    this.socket.write(header);
    this.gate.write(payload);
    this.socket.uncork();
    return this.gate.hasRoom;
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
    if (this.socket.destroyed) return;
    this.socket.resume();
    this.sendClose(CLOSE.normal);
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Sends a close frame once (`code` null: an empty one), then gives the server a while to close. */
  private sendClose(code: number | null, reason = ""): void {
    if (this.closeSent || this.socket.destroyed) return;
    this.closeSent = true;
    this.socket.write(maskedFrame(OPCODE.close, code === null ? EMPTY : closePayload(code, reason)));
    setTimeout(() => this.socket.destroy(), CLOSE_TIMEOUT_MS).unref();
  }
}
