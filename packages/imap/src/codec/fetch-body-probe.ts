/**
 * Which FETCH item a literal belongs to: the framer asks this before streaming a literal above the
 * stream threshold, to report `bodyStarted` with the message, UID and section. Runs only for such
 * literals, so it favours clarity over speed.
 */
import type { BodySection } from "../types/response.js";
import type { DecodeEvent } from "./decode-event.js";
import { isDigit, parseCount } from "./literal-count.js";
import {
  BACKSLASH,
  CR,
  DQUOTE,
  GT,
  LBRACE,
  LBRACKET,
  LF,
  LPAREN,
  LT,
  PLUS,
  RBRACE,
  RBRACKET,
  RPAREN,
  SP,
  STAR,
  TILDE,
} from "./parser/chars.js";

/** What `bodyStarted` reports about a streamed body, besides its size. */
export type FetchBodyTarget = Omit<Extract<DecodeEvent, { type: "bodyStarted" }>, "type" | "size">;

/**
 * When `view[lo, ann)` is the start of a `* n FETCH (` response whose last item is a body item
 * (`BODY[...]`, `BODY[...]<origin>`, `BINARY[...]`, `RFC822`, `RFC822.TEXT`, `RFC822.HEADER`) waiting
 * for its value at `ann`, returns what `bodyStarted` reports about it; otherwise null. Walks the
 * items before it (skipping values, earlier literals included) to find the UID if it came first.
 * Runs only for literals above the stream threshold, so its cost does not matter.
 */
export function inspectFetchBody(
  view: Uint8Array,
  lo: number,
  ann: number,
  streamed: ReadonlyMap<number, number> | null,
): FetchBodyTarget | null {
  let i = lo;
  if (view[i] !== STAR) return null;
  i = skipSpaces(view, i + 1, ann);
  const seqStart = i;
  while (i < ann && isDigit(view[i] as number)) i++;
  if (i === seqStart || i - seqStart > 10) return null;
  const seq = Number(asciiUpper(view, seqStart, i));
  i = skipSpaces(view, i, ann);
  if (i + 5 > ann || asciiUpper(view, i, i + 5) !== "FETCH") return null;
  i = skipSpaces(view, i + 5, ann);
  if (view[i] !== LPAREN) return null;
  i++;
  let uid: number | null = null;
  for (;;) {
    i = skipSpaces(view, i, ann);
    const nameStart = i;
    while (i < ann && isItemNameByte(view[i] as number)) i++;
    if (i === nameStart) return null;
    const name = asciiUpper(view, nameStart, i);
    let section: string | null = null;
    let origin: number | null = null;
    if (view[i] === LBRACKET) {
      const close = findSectionEnd(view, i + 1, ann);
      if (close < 0) return null;
      section = asciiUpper(view, i + 1, close);
      i = close + 1;
    }
    if (view[i] === LT) {
      const digitsStart = i + 1;
      i = digitsStart;
      while (i < ann && isDigit(view[i] as number)) i++;
      if (i === digitsStart || i - digitsStart > 15 || view[i] !== GT) return null;
      origin = Number(asciiUpper(view, digitsStart, i));
      i++;
    }
    const valueStart = skipSpaces(view, i, ann);
    if (valueStart === ann) {
      const item = bodyItem(name, section !== null);
      return item === null ? null : { seq, uid, item, section: section ?? "", origin };
    }
    i = skipValue(view, valueStart, ann, lo, streamed);
    if (i < 0) return null;
    if (name === "UID" && i > valueStart && i - valueStart <= 10) {
      const text = asciiUpper(view, valueStart, i);
      if (/^\d+$/.test(text)) uid = Number(text);
    }
  }
}

function bodyItem(name: string, hasSection: boolean): BodySection["item"] | null {
  if (hasSection) return name === "BODY" || name === "BINARY" ? name : null;
  return name === "RFC822" || name === "RFC822.TEXT" || name === "RFC822.HEADER" ? name : null;
}

function isItemNameByte(b: number): boolean {
  return (
    b > SP &&
    b < 0x7f &&
    b !== LPAREN &&
    b !== RPAREN &&
    b !== LBRACKET &&
    b !== RBRACKET &&
    b !== LT &&
    b !== LBRACE &&
    b !== DQUOTE
  );
}

function skipSpaces(view: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to && view[i] === SP) i++;
  return i;
}

function asciiUpper(view: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i < to; i++) {
    const b = view[i] as number;
    s += String.fromCharCode(b >= 0x61 && b <= 0x7a ? b - 0x20 : b);
  }
  return s;
}

/** Index of the `]` closing a section spec that starts at `from` (quoted strings may hold `]`), or -1. */
function findSectionEnd(view: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const b = view[i];
    if (b === RBRACKET) return i;
    if (b === DQUOTE) {
      i = skipQuoted(view, i + 1, to) - 1;
      if (i < 0) return -1;
    }
  }
  return -1;
}

/** Index after the quoted string whose content starts at `from`, or -1 when it does not end before `to`. */
function skipQuoted(view: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const b = view[i];
    if (b === BACKSLASH) i++;
    else if (b === DQUOTE) return i + 1;
  }
  return -1;
}

/**
 * Index after the literal announced at `from` (`{n}`, `{n+}` or `~{n}`, then CRLF or LF, then n octets
 * unless it was streamed), or -1 when it is malformed or does not end before `to`.
 */
function skipLiteral(
  view: Uint8Array,
  from: number,
  to: number,
  lo: number,
  streamed: ReadonlyMap<number, number> | null,
): number {
  let i = view[from] === TILDE ? from + 2 : from + 1;
  const digitsStart = i;
  while (i < to && isDigit(view[i] as number)) i++;
  if (i === digitsStart) return -1;
  const count = parseCount(view, digitsStart, i);
  if (count < 0) return -1;
  if (view[i] === PLUS) i++;
  if (view[i] !== RBRACE) return -1;
  i++;
  if (view[i] === CR) i++;
  if (view[i] !== LF) return -1;
  i++;
  const end = streamed?.has(i - lo) === true ? i : i + count;
  return end <= to ? end : -1;
}

/**
 * Index after the FETCH item value starting at `from` (atom, number, quoted string, literal or a
 * parenthesised list of those, nested), or -1 when the value does not end before `to`.
 */
function skipValue(
  view: Uint8Array,
  from: number,
  to: number,
  lo: number,
  streamed: ReadonlyMap<number, number> | null,
): number {
  let depth = 0;
  let i = from;
  while (i < to) {
    const b = view[i];
    if (b === LPAREN) {
      depth++;
      i++;
    } else if (b === RPAREN) {
      if (depth === 0) return i;
      depth--;
      i++;
    } else if (b === DQUOTE) {
      i = skipQuoted(view, i + 1, to);
      if (i < 0) return -1;
    } else if (b === LBRACE || (b === TILDE && view[i + 1] === LBRACE)) {
      i = skipLiteral(view, i, to, lo, streamed);
      if (i < 0) return -1;
    } else if (b === SP) {
      if (depth === 0) return i;
      i++;
    } else {
      i++;
      continue;
    }
    if (depth === 0) return i;
  }
  return -1;
}
