/**
 * The response framer: cuts the server's byte stream into complete responses, before any grammar.
 *
 * Theory of operation. A response is a line; when the line ends with a literal announcement (`{n}`,
 * `{n+}`, `~{n}`, leading zeros allowed) the next n octets are literal data, after which the line goes
 * on, and so on until a line end that does not follow an announcement. Line ends are found by a
 * search for LF, eight octets at a time (bare LF is tolerated, also after `{n}`); only when the octet
 * before the line end is `}` does the framer look further back, and only then does it check the line
 * segment for an open quoted string (`"...{5}` is text, not a literal). Literal octets are counted,
 * never scanned: the lookback stops at the start of the segment, and quote tracking restarts after
 * every literal.
 *
 * Buffers. Pushed chunks are queued; `cur` is the chunk being read. A response that starts and ends in
 * one chunk is handed out as a zero-copy view of it (direct mode). A response that spans chunks is
 * stored in an accumulator (acc mode): literal octets are copied into room reserved for the whole
 * literal; line octets that do not fit stay as views of their chunks until the line ends, and are then
 * copied once, with what the accumulator holds, into a buffer of the stored size. A line across many
 * chunks (a huge SEARCH) costs one allocation and one copy, not a series of doublings; nothing is
 * rescanned.
 *
 * Streaming. A literal larger than `streamThreshold` that is the value of `BODY[...]`, `BINARY[...]` or
 * `RFC822*` in a `* n FETCH` response goes out as `bodyStarted`, `bodyChunk` views of the pushed chunks
 * and `bodyEnded`, then the response without those octets plus a map telling the parser where the
 * literal was.
 *
 * Limits and errors. A response over a limit is rejected: its remaining octets are consumed without
 * being stored (still framed, so a literal inside it is skipped by count) and `responseRejected` is
 * emitted at its end. Framing is lost, terminally, when the stream cannot be cut reliably any more: a
 * count-like announcement that is not a valid count (`{12a}`, `{-1}`), a count above 2^32 - 1, or a
 * literal followed by something other than SP, `)`, `]`, CR or LF (the server sent a wrong length).
 * Known blind spot, shared by every framer: resp-text that really ends in `{5}` is read as a literal.
 */
import { ImapRemoteError } from "../errors.js";
import type { DecodeEvent, DecoderLimits } from "./decode-event.js";
import { type FetchBodyTarget, inspectFetchBody } from "./fetch-body-probe.js";
import { ABSURD_COUNT, isDigit, parseCount } from "./literal-count.js";
import {
  BACKSLASH,
  CR,
  DQUOTE,
  LBRACE,
  LF,
  MINUS,
  NUL,
  PLUS,
  RBRACE,
  RBRACKET,
  RPAREN,
  SP,
  TILDE,
} from "./parser/chars.js";
import { MAX_TAG_LENGTH, readTag } from "./tag-reader.js";

/** A complete response as cut from the stream, not yet parsed. */
export interface Frame {
  readonly type: "frame";
  /** The response's octets: lines and in-memory literals, final line end included. */
  readonly bytes: Uint8Array;
  /** Offset just after a streamed literal's announcement line end → its length; null when none. */
  readonly streamed: ReadonlyMap<number, number> | null;
  /** Octets the response took on the wire, streamed literals included. */
  readonly size: number;
}

export type FramerEvent = Frame | Exclude<DecodeEvent, { type: "response" }>;

const PHASE_START = 0; // between responses
const PHASE_LINE = 1; // looking for the end of a line segment
const PHASE_LITERAL = 2; // reading literal octets into the response (or skipping them)
const PHASE_AFTER_LITERAL = 3; // checking the octet after a literal
const PHASE_STREAM = 4; // passing a body literal through as chunks
const PHASE_LOST = 5; // framing lost: terminal

/** `parseAnnouncement` results below zero. */
const NO_LITERAL = -1;
const BAD_COUNT = -2;

/** Line octets kept while skipping a rejected response, enough for any sane announcement. */
const TAIL_SIZE = 80;
/** An announcement this far from its `}` is not one (bounds the lookback for `{`). */
const MAX_ANNOUNCEMENT_LENGTH = 40;
/** Accumulator spare capacity beyond a known need. */
const ACC_SLACK = 256;
/** Smallest accumulator. */
const ACC_MIN = 1024;

const EMPTY = new Uint8Array(0);

/**
 * Incremental IMAP response framer (sans-IO). `push` chunks, then call `next` until it returns null.
 * Frames and body chunks are views of the pushed chunks where possible: do not modify a chunk after
 * pushing it.
 */
export class ResponseFramer {
  // The limits, copied out of the `DecoderLimits` object.
  private readonly maxLineLength: number;
  private readonly maxLiteralSize: number;
  private readonly maxResponseSize: number;
  private readonly streamThreshold: number;
  private readonly queue: Uint8Array[] = [];
  private queueHead = 0;
  private cur: Uint8Array = EMPTY;
  /** `cur` as a DataView for `findLF`, made on first use; null until then. */
  private curView: DataView | null = null;
  private pos = 0;
  private phase = PHASE_START;
  /** Events made by `step` and not yet returned: `out[outHead, outLen)`. Never shrunk, so no reallocation. */
  private readonly out: Array<FramerEvent | null> = [];
  private outHead = 0;
  private outLen = 0;

  // The response in progress.
  /** Start in `cur` (direct mode only). */
  private respStart = 0;
  /**
   * The stored octets in acc mode, else null: `acc[0, respLen - pendingLen)` followed by `pending`,
   * views of line octets still in the pushed chunks that are copied into `acc` when the line ends.
   */
  private acc: Uint8Array | null = null;
  private readonly pending: Uint8Array[] = [];
  private pendingLen = 0;
  /** Non-streamed octets consumed (stored unless skipping). */
  private respLen = 0;
  private streamedLen = 0;
  /** Response offset where the current line segment starts (just after the last literal). */
  private lineStart = 0;
  private literalLeft = 0;
  private streamed: Map<number, number> | null = null;
  /** Set by `parseAnnouncement`: where the announcement (`{` or `~`) starts in the view. */
  private announcementStart = 0;

  // Skipping a rejected response.
  private rejection: ImapRemoteError | null = null;
  private rejectedTag: string | null = null;
  private skipQuote = 0;
  private readonly tail = new Uint8Array(TAIL_SIZE);
  private tailLen = 0;

  constructor(limits: DecoderLimits) {
    this.maxLineLength = limits.maxLineLength;
    this.maxLiteralSize = limits.maxLiteralSize;
    this.maxResponseSize = limits.maxResponseSize;
    this.streamThreshold = limits.streamThreshold;
  }

  /** Queues a chunk of server bytes. Ignored once framing is lost. */
  push(chunk: Uint8Array): void {
    if (this.phase === PHASE_LOST || chunk.length === 0) return;
    this.queue.push(chunk);
  }

  /** The next event, or null when more bytes are needed (or framing is lost). */
  next(): FramerEvent | null {
    while (this.outHead === this.outLen) {
      if (!this.step()) return null;
    }
    const event = this.out[this.outHead] as FramerEvent;
    this.out[this.outHead++] = null;
    if (this.outHead === this.outLen) {
      this.outHead = 0;
      this.outLen = 0;
    }
    return event;
  }

  /** True when every pushed octet belongs to a response already handed out (nothing partial or unread). */
  get atBoundary(): boolean {
    return (
      this.outHead >= this.outLen &&
      this.phase === PHASE_START &&
      this.pos >= this.cur.length &&
      this.queueHead >= this.queue.length
    );
  }

  /** Bytes the framer currently keeps alive: queued and current chunks plus the accumulator. */
  get bufferedBytes(): number {
    let total = this.cur.length + (this.acc === null ? 0 : this.acc.length) + this.pendingLen;
    for (let i = this.queueHead; i < this.queue.length; i++) total += (this.queue[i] as Uint8Array).length;
    return total;
  }

  private emit(event: FramerEvent): void {
    this.out[this.outLen++] = event;
  }

  /** Advances the state machine by one move; false when it needs more input. */
  private step(): boolean {
    if (this.phase === PHASE_LOST) return false;
    if (this.pos >= this.cur.length && !this.advance()) return false;
    switch (this.phase) {
      case PHASE_START:
        this.startResponse();
        break;
      case PHASE_LINE:
        if (this.rejection === null) this.scanLine();
        else this.skipLine();
        break;
      case PHASE_LITERAL:
        this.readLiteral();
        break;
      case PHASE_AFTER_LITERAL:
        this.checkAfterLiteral();
        break;
      default:
        this.streamBody();
    }
    return true;
  }

  /** Moves to the next queued chunk; false when there is none. */
  private advance(): boolean {
    const direct = this.phase !== PHASE_START && this.acc === null && this.rejection === null;
    if (this.queueHead === this.queue.length) {
      // Keep a chunk holding part of the response; release anything else.
      if (!direct) {
        this.cur = EMPTY;
        this.curView = null;
        this.pos = 0;
      }
      return false;
    }
    if (direct) {
      if (this.phase === PHASE_LINE) this.toPending();
      else this.toAcc();
    }
    this.cur = this.queue[this.queueHead] as Uint8Array;
    this.curView = null;
    this.queue[this.queueHead++] = EMPTY;
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    }
    this.pos = 0;
    return true;
  }

  private startResponse(): void {
    const c = this.cur;
    let p = this.pos;
    while (p < c.length && c[p] === NUL) p++;
    this.pos = p;
    if (p === c.length) return;
    this.respStart = p;
    this.phase = PHASE_LINE;
  }

  /**
   * Index of the first LF at or after `from` in `cur`, or -1. Eight octets at a time, about twice
   * as fast as `indexOf`, which compares one at a time: an octet equal to LF is zero after an XOR,
   * and `(x - 0x01) & ~x & 0x80` flags a zero octet (and, past one, maybe others: the octets are
   * then checked one by one).
   */
  private findLF(from: number): number {
    const c = this.cur;
    const end = c.length;
    let p = from;
    if (end - p >= 32) {
      let view = this.curView;
      if (view === null) {
        view = new DataView(c.buffer, c.byteOffset, end);
        this.curView = view;
      }
      const last = end - 8;
      while (p <= last) {
        const a = view.getInt32(p, true) ^ 0x0a0a0a0a;
        const b = view.getInt32(p + 4, true) ^ 0x0a0a0a0a;
        if (((((a - 0x01010101) & ~a) | ((b - 0x01010101) & ~b)) & 0x80808080) !== 0) break;
        p += 8;
      }
    }
    while (p < end && c[p] !== LF) p++;
    return p < end ? p : -1;
  }

  private scanLine(): void {
    const c = this.cur;
    const lf = this.findLF(this.pos);
    const end = lf < 0 ? c.length : lf + 1;
    const length = this.respLen + end - this.pos;
    if (length - this.lineStart > this.maxLineLength) {
      this.reject("IMAP_ERR_LINE_TOO_LONG", "line longer than maxLineLength");
      return;
    }
    if (length > this.maxResponseSize) {
      this.reject("IMAP_ERR_RESPONSE_TOO_LARGE", "response larger than maxResponseSize");
      return;
    }
    if (this.acc !== null) this.append(c, this.pos, end);
    this.respLen = length;
    this.pos = end;
    if (lf >= 0) this.lineEnded();
  }

  /** A line segment of the stored response ended: literal, or end of response. */
  private lineEnded(): void {
    this.flush();
    const view = this.acc ?? this.cur;
    const base = this.acc === null ? this.respStart : 0;
    const lineStart = base + this.lineStart;
    let count = this.parseAnnouncement(view, lineStart, base + this.respLen - 1);
    if (count !== NO_LITERAL && quoteState(view, lineStart, this.announcementStart, 0) !== 0) {
      count = NO_LITERAL;
    }
    if (count === NO_LITERAL) {
      this.emitFrame();
      return;
    }
    if (count < 0) {
      this.loseCount(count);
      return;
    }
    if (count > this.streamThreshold) {
      const target = inspectFetchBody(view, base, this.announcementStart, this.streamed);
      if (target !== null) {
        this.startStream(target, count);
        return;
      }
    }
    if (count > this.maxLiteralSize) {
      this.rejectLiteral("IMAP_ERR_LITERAL_TOO_LARGE", "literal larger than maxLiteralSize", count);
      return;
    }
    if (this.respLen + count > this.maxResponseSize) {
      this.rejectLiteral("IMAP_ERR_RESPONSE_TOO_LARGE", "response larger than maxResponseSize", count);
      return;
    }
    if (this.acc !== null) this.reserve(this.respLen + count + ACC_SLACK);
    this.literalLeft = count;
    this.phase = count === 0 ? PHASE_AFTER_LITERAL : PHASE_LITERAL;
  }

  private readLiteral(): void {
    const take = Math.min(this.cur.length - this.pos, this.literalLeft);
    if (this.acc !== null) this.append(this.cur, this.pos, this.pos + take);
    this.pos += take;
    this.respLen += take;
    this.literalLeft -= take;
    if (this.literalLeft === 0) this.phase = PHASE_AFTER_LITERAL;
  }

  private checkAfterLiteral(): void {
    const b = this.cur[this.pos];
    if (b === SP || b === RPAREN || b === CR || b === LF || b === RBRACKET) {
      this.lineStart = this.respLen;
      this.skipQuote = 0;
      this.tailLen = 0;
      this.phase = PHASE_LINE;
      return;
    }
    this.lose("IMAP_ERR_BAD_LITERAL", "literal not followed by SP, ')', ']' or a line end (wrong length?)");
  }

  private startStream(target: FetchBodyTarget, count: number): void {
    if (this.acc === null) this.toAcc();
    if (this.streamed === null) this.streamed = new Map();
    this.streamed.set(this.respLen, count);
    this.emit({ type: "bodyStarted", ...target, size: count });
    this.literalLeft = count;
    this.phase = PHASE_STREAM;
  }

  private streamBody(): void {
    const take = Math.min(this.cur.length - this.pos, this.literalLeft);
    this.emit({ type: "bodyChunk", data: this.cur.subarray(this.pos, this.pos + take) });
    this.pos += take;
    this.streamedLen += take;
    this.literalLeft -= take;
    if (this.literalLeft === 0) {
      this.emit({ type: "bodyEnded" });
      this.phase = PHASE_AFTER_LITERAL;
    }
  }

  private emitFrame(): void {
    let bytes: Uint8Array;
    const acc = this.acc;
    if (acc === null) {
      bytes = this.cur.subarray(this.respStart, this.pos);
    } else {
      // Don't let the response pin much more memory than it needs.
      bytes =
        acc.length - this.respLen > ACC_SLACK * 16
          ? acc.slice(0, this.respLen)
          : acc.subarray(0, this.respLen);
    }
    this.emit({ type: "frame", bytes, streamed: this.streamed, size: this.respLen + this.streamedLen });
    this.resetResponse();
  }

  private resetResponse(): void {
    this.acc = null;
    this.clearPending();
    this.streamed = null;
    this.respLen = 0;
    this.streamedLen = 0;
    this.lineStart = 0;
    this.rejection = null;
    this.phase = PHASE_START;
  }

  // ---- Accumulator -------------------------------------------------------------------------------

  /**
   * Leaves direct mode in the middle of a line: the response so far stays in `cur`, as the first
   * pending view. A line spanning many chunks is then copied once, at its end, at its exact size.
   */
  private toPending(): void {
    this.acc = EMPTY;
    this.pending.push(this.cur.subarray(this.respStart, this.respStart + this.respLen));
    this.pendingLen = this.respLen;
  }

  /** Leaves direct mode: copies the response so far out of `cur`. */
  private toAcc(): void {
    const need = this.respLen + (this.phase === PHASE_LITERAL ? this.literalLeft : 0) + ACC_SLACK;
    const acc = new Uint8Array(Math.max(need, Math.min(this.respLen * 2, this.maxResponseSize), ACC_MIN));
    acc.set(this.cur.subarray(this.respStart, this.respStart + this.respLen));
    this.acc = acc;
  }

  private reserve(capacity: number): void {
    const acc = this.acc as Uint8Array;
    if (capacity <= acc.length) return;
    const grown = new Uint8Array(capacity);
    grown.set(acc.subarray(0, this.respLen));
    this.acc = grown;
  }

  /**
   * Appends `src[from, to)` after the stored `respLen` octets (the caller advances `respLen`): copied
   * while the accumulator has room, else kept as a pending view until `flush` (line octets only:
   * literal octets always have room reserved).
   */
  private append(src: Uint8Array, from: number, to: number): void {
    const acc = this.acc as Uint8Array;
    if (this.pendingLen === 0 && this.respLen + to - from <= acc.length) {
      acc.set(from === 0 && to === src.length ? src : src.subarray(from, to), this.respLen);
      return;
    }
    this.pending.push(from === 0 && to === src.length ? src : src.subarray(from, to));
    this.pendingLen += to - from;
  }

  /** Copies the pending views into an accumulator of the stored size plus slack. */
  private flush(): void {
    if (this.pendingLen === 0) return;
    const acc = this.acc as Uint8Array;
    let at = this.respLen - this.pendingLen;
    const grown = new Uint8Array(this.respLen + ACC_SLACK);
    if (at > 0) grown.set(at === acc.length ? acc : acc.subarray(0, at));
    for (const piece of this.pending) {
      grown.set(piece, at);
      at += piece.length;
    }
    this.clearPending();
    this.acc = grown;
  }

  private clearPending(): void {
    if (this.pending.length === 0) return;
    this.pending.length = 0;
    this.pendingLen = 0;
  }

  // ---- Rejected responses ------------------------------------------------------------------------

  /** Rejects the response mid-line: the rest of it is framed but not stored. */
  private reject(code: "IMAP_ERR_LINE_TOO_LONG" | "IMAP_ERR_RESPONSE_TOO_LARGE", message: string): void {
    this.flush();
    const view = this.acc ?? this.cur;
    const base = this.acc === null ? this.respStart : 0;
    const from = base + this.lineStart;
    const to = base + this.respLen;
    this.skipQuote = quoteState(view, from, to, 0);
    this.tailLen = 0;
    this.pushTail(view, Math.max(from, to - TAIL_SIZE), to);
    this.startSkipping(code, message);
  }

  /** Rejects the response at a literal announcement: the literal is skipped by count. */
  private rejectLiteral(
    code: "IMAP_ERR_LITERAL_TOO_LARGE" | "IMAP_ERR_RESPONSE_TOO_LARGE",
    message: string,
    count: number,
  ): void {
    this.startSkipping(code, message);
    this.literalLeft = count;
    this.phase = count === 0 ? PHASE_AFTER_LITERAL : PHASE_LITERAL;
  }

  private startSkipping(
    code: "IMAP_ERR_LINE_TOO_LONG" | "IMAP_ERR_LITERAL_TOO_LARGE" | "IMAP_ERR_RESPONSE_TOO_LARGE",
    message: string,
  ): void {
    // The stored octets still start with the response's tag: keep it so a rejected tagged
    // completion can still end its command.
    this.flush();
    const head =
      this.acc === null
        ? this.cur.subarray(this.respStart)
        : concatHead(this.acc.subarray(0, this.respLen), this.cur.subarray(this.pos));
    this.rejectedTag = readTag(head);
    this.rejection = new ImapRemoteError(code, message);
    this.acc = null;
    this.clearPending();
    this.streamed = null;
  }

  /** Line scanning while skipping: quote state and the last octets are kept incrementally. */
  private skipLine(): void {
    const c = this.cur;
    const lf = c.indexOf(LF, this.pos);
    const end = lf < 0 ? c.length : lf;
    this.skipQuote = quoteState(c, this.pos, end, this.skipQuote);
    this.pushTail(c, this.pos, end);
    const next = lf < 0 ? end : lf + 1;
    this.respLen += next - this.pos;
    this.pos = next;
    if (lf < 0) return;
    let count = this.parseAnnouncement(this.tail, 0, this.tailLen);
    if (count !== NO_LITERAL && this.skipQuote !== 0) count = NO_LITERAL;
    if (count === NO_LITERAL) {
      this.emit({
        type: "responseRejected",
        error: this.rejection as ImapRemoteError,
        tag: this.rejectedTag,
        size: this.respLen + this.streamedLen,
      });
      this.resetResponse();
    } else if (count < 0) {
      this.loseCount(count);
    } else {
      this.literalLeft = count;
      this.phase = count === 0 ? PHASE_AFTER_LITERAL : PHASE_LITERAL;
    }
  }

  private pushTail(src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    const tail = this.tail;
    if (n >= TAIL_SIZE) {
      tail.set(src.subarray(to - TAIL_SIZE, to));
      this.tailLen = TAIL_SIZE;
      return;
    }
    const keep = Math.min(this.tailLen, TAIL_SIZE - n);
    if (keep < this.tailLen) tail.copyWithin(0, this.tailLen - keep, this.tailLen);
    tail.set(src.subarray(from, to), keep);
    this.tailLen = keep + n;
  }

  // ---- Framing lost ------------------------------------------------------------------------------

  private loseCount(result: number): void {
    if (result === ABSURD_COUNT) this.lose("IMAP_ERR_LITERAL_TOO_LARGE", "literal count above 2^32 - 1");
    else this.lose("IMAP_ERR_BAD_LITERAL", "malformed literal count");
  }

  private lose(code: "IMAP_ERR_BAD_LITERAL" | "IMAP_ERR_LITERAL_TOO_LARGE", message: string): void {
    this.phase = PHASE_LOST;
    this.emit({ type: "framingLost", error: new ImapRemoteError(code, message) });
    this.queue.length = 0;
    this.queueHead = 0;
    this.cur = EMPTY;
    this.curView = null;
    this.pos = 0;
    this.acc = null;
    this.clearPending();
    this.streamed = null;
  }

  // ---- Announcements -----------------------------------------------------------------------------

  /**
   * Reads a literal announcement ending the line content `view[lo, lf)` (`lf` is the LF position; a CR
   * before it is skipped). Returns the count, `NO_LITERAL`, `BAD_COUNT` or `ABSURD_COUNT`, and sets
   * `announcementStart`. Quotes are the caller's business.
   */
  private parseAnnouncement(view: Uint8Array, lo: number, lf: number): number {
    let e = lf;
    if (e > lo && view[e - 1] === CR) e--;
    if (e <= lo || view[e - 1] !== RBRACE) return NO_LITERAL;
    let j = e - 2;
    if (j >= lo && view[j] === PLUS) j--;
    const digitsEnd = j + 1;
    while (j >= lo && isDigit(view[j] as number)) j--;
    if (j >= lo && view[j] === LBRACE && j + 1 < digitsEnd) {
      this.announcementStart = j > lo && view[j - 1] === TILDE ? j - 1 : j;
      return parseCount(view, j + 1, digitsEnd);
    }
    // Not a well-formed `{digits}`. If it is still made of count characters (`{-1}`, `{1 2}`, `{+5}`),
    // the server meant a literal we cannot measure; otherwise (`{}`, `{foo}`, `{5 EUR}`) it is text.
    let digits = 0;
    const stop = Math.max(lo, e - 2 - MAX_ANNOUNCEMENT_LENGTH);
    for (let k = e - 2; k >= stop; k--) {
      const b = view[k] as number;
      if (isDigit(b)) digits++;
      else if (b === LBRACE) {
        if (digits === 0) return NO_LITERAL;
        this.announcementStart = k;
        return BAD_COUNT;
      } else if (b !== MINUS && b !== PLUS && b !== SP) return NO_LITERAL;
    }
    return NO_LITERAL;
  }
}

/**
 * Quoted-string state after `view[from, to)` starting from `state`: 0 outside a quoted string, 1
 * inside, 2 inside just after a backslash.
 */
function quoteState(view: Uint8Array, from: number, to: number, state: number): number {
  let s = state;
  for (let i = from; i < to; i++) {
    const b = view[i];
    if (s === 0) {
      if (b === DQUOTE) s = 1;
    } else if (s === 2) {
      s = 1;
    } else if (b === BACKSLASH) {
      s = 2;
    } else if (b === DQUOTE) {
      s = 0;
    }
  }
  return s;
}

/** The first octets of `a` then `b`, enough to hold a tag. */
function concatHead(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length > MAX_TAG_LENGTH) return a;
  const out = new Uint8Array(Math.min(a.length + b.length, MAX_TAG_LENGTH + 1));
  out.set(a);
  out.set(b.subarray(0, out.length - a.length), a.length);
  return out;
}
