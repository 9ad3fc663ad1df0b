/**
 * The byte cursor every grammar module reads with. It walks one framed response (lines plus inline
 * literals) with an integer offset: no tokens, no line-to-string decoding. Values of strings come out
 * as views of the input's buffer (zero-copy); only escaped quoted strings are copied.
 *
 * Errors: every rule that does not match calls `fail()`, which throws a `ParseError`. `parseResponse`
 * catches it and returns an `UnparsedResponse`; the exception never leaves the parser.
 *
 * Nesting: every `(` goes through `open()`, which counts depth against `maxNesting`; the modules keep
 * explicit stacks, so depth costs heap, never call stack.
 */
import type { ImapErrorCode } from "../../errors.js";
import {
  BACKSLASH,
  C_ASTRING,
  C_ATOM,
  C_LOOSE,
  CLASS,
  CR,
  DIGIT_0,
  DQUOTE,
  LBRACE,
  LF,
  LPAREN,
  MINUS,
  PLUS,
  RBRACE,
  RPAREN,
  SP,
  TILDE,
  UPPER,
} from "./chars.js";
import { atomString, shortText, textString } from "./intern.js";
import { DEFAULT_QUIRKS, type ParserQuirks } from "./quirks.js";

/** Stable reason codes of an `UnparsedResponse`. */
export type ParseReason = ImapErrorCode;

/** Thrown inside the parser only; `reason` is a stable error code. */
export class ParseError {
  constructor(
    readonly reason: ParseReason,
    readonly offset: number,
  ) {}
}

/** The shared empty value for `""` and `{0}` (zero-length, so sharing it is safe). */
export const EMPTY_BYTES: Uint8Array = new Uint8Array(0);

/** The reader's buffer between responses: just a line end. */
const SENTINEL: Uint8Array = new Uint8Array([LF]);
const SENTINEL_VIEW = new DataView(SENTINEL.buffer);

/** Bytes that end the fast scan of a quoted string: DQUOTE, backslash, CR, LF. */
const QSTOP = new Uint8Array(256);
QSTOP[DQUOTE] = 1;
QSTOP[BACKSLASH] = 1;
QSTOP[CR] = 1;
QSTOP[LF] = 1;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const U32_MAX = 0xffffffff;
/** number64 (RFC 9051 §9): 0 ..= 2^63-1. */
export const NUMBER64_MAX = 0x7fffffffffffffffn;
/** 64-bit unsigned ids (X-GM-MSGID, X-GM-THRID). */
export const UINT64_MAX = 0xffffffffffffffffn;

export class Reader {
  /**
   * The response. Invariant: its last byte is LF and `limit < buf.length`, so `buf[limit]` and
   * `buf[p + 1]` for any `p < limit` are in bounds, and scanning loops stop at the final line end
   * without a bounds check; they compare against `limit` once afterwards (it is lowered while a
   * response code is parsed).
   */
  buf: Uint8Array = SENTINEL;
  /** `buf`'s buffer and offset: `new Uint8Array(ab, off + s, n)` is much cheaper than `subarray`. */
  private ab: ArrayBufferLike = SENTINEL.buffer;
  private off = 0;
  /** `buf` as a DataView, for reading four bytes at a time. */
  private dv: DataView = SENTINEL_VIEW;
  pos = 0;
  /** End of the parsable bytes: the final line end (CRLF or LF) is excluded. */
  limit = 0;
  depth = 0;
  maxNesting = 100;
  utf8 = false;
  q: Readonly<ParserQuirks> = DEFAULT_QUIRKS;
  streamed: ReadonlyMap<number, number> | undefined = undefined;
  /** Size of the last literal read if its bytes were streamed out, else -1. */
  lastStreamed = -1;
  /** The tag once it is known to start a well-formed response ("*", "+" or a command tag). */
  tag: string | null = null;

  reset(
    input: Uint8Array,
    maxNesting: number,
    utf8: boolean,
    q: Readonly<ParserQuirks>,
    streamed: ReadonlyMap<number, number> | undefined,
  ): void {
    this.pos = 0;
    this.depth = 0;
    this.maxNesting = maxNesting;
    this.utf8 = utf8;
    this.q = q;
    this.streamed = streamed !== undefined && streamed.size > 0 ? streamed : undefined;
    this.lastStreamed = -1;
    this.tag = null;
    let buf = input;
    let limit = buf.length - 1;
    if (limit < 0 || buf[limit] !== LF) {
      // No line end (not what the framer produces): parse all bytes, with a sentinel appended.
      buf = new Uint8Array(input.length + 1);
      buf.set(input);
      buf[input.length] = LF;
      limit = input.length;
    } else if (limit > 0 && buf[limit - 1] === CR) limit--;
    else if (!q.crlfRelaxed) {
      this.setBuffer(buf, limit);
      this.fail("IMAP_ERR_SYNTAX", limit);
    }
    this.setBuffer(buf, limit);
  }

  private setBuffer(buf: Uint8Array, limit: number): void {
    const ab = buf.buffer;
    const off = buf.byteOffset;
    this.buf = buf;
    this.ab = ab;
    this.off = off;
    this.dv = new DataView(ab, off, buf.length);
    this.limit = limit;
  }

  /** Drops the reference to the input so a parsed buffer is not kept alive by the parser. */
  release(): void {
    this.buf = SENTINEL;
    this.ab = SENTINEL.buffer;
    this.dv = SENTINEL_VIEW;
    this.off = 0;
    this.limit = 0;
    this.streamed = undefined;
  }

  fail(reason: ParseReason = "IMAP_ERR_SYNTAX", at: number = this.pos): never {
    throw new ParseError(reason, at);
  }

  /** The next byte, or -1 at the end of the response. */
  peek(): number {
    return this.pos < this.limit ? (this.buf[this.pos] as number) : -1;
  }

  peekAt(offset: number): number {
    const p = this.pos + offset;
    return p < this.limit ? (this.buf[p] as number) : -1;
  }

  /** Consumes `c` or fails. */
  expect(c: number): void {
    if (this.buf[this.pos] === c && this.pos < this.limit) this.pos++;
    else this.fail();
  }

  /** Consumes `c` if it is next. */
  eat(c: number): boolean {
    if (this.buf[this.pos] === c && this.pos < this.limit) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** One SP (more with the `doubleSpace` quirk). */
  sp(): void {
    const buf = this.buf;
    let p = this.pos;
    if (buf[p] !== SP || p >= this.limit) this.fail();
    p++;
    if (buf[p] === SP && this.q.doubleSpace) while (buf[p] === SP) p++;
    this.pos = p;
  }

  /**
   * Between list elements: consumes the separating SP and returns true when another element follows;
   * returns false, consuming nothing but a tolerated trailing SP, when `)` is next.
   */
  more(): boolean {
    const buf = this.buf;
    let p = this.pos;
    const c = buf[p];
    if (p >= this.limit) this.fail();
    if (c === RPAREN) return false;
    if (c !== SP) this.fail();
    p++;
    if (buf[p] === SP && this.q.doubleSpace) while (buf[p] === SP) p++;
    if (buf[p] === RPAREN && p < this.limit) {
      if (!this.q.trailingSpace) this.fail("IMAP_ERR_SYNTAX", p);
      this.pos = p;
      return false;
    }
    this.pos = p;
    return true;
  }

  /**
   * Before an optional trailing element of a response: true (SP consumed) when one follows, false at
   * the end of the line (a tolerated trailing SP consumed).
   */
  moreAtEnd(): boolean {
    const buf = this.buf;
    let p = this.pos;
    if (p >= this.limit) return false;
    if (buf[p] !== SP) this.fail();
    p++;
    if (buf[p] === SP && this.q.doubleSpace) while (buf[p] === SP) p++;
    if (p >= this.limit) {
      if (!this.q.trailingSpace) this.fail("IMAP_ERR_SYNTAX", p);
      this.pos = this.limit;
      return false;
    }
    this.pos = p;
    return true;
  }

  /**
   * Before an optional element inside a list (BODYSTRUCTURE extension fields): true with the SP
   * consumed when an element follows, false when `)` is next (a tolerated trailing SP consumed).
   */
  optional(): boolean {
    if (this.buf[this.pos] === RPAREN && this.pos < this.limit) return false;
    return this.more();
  }

  /** `(`, counted against the nesting limit. */
  open(): void {
    if (this.buf[this.pos] !== LPAREN || this.pos >= this.limit) this.fail();
    this.pos++;
    if (++this.depth > this.maxNesting) this.fail("IMAP_ERR_NESTING_TOO_DEEP");
  }

  /**
   * Opens a non-empty list after `(`; false when it opened nothing: after an empty `()` read as NIL
   * (the `emptyListAsNil` quirk, §2.35). The caller has checked that `(` comes next.
   */
  openNonEmpty(): boolean {
    this.open();
    if (this.buf[this.pos] !== RPAREN) return true;
    if (!this.q.emptyListAsNil) this.fail();
    this.close();
    return false;
  }

  /** `)`, with a tolerated SP before it. */
  close(): void {
    const buf = this.buf;
    let p = this.pos;
    if (buf[p] === SP && this.q.trailingSpace) while (buf[p] === SP) p++;
    if (buf[p] !== RPAREN || p >= this.limit) this.fail();
    this.pos = p + 1;
    this.depth--;
  }

  /** The end of the response (a tolerated trailing SP skipped). */
  end(): void {
    let p = this.pos;
    if (this.buf[p] === SP && this.q.trailingSpace) while (this.buf[p] === SP) p++;
    if (p !== this.limit) this.fail("IMAP_ERR_SYNTAX", p);
    this.pos = p;
  }

  atEnd(): boolean {
    return this.pos >= this.limit;
  }

  /** Index after the run of bytes of class `cls` starting at `pos`, at most `limit` (does not move). */
  scan(cls: number): number {
    const buf = this.buf;
    let p = this.pos;
    while (((CLASS[buf[p] as number] as number) & cls) !== 0) p++;
    return p < this.limit ? p : Math.max(this.limit, this.pos);
  }

  /** Consumes a non-empty run of bytes of class `cls`; returns its start. */
  take(cls: number): number {
    const start = this.pos;
    const end = this.scan(cls);
    if (end === start) this.fail();
    this.pos = end;
    return start;
  }

  /** True when the bytes at `pos` are `word` (ASCII, upper-case), case-insensitively, and a non-atom byte follows. */
  isWord(word: string): boolean {
    const n = word.length;
    const p = this.pos;
    if (p + n > this.limit) return false;
    const buf = this.buf;
    for (let i = 0; i < n; i++) if (UPPER[buf[p + i] as number] !== word.charCodeAt(i)) return false;
    return p + n === this.limit || ((CLASS[buf[p + n] as number] as number) & C_ATOM) === 0;
  }

  /** Consumes `word` (see `isWord`) or fails. */
  word(word: string): void {
    if (!this.isWord(word)) this.fail();
    this.pos += word.length;
  }

  /** Consumes NIL if it is next. */
  nil(): boolean {
    const p = this.pos;
    if (p + 3 > this.limit) return false;
    const buf = this.buf;
    if (
      ((buf[p] as number) | 0x20) !== 0x6e ||
      ((buf[p + 1] as number) | 0x20) !== 0x69 ||
      ((buf[p + 2] as number) | 0x20) !== 0x6c
    )
      return false;
    if (p + 3 < this.limit && ((CLASS[buf[p + 3] as number] as number) & C_ATOM) !== 0) return false;
    this.pos = p + 3;
    return true;
  }

  /** number: 1*DIGIT, at most 2^53-1. */
  number(): number {
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    let n = 0;
    for (;;) {
      const d = (buf[p] as number) - DIGIT_0;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
      p++;
    }
    if (p === start || p > this.limit || (p - start > 15 && n > MAX_SAFE)) this.fail();
    this.pos = p;
    return n;
  }

  /** A 32-bit unsigned number (UIDs, UIDVALIDITY, counts). */
  uint32(): number {
    const start = this.pos;
    const n = this.number();
    if (n > U32_MAX) this.fail("IMAP_ERR_SYNTAX", start);
    return n;
  }

  /** nz-number: 1..2^32-1. */
  nzNumber(): number {
    const start = this.pos;
    const n = this.number();
    if (n === 0 || n > U32_MAX) this.fail("IMAP_ERR_SYNTAX", start);
    return n;
  }

  /** A number that may be `-n` with the `negativeNumbers` quirk (§2.20). */
  signedNumber(): number {
    if (this.buf[this.pos] === MINUS && this.q.negativeNumbers && this.pos < this.limit) {
      this.pos++;
      return -this.number();
    }
    return this.number();
  }

  /** A 64-bit quantity as bigint, at most `max`; `-n` with the `negativeNumbers` quirk when `signed`. */
  bigNumber(max: bigint, signed = false): bigint {
    let negative = false;
    if (signed && this.buf[this.pos] === MINUS && this.q.negativeNumbers && this.pos < this.limit) {
      negative = true;
      this.pos++;
    }
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    let n = 0;
    for (;;) {
      const d = (buf[p] as number) - DIGIT_0;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
      p++;
    }
    if (p === start || p > this.limit || p - start > 20) this.fail();
    this.pos = p;
    let value: bigint;
    if (p - start <= 15) value = BigInt(n);
    else {
      let digits = "";
      for (let i = start; i < p; i++) digits += String.fromCharCode(buf[i] as number);
      value = BigInt(digits);
      if (value > max) this.fail("IMAP_ERR_SYNTAX", start);
    }
    return negative ? -value : value;
  }

  /** quoted: DQUOTE *QUOTED-CHAR DQUOTE, `\"` and `\\` unescaped. */
  quoted(): Uint8Array {
    const buf = this.buf;
    const start = this.pos + 1;
    let p = this.quotedStop(start);
    let escaped = false;
    // Escape pairs that become one byte (`\"`, `\\`); others are kept whole (`looseEscapes`).
    let pairs = 0;
    for (;;) {
      const c = buf[p];
      if (c === DQUOTE || p >= this.limit) break;
      if (c !== BACKSLASH) this.fail("IMAP_ERR_SYNTAX", p);
      escaped = true;
      const next = buf[p + 1];
      if (next === DQUOTE || next === BACKSLASH) pairs++;
      p = this.quotedStop(p + 2);
    }
    if (p >= this.limit) this.fail("IMAP_ERR_SYNTAX", this.limit);
    this.pos = p + 1;
    if (p === start) return EMPTY_BYTES;
    return escaped
      ? this.unescape(start, p, p - start - pairs)
      : new Uint8Array(this.ab, this.off + start, p - start);
  }

  /**
   * Index of the first DQUOTE, backslash, CR or LF at or after `from` (the final line end bounds
   * the search). Reads four bytes at a time: a word holding none of them is skipped whole.
   */
  private quotedStop(from: number): number {
    const buf = this.buf;
    const dv = this.dv;
    const last = buf.length - 4;
    let p = from;
    while (p <= last) {
      const x = dv.getInt32(p, true);
      const q = x ^ 0x22222222;
      const b = x ^ 0x5c5c5c5c;
      // Per byte, the high bit is set for DQUOTE and backslash (zero after the XOR) and for bytes
      // below 0x0e; above the lowest flagged byte a borrow can flag others, the lowest one is exact.
      const m = (((q - 0x01010101) & ~q) | ((b - 0x01010101) & ~b) | ((x - 0x0e0e0e0e) & ~x)) & 0x80808080;
      if (m === 0) {
        p += 4;
        continue;
      }
      p += (31 - Math.clz32(m & -m)) >> 3;
      if (QSTOP[buf[p] as number] !== 0) return p;
      p++; // a control byte other than CR and LF
    }
    while (QSTOP[buf[p] as number] === 0) p++;
    return p;
  }

  /** The quoted content `[start, end)` with its escapes removed: `length` bytes. */
  private unescape(start: number, end: number, length: number): Uint8Array {
    const buf = this.buf;
    const out = new Uint8Array(length);
    let n = 0;
    for (let p = start; p < end; p++) {
      let c = buf[p] as number;
      if (c === BACKSLASH) {
        const next = buf[p + 1] as number;
        if (next === DQUOTE || next === BACKSLASH) {
          c = next;
          p++;
        } else if (!this.q.looseEscapes || next === CR || next === LF) this.fail("IMAP_ERR_SYNTAX", p);
      }
      out[n++] = c;
    }
    return out;
  }

  /**
   * literal / literal8: `{n}`, `{n+}` or `~{n}`, CRLF, n bytes. The framer has checked n, so the
   * value is simply the next n bytes - unless their offset is in `streamed` (bytes sent out as body
   * chunks): then the value is empty and `lastStreamed` holds n.
   */
  literal(): Uint8Array {
    const buf = this.buf;
    const limit = this.limit;
    let p = this.pos;
    if (buf[p] === TILDE) p++;
    if (buf[p] !== LBRACE || p >= limit) this.fail();
    p++;
    const digits = p;
    let n = 0;
    for (;;) {
      const d = (buf[p] as number) - DIGIT_0;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
      p++;
    }
    if (p === digits || n > MAX_SAFE) this.fail("IMAP_ERR_BAD_LITERAL", digits);
    if (buf[p] === PLUS) p++;
    if (buf[p] !== RBRACE) this.fail("IMAP_ERR_SYNTAX", p);
    p++;
    if (buf[p] === CR) p++;
    else if (!this.q.crlfRelaxed) this.fail("IMAP_ERR_SYNTAX", p);
    if (buf[p] !== LF || p >= limit) this.fail("IMAP_ERR_SYNTAX", p);
    p++;
    if (this.streamed !== undefined) {
      const size = this.streamed.get(p);
      if (size !== undefined) {
        this.lastStreamed = size;
        this.pos = p;
        return EMPTY_BYTES;
      }
    }
    if (p + n > limit) this.fail("IMAP_ERR_BAD_LITERAL", p);
    this.pos = p + n;
    return n === 0 ? EMPTY_BYTES : new Uint8Array(this.ab, this.off + p, n);
  }

  /** string: quoted or literal. */
  string(): Uint8Array {
    const c = this.peek();
    if (c === DQUOTE) return this.quoted();
    if (c === LBRACE || c === TILDE) return this.literal();
    return this.fail();
  }

  /** nstring: NIL (null), quoted or literal. */
  nstring(): Uint8Array | null {
    const c = this.buf[this.pos];
    if (this.pos < this.limit) {
      if (c === DQUOTE) return this.quoted();
      if (c === LBRACE || c === TILDE) return this.literal();
      if (this.nil()) return null;
    }
    return this.fail();
  }

  /** astring: 1*ASTRING-CHAR (any non-special byte with `looseAtomChars`) or string. */
  astring(): Uint8Array {
    const c = this.peek();
    if (c === DQUOTE) return this.quoted();
    if (c === LBRACE) return this.literal();
    const start = this.pos;
    const end = this.scan(this.q.looseAtomChars ? C_LOOSE : C_ASTRING);
    if (end === start) this.fail();
    this.pos = end;
    return new Uint8Array(this.ab, this.off + start, end - start);
  }

  /**
   * A string (quoted or literal) as a string - interned (body types, subtypes) or decoded as text
   * (dates) - without allocating a view in the common unescaped quoted case.
   */
  stringAtom(intern = true): string {
    const buf = this.buf;
    if (buf[this.pos] === DQUOTE && this.pos < this.limit) {
      const start = this.pos + 1;
      const p = this.quotedStop(start);
      if (buf[p] === DQUOTE && p < this.limit) {
        this.pos = p + 1;
        return intern ? atomString(buf, start, p) : shortText(buf, start, p);
      }
    }
    const value = this.string();
    return intern ? atomString(value, 0, value.length) : textString(value, 0, value.length);
  }

  /** Raw bytes `[s, e)` of the input (a view). */
  view(s: number, e: number): Uint8Array {
    return s === e ? EMPTY_BYTES : new Uint8Array(this.ab, this.off + s, e - s);
  }
}
