/**
 * RFC 6455 framing for the benchmark's raw WebSocket client (raw-ws.ts): just what a client needs.
 *
 * Theory of operation
 * - Reading (`FrameReader`): bytes from the server arrive in chunks cut anywhere. A frame header (2, 4
 *   or 10 bytes; servers never mask) is parsed straight from the chunk when it is whole there, and
 *   gathered byte by byte into a 14-byte scratch buffer only when it straddles two chunks. Payload
 *   bytes of binary frames are handed on as views of the chunk they arrived in: no copy, no
 *   reassembly, so a message may arrive as several pieces (as TCP reads do). Fragmented messages
 *   (binary + continuations) are followed so a stray continuation or an interleaved new message is
 *   caught. Control frames (<= 125 bytes, never fragmented, allowed between fragments) are gathered
 *   and handed on whole. Anything else — text frames, reserved bits or opcodes, a masked frame, a
 *   length past 2^53 — fails the connection with the RFC's close code, and nothing after a close or a
 *   failure is read.
 * - Writing: every frame from the client is masked. `maskedFrame` copies and masks a payload under a
 *   fresh key; `frameHeader` builds only the header, for payloads already masked (pattern.ts).
 */
import { randomFillSync } from "node:crypto";

/** Frame opcodes (RFC 6455 §5.2). */
export const OPCODE = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

/** Close codes this client sends (RFC 6455 §7.4.1). */
export const CLOSE = {
  normal: 1000,
  protocolError: 1002,
  unsupportedData: 1003,
  noStatus: 1005,
  abnormal: 1006,
  tooBig: 1009,
} as const;

/** What a `FrameReader` reports. */
export interface FrameEvents {
  /** A piece of a binary message, in order: a view of the chunk it arrived in, never copied. */
  data(piece: Buffer): void;
  /** A ping; the payload is a copy and may be kept. */
  ping(payload: Buffer): void;
  /** The server's close frame (code 1005 when it carried none). Nothing is read after it. */
  close(code: number, reason: string): void;
  /** A protocol violation; the connection must be failed with `code`. Nothing is read after it. */
  fail(code: number, reason: string): void;
}

const MAX_HEADER = 14;
const MAX_CONTROL = 125;
/** 2^53 - 1 = 2^21 · 2^32 - 1: the high word of a 64-bit length may not exceed 2^21 - 1. */
const MAX_HIGH_WORD = 0x1fffff;

/** Codes a close frame may carry (RFC 6455 §7.4): 1000-4999 less those reserved for local use. */
function sendableCloseCode(code: number): boolean {
  return code >= 1000 && code < 5000 && code !== 1004 && code !== 1005 && code !== 1006 && code !== 1015;
}

/** Header length from its second byte: 2, plus the extended length, plus the masking key. */
function headerLength(second: number): number {
  const short = second & 0x7f;
  return 2 + (short === 126 ? 2 : short === 127 ? 8 : 0) + (second & 0x80 ? 4 : 0);
}

/** Incremental parser of server-to-client frames. */
export class FrameReader {
  /** Header bytes gathered so far when a header straddles chunks. */
  private readonly head = Buffer.alloc(MAX_HEADER);
  private headHave = 0;
  /** Payload bytes still to come in the current frame; -1 between frames. */
  private remaining = -1;
  private opcode = 0;
  /** The control frame being gathered, or null in a data frame. */
  private control: Buffer | null = null;
  private controlHave = 0;
  /** True between a non-final binary frame and its final continuation. */
  private fragmented = false;
  private stopped = false;

  constructor(private readonly events: FrameEvents) {}

  /** Feeds the next chunk from the server. */
  push(chunk: Buffer): void {
    const end = chunk.length;
    let at = 0;
    while (at < end && !this.stopped) {
      if (this.remaining < 0) {
        at = this.readHeader(chunk, at);
        continue;
      }
      const take = Math.min(this.remaining, end - at);
      if (this.control !== null) {
        chunk.copy(this.control, this.controlHave, at, at + take);
        this.controlHave += take;
      } else {
        this.events.data(at === 0 && take === end ? chunk : chunk.subarray(at, at + take));
      }
      at += take;
      this.remaining -= take;
      if (this.remaining === 0) this.endFrame();
    }
  }

  /** True once a close frame or a violation ended reading. */
  get done(): boolean {
    return this.stopped;
  }

  private readHeader(chunk: Buffer, at: number): number {
    if (this.headHave === 0 && chunk.length - at >= 2) {
      const size = headerLength(chunk[at + 1] as number);
      if (chunk.length - at >= size) {
        this.startFrame(chunk, at);
        return at + size;
      }
    }
    // The header straddles chunks: gather it (rare, at most 14 bytes).
    while (at < chunk.length) {
      this.head[this.headHave++] = chunk[at++] as number;
      if (this.headHave >= 2 && this.headHave === headerLength(this.head[1] as number)) {
        this.headHave = 0;
        this.startFrame(this.head, 0);
        break;
      }
    }
    return at;
  }

  private startFrame(buf: Buffer, at: number): void {
    const first = buf[at] as number;
    const second = buf[at + 1] as number;
    const fin = (first & 0x80) !== 0;
    const opcode = first & 0x0f;
    let length = second & 0x7f;
    if (length === 126) length = buf.readUInt16BE(at + 2);
    else if (length === 127) {
      const high = buf.readUInt32BE(at + 2);
      length = high > MAX_HIGH_WORD ? Number.POSITIVE_INFINITY : high * 2 ** 32 + buf.readUInt32BE(at + 6);
    }
    const violation = this.violation(first, second, length);
    if (violation !== null) {
      this.fail(violation[0], violation[1]);
      return;
    }
    if (opcode >= 0x8) {
      this.control = Buffer.alloc(length);
      this.controlHave = 0;
    } else {
      this.fragmented = !fin;
      this.control = null;
    }
    this.opcode = opcode;
    this.remaining = length;
    if (length === 0) this.endFrame();
  }

  /** What is wrong with a frame header, as a close code and a reason, or null. */
  private violation(first: number, second: number, length: number): [number, string] | null {
    const fin = (first & 0x80) !== 0;
    const opcode = first & 0x0f;
    if ((first & 0x70) !== 0) return [CLOSE.protocolError, "reserved bits set (no extension agreed)"];
    if ((second & 0x80) !== 0) return [CLOSE.protocolError, "masked frame from the server"];
    if (length > Number.MAX_SAFE_INTEGER) return [CLOSE.tooBig, "frame length above 2^53"];
    switch (opcode) {
      case OPCODE.close:
      case OPCODE.ping:
      case OPCODE.pong:
        if (!fin) return [CLOSE.protocolError, "fragmented control frame"];
        return length > MAX_CONTROL ? [CLOSE.protocolError, "control frame above 125 bytes"] : null;
      case OPCODE.binary:
        return this.fragmented ? [CLOSE.protocolError, "new message before the last one ended"] : null;
      case OPCODE.continuation:
        return this.fragmented ? null : [CLOSE.protocolError, "continuation frame outside a message"];
      case OPCODE.text:
        return [CLOSE.unsupportedData, "text frame (the relays carry binary frames only)"];
      default:
        return [CLOSE.protocolError, `reserved opcode ${opcode}`];
    }
  }

  private endFrame(): void {
    this.remaining = -1;
    const control = this.control;
    if (control === null) return;
    this.control = null;
    if (this.opcode === OPCODE.ping) this.events.ping(control);
    else if (this.opcode === OPCODE.close) this.onClose(control);
  }

  private onClose(payload: Buffer): void {
    const code = payload.length === 0 ? CLOSE.noStatus : payload.length === 1 ? 0 : payload.readUInt16BE(0);
    if (payload.length > 0 && !sendableCloseCode(code)) {
      this.fail(
        CLOSE.protocolError,
        payload.length === 1 ? "1-byte close payload" : `invalid close code ${code}`,
      );
      return;
    }
    this.stopped = true;
    this.events.close(code, payload.subarray(2).toString("utf8"));
  }

  private fail(code: number, reason: string): void {
    this.stopped = true;
    this.events.fail(code, reason);
  }
}

/** Masking keys drawn from a pool of random bytes refilled in bulk, as `ws` does. */
const POOL = Buffer.alloc(8192);
let poolAt = POOL.length;

/** A fresh, unpredictable 4-byte masking key (a copy). */
export function freshKey(): Buffer {
  if (poolAt === POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  poolAt += 4;
  return Buffer.from(POOL.subarray(poolAt - 4, poolAt));
}

/** The header of a final, masked client frame of `length` payload bytes under `key`. */
export function frameHeader(opcode: number, length: number, key: Uint8Array): Buffer {
  const extended = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const header = Buffer.allocUnsafe(2 + extended + 4);
  header[0] = 0x80 | opcode;
  if (extended === 0) header[1] = 0x80 | length;
  else if (extended === 2) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 0x80 | 127;
    header.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    header.writeUInt32BE(length >>> 0, 6);
  }
  header.set(key, 2 + extended);
  return header;
}

/** One final client frame: header and `payload` masked under a fresh key, in one new buffer. */
export function maskedFrame(opcode: number, payload: Uint8Array): Buffer {
  const key = freshKey();
  const header = frameHeader(opcode, payload.length, key);
  const frame = Buffer.allocUnsafe(header.length + payload.length);
  header.copy(frame, 0);
  const base = header.length;
  for (let i = 0; i < payload.length; i++) {
    frame[base + i] = (payload[i] as number) ^ (key[i & 3] as number);
  }
  return frame;
}

/** The payload of a close frame: the code, then the reason in UTF-8 (cut to fit 125 bytes). */
export function closePayload(code: number, reason = ""): Buffer {
  const text = Buffer.from(reason, "utf8").subarray(0, MAX_CONTROL - 2);
  const payload = Buffer.allocUnsafe(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return payload;
}
