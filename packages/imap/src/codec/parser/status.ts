/**
 * Status responses, continuation requests and response codes (RFC 3501 §7.1, §9 `resp-text`,
 * `resp-text-code`; RFC 9051 §7.1; RFC 4315, RFC 7162).
 *
 * A response code is delimited first and parsed second: the closing `]` is found by a scan that
 * skips quoted strings, literals and parenthesised lists (a `[Gmail]` keyword inside PERMANENTFLAGS
 * does not end the code, §2.26). The known codes are then parsed with the reader limited to the
 * code's bytes; anything that does not fit exactly becomes `{ code: "other", malformed: true }` with
 * the raw bytes, and the response itself stays usable (§2.24, §2.25).
 */
import type {
  ContinuationResponse,
  ResponseCode,
  StatusCondition,
  StatusResponse,
} from "../../types/response.js";
import {
  BACKSLASH,
  C_ATOM,
  CR,
  DQUOTE,
  LBRACE,
  LBRACKET,
  LF,
  LPAREN,
  RBRACE,
  RBRACKET,
  RPAREN,
  SP,
} from "./chars.js";
import { clearScratch } from "./exact.js";
import { flagList } from "./flags.js";
import { textString, upperString } from "./intern.js";
import { NUMBER64_MAX, ParseError, type Reader } from "./reader.js";
import { numberRanges } from "./sets.js";

const ALERT: ResponseCode = Object.freeze({ code: "ALERT" });
const READ_WRITE: ResponseCode = Object.freeze({ code: "READ-WRITE" });
const READ_ONLY: ResponseCode = Object.freeze({ code: "READ-ONLY" });
const TRYCREATE: ResponseCode = Object.freeze({ code: "TRYCREATE" });
const NOMODSEQ: ResponseCode = Object.freeze({ code: "NOMODSEQ" });
const CLOSED: ResponseCode = Object.freeze({ code: "CLOSED" });

/** Reads a status condition atom; null when the word is not one. */
export function condition(r: Reader): StatusCondition | null {
  const buf = r.buf;
  const start = r.pos;
  const end = r.scan(C_ATOM);
  const len = end - start;
  const w = (i: number) => (buf[start + i] as number) & 0xdf;
  let cond: StatusCondition | null = null;
  if (len === 2) {
    if (w(0) === 0x4f && w(1) === 0x4b) cond = "OK";
    else if (w(0) === 0x4e && w(1) === 0x4f) cond = "NO";
  } else if (len === 3) {
    if (w(0) === 0x42 && w(1) === 0x41 && w(2) === 0x44) cond = "BAD";
    else if (w(0) === 0x42 && w(1) === 0x59 && w(2) === 0x45) cond = "BYE";
  } else if (len === 7 && r.isWord("PREAUTH")) cond = "PREAUTH";
  if (cond !== null) r.pos = end;
  return cond;
}

/** Space-separated atoms, upper-cased (CAPABILITY, ENABLED). Stops at the reader's limit. */
export function atomList(r: Reader, out: string[]): string[] {
  while (r.moreAtEnd()) {
    const start = r.take(C_ATOM);
    out.push(upperString(r.buf, start, r.pos));
  }
  return out;
}

/**
 * Index of the `]` closing a response code that starts at `start`, or -1. Quoted strings, literals
 * and parenthesised lists are skipped; if that finds nothing, the first `]` is taken.
 */
function codeEnd(buf: Uint8Array, start: number, limit: number): number {
  let depth = 0;
  let p = start;
  while (p < limit) {
    const c = buf[p] as number;
    if (c === DQUOTE) {
      p++;
      while (p < limit && buf[p] !== DQUOTE) p += buf[p] === BACKSLASH ? 2 : 1;
    } else if (c === LBRACE) {
      let q = p + 1;
      let n = 0;
      while (q < limit && (buf[q] as number) >= 0x30 && (buf[q] as number) <= 0x39)
        n = n * 10 + (buf[q++] as number) - 0x30;
      if (q < limit && buf[q] === 0x2b) q++;
      if (q > p + 1 && buf[q] === RBRACE) {
        q++;
        if (buf[q] === CR) q++;
        if (buf[q] === LF) p = q + n;
      }
    } else if (c === LPAREN) depth++;
    else if (c === RPAREN) {
      if (depth > 0) depth--;
    } else if (c === RBRACKET && depth === 0) return p;
    p++;
  }
  for (p = start; p < limit; p++) if (buf[p] === RBRACKET) return p;
  return -1;
}

/** Parses the arguments of a known code; undefined for an unknown name. Throws when malformed. */
function knownCode(r: Reader, name: string): ResponseCode | undefined {
  switch (name) {
    case "ALERT":
      return ALERT;
    case "READ-WRITE":
      return READ_WRITE;
    case "READ-ONLY":
      return READ_ONLY;
    case "TRYCREATE":
      return TRYCREATE;
    case "NOMODSEQ":
      return NOMODSEQ;
    case "CLOSED":
      return CLOSED;
    case "CAPABILITY":
      return { code: "CAPABILITY", capabilities: atomList(r, []) };
    case "PERMANENTFLAGS":
      r.sp();
      return { code: "PERMANENTFLAGS", flags: flagList(r, true) };
    case "UIDVALIDITY":
      r.sp();
      return { code: "UIDVALIDITY", value: r.nzNumber() };
    case "UIDNEXT":
      r.sp();
      return { code: "UIDNEXT", value: r.nzNumber() };
    case "UNSEEN":
      r.sp();
      return { code: "UNSEEN", value: r.nzNumber() };
    case "APPENDUID": {
      r.sp();
      const uidValidity = r.nzNumber();
      r.sp();
      return { code: "APPENDUID", uidValidity, uids: numberRanges(r) };
    }
    case "COPYUID": {
      r.sp();
      const uidValidity = r.nzNumber();
      r.sp();
      const source = numberRanges(r);
      r.sp();
      return { code: "COPYUID", uidValidity, source, destination: numberRanges(r) };
    }
    case "HIGHESTMODSEQ":
      r.sp();
      return { code: "HIGHESTMODSEQ", value: r.bigNumber(NUMBER64_MAX) };
    case "MODIFIED":
      r.sp();
      return { code: "MODIFIED", set: numberRanges(r) };
    default:
      return undefined;
  }
}

/** `[` code `]` at `pos`; null (nothing consumed) when no closing bracket exists. */
export function responseCode(r: Reader): ResponseCode | null {
  const buf = r.buf;
  const open = r.pos;
  const close = codeEnd(buf, open + 1, r.limit);
  if (close < 0) return null;
  r.pos = open + 1;
  const nameEnd = r.scan(C_ATOM);
  const name = upperString(buf, open + 1, nameEnd);
  const limit = r.limit;
  const depth = r.depth;
  r.pos = nameEnd;
  r.limit = close;
  let code: ResponseCode | undefined | null;
  try {
    code = knownCode(r, name);
    if (code !== undefined && r.pos !== close) code = null;
  } catch (e) {
    if (!(e instanceof ParseError) || e.reason === "IMAP_ERR_NESTING_TOO_DEEP") {
      r.limit = limit;
      throw e;
    }
    code = null;
    clearScratch();
  }
  r.limit = limit;
  r.depth = depth;
  if (code === null && !r.q.malformedCodes) r.fail("IMAP_ERR_SYNTAX", open);
  r.pos = close + 1;
  if (code != null) return code;
  const rawStart = nameEnd < close && buf[nameEnd] === SP ? nameEnd + 1 : nameEnd;
  return {
    code: "other",
    name,
    raw: nameEnd === close ? null : buf.subarray(rawStart, close),
    malformed: code === null,
  };
}

/**
 * resp-text after the condition or `+`: [SP ["[" code "]" [SP]] text]. Missing SPs are the
 * `missingText` quirk (§2.23); RFC 9051 allows an empty text after the SP.
 */
function respText(r: Reader): { code: ResponseCode | null; text: string } {
  if (r.atEnd()) {
    if (!r.q.missingText) r.fail();
    return { code: null, text: "" };
  }
  r.expect(SP);
  if (r.q.doubleSpace) while (r.peek() === SP && r.peekAt(1) === LBRACKET) r.pos++;
  let code: ResponseCode | null = null;
  if (r.peek() === LBRACKET) {
    const at = r.pos;
    code = responseCode(r);
    if (code !== null) {
      if (r.atEnd()) {
        if (!r.q.missingText) r.fail();
      } else if (!r.eat(SP)) {
        // `[Gmail]/Sent ...`: a bracket that does not end a code is part of the text.
        code = null;
        r.pos = at;
      }
    }
  }
  return { code, text: textString(r.buf, r.pos, r.limit) };
}

/** After `tag SP condition` (or `* condition`). */
export function statusResponse(r: Reader, tag: string | null, cond: StatusCondition): StatusResponse {
  const { code, text } = respText(r);
  r.pos = r.limit;
  return { type: "status", tag, condition: cond, code, text };
}

/** After `+`. */
export function continuationResponse(r: Reader): ContinuationResponse {
  const { code, text } = respText(r);
  r.pos = r.limit;
  return { type: "continuation", code, text };
}
