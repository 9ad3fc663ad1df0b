/**
 * Search results: SEARCH (RFC 3501 §7.2.5, MODSEQ from RFC 7162 §3.1.5), SORT and THREAD (RFC 5256),
 * ESEARCH (RFC 4731, RFC 9051 §7.3.4, PARTIAL from RFC 9394).
 *
 * SEARCH and SORT lines can carry hundreds of thousands of numbers (§2.50): they are read in one
 * linear pass into one Uint32Array, sized from the line length (see `numbersAndModseq`). THREAD
 * trees are built with an explicit stack of open lists.
 */
import type {
  EsearchResponse,
  ExtensionValue,
  NumberRanges,
  SearchResponse,
  SortResponse,
  ThreadNode,
} from "../../types/response.js";
import { C_ATOM, COLON, LPAREN, MINUS, RPAREN, SP } from "./chars.js";
import { extensionValue } from "./extension.js";
import { textString, upperString } from "./intern.js";
import { NUMBER64_MAX, type Reader } from "./reader.js";
import { numberRanges } from "./sets.js";

/** Shared placeholder before the first number; never returned. */
const NO_NUMBERS = new Uint32Array(0);

/** `(MODSEQ n)` at the end of SEARCH/SORT. */
function modseqTail(r: Reader): bigint {
  r.open();
  r.word("MODSEQ");
  r.sp();
  const value = r.bigNumber(NUMBER64_MAX);
  r.close();
  return value;
}

/**
 * Numbers separated by SP up to the end of the line, optionally followed by `(MODSEQ n)`, in one
 * pass. The array is sized when the first number is read, for later numbers no shorter than it
 * (each then takes an SP and at least as many digits): an upper bound for ascending UIDs, exact when
 * they all have its length. Shorter numbers make it grow by doubling (never past what the rest of
 * the line can hold); a result well short of the size is copied out.
 */
function numbersAndModseq(r: Reader): { numbers: Uint32Array; modseq: bigint | null } {
  const buf = r.buf;
  const limit = r.limit;
  const doubleSpace = r.q.doubleSpace;
  let out = NO_NUMBERS;
  let n = 0;
  let modseq: bigint | null = null;
  let p = r.pos;
  while (p < limit) {
    if (buf[p] !== SP) r.fail("IMAP_ERR_SYNTAX", p);
    p++;
    let c = buf[p] as number;
    if (c === SP && doubleSpace) {
      while (p < limit && buf[p] === SP) p++;
      c = buf[p] as number;
    }
    if (p >= limit) {
      if (!r.q.trailingSpace) r.fail("IMAP_ERR_SYNTAX", p);
      break;
    }
    if (c === LPAREN) {
      r.pos = p;
      modseq = modseqTail(r);
      p = r.pos;
      break;
    }
    const start = p;
    let v = c - 0x30;
    if (v < 0 || v > 9) r.fail("IMAP_ERR_SYNTAX", start);
    // The line end at `limit` is not a digit: no bounds check needed.
    for (;;) {
      const d = (buf[++p] as number) - 0x30;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (p - start > 10 || v > 0xffffffff) r.fail("IMAP_ERR_SYNTAX", start);
    if (n === out.length) {
      // At most one more number per `digits + 1` bytes left (first number), or per 2 bytes.
      const left = limit - p;
      const size =
        n === 0 ? 1 + Math.floor(left / (p - start + 1)) : n + 1 + Math.min(left >> 1, Math.max(n, 16));
      const grown = new Uint32Array(size);
      if (n > 0) grown.set(out);
      out = grown;
    }
    out[n++] = v;
  }
  r.pos = p;
  r.end();
  let numbers: Uint32Array;
  if (n === out.length) numbers = n === 0 ? new Uint32Array(0) : out;
  else numbers = n >= out.length - (out.length >> 3) ? out.subarray(0, n) : out.slice(0, n);
  return { numbers, modseq };
}

export function searchResponse(r: Reader): SearchResponse {
  const { numbers, modseq } = numbersAndModseq(r);
  return { type: "search", numbers, modseq };
}

export function sortResponse(r: Reader): SortResponse {
  const { numbers, modseq } = numbersAndModseq(r);
  return { type: "sort", numbers, modseq };
}

function signed(r: Reader): number {
  return r.eat(MINUS) ? -r.nzNumber() : r.nzNumber();
}

/** `* ESEARCH [SP "(TAG" SP string ")"] [SP "UID"] *(SP name SP value)`. */
export function esearchResponse(r: Reader): EsearchResponse {
  let tag: string | null = null;
  let uid = false;
  let min: number | undefined;
  let max: number | undefined;
  let count: number | undefined;
  let all: NumberRanges | undefined;
  let modseq: bigint | undefined;
  let partial: EsearchResponse["partial"];
  const other: Array<readonly [string, ExtensionValue]> = [];
  let more = r.moreAtEnd();
  if (more && r.peek() === LPAREN) {
    r.open();
    r.word("TAG");
    r.sp();
    const value = r.string();
    tag = textString(value, 0, value.length);
    r.close();
    more = r.moreAtEnd();
  }
  if (more && r.isWord("UID")) {
    r.pos += 3;
    uid = true;
    more = r.moreAtEnd();
  }
  while (more) {
    const start = r.take(C_ATOM);
    const name = upperString(r.buf, start, r.pos);
    r.sp();
    switch (name) {
      case "MIN":
        min = r.uint32();
        break;
      case "MAX":
        max = r.uint32();
        break;
      case "COUNT":
        count = r.uint32();
        break;
      case "ALL":
        all = numberRanges(r);
        break;
      case "MODSEQ":
        modseq = r.bigNumber(NUMBER64_MAX);
        break;
      case "PARTIAL": {
        r.open();
        const low = signed(r);
        r.expect(COLON);
        const high = signed(r);
        r.sp();
        const set = r.nil() ? [] : numberRanges(r);
        r.close();
        partial = { range: [low, high], set };
        break;
      }
      default:
        other.push([name, extensionValue(r)]);
    }
    more = r.moreAtEnd();
  }
  r.end();
  const out: { -readonly [K in keyof EsearchResponse]: EsearchResponse[K] } = {
    type: "esearch",
    tag,
    uid,
    other,
  };
  if (min !== undefined) out.min = min;
  if (max !== undefined) out.max = max;
  if (count !== undefined) out.count = count;
  if (all !== undefined) out.all = all;
  if (modseq !== undefined) out.modseq = modseq;
  if (partial !== undefined) out.partial = partial;
  return out;
}

interface MutableThreadNode {
  readonly id: number | null;
  readonly children: MutableThreadNode[];
}

interface ThreadFrame {
  root: MutableThreadNode | null;
  last: MutableThreadNode | null;
}

/**
 * `* THREAD` *thread-list. In `(3 6 (4 23)(44 7 96))` each number is the child of the one before it
 * and the nested lists are children of the last number; a list that starts with nested lists gets a
 * dummy parent (id null).
 */
export function threadResponse(r: Reader): { type: "thread"; threads: ThreadNode[] } {
  const threads: ThreadNode[] = [];
  if (!r.moreAtEnd()) {
    r.end();
    return { type: "thread", threads };
  }
  const stack: ThreadFrame[] = [];
  while (r.peek() === LPAREN) {
    r.open();
    stack.push({ root: null, last: null });
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as ThreadFrame;
      const c = r.peek();
      if (c === LPAREN) {
        r.open();
        if (top.last === null) top.root = top.last = { id: null, children: [] };
        stack.push({ root: null, last: null });
      } else if (c === RPAREN) {
        r.close();
        stack.pop();
        const node = top.root;
        if (node === null) continue;
        const parent = stack[stack.length - 1];
        if (parent === undefined) threads.push(node);
        else (parent.last as MutableThreadNode).children.push(node);
      } else {
        if (top.last !== null) {
          if (c !== SP) r.fail();
          r.pos++;
          const next = r.peek();
          if (next === LPAREN) continue;
          if (next === RPAREN && r.q.trailingSpace) continue;
        }
        const node: MutableThreadNode = { id: r.nzNumber(), children: [] };
        if (top.last === null) top.root = node;
        else top.last.children.push(node);
        top.last = node;
      }
    }
  }
  r.end();
  return { type: "thread", threads };
}
