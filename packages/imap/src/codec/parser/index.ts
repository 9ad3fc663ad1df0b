/**
 * The grammar parser of @tagwire/imap: one complete, framed response in, one typed `Response` out.
 *
 * Theory of operation. The framer hands over a response's bytes - its line(s) with the inline
 * literals - and the parser walks them once with a `Reader` (integer offsets, byte comparisons, no
 * tokens, no line decoding). The first bytes select the response kind: `+` continuation, `*` untagged
 * (a number then EXISTS/RECENT/EXPUNGE/FETCH, or a keyword), otherwise a tag and a status. Each kind
 * has its module; nested structures (BODYSTRUCTURE, THREAD, extension data) use explicit stacks, so
 * hostile nesting fails the `maxNesting` check instead of the call stack.
 *
 * It never throws: a grammar error inside a correctly framed response gives an `UnparsedResponse`
 * carrying the whole response, the tag when the start of the response was well-formed, a stable
 * reason code and the offset where parsing stopped. Unknown untagged types (`* NOOP`) are reported
 * the same way with the reason `IMAP_ERR_UNKNOWN_RESPONSE`.
 */
import type { Response, UnparsedResponse } from "../../types/response.js";
import { C_ATOM, C_TAG, UPPER } from "./chars.js";
import { clearScratch } from "./exact.js";
import { fetchResponse } from "./fetch.js";
import { atomString, upperString } from "./intern.js";
import { listResponse, namespaceResponse, statusDataResponse } from "./list.js";
import { capabilityResponse, enabledResponse, flagsResponse, idResponse, vanishedResponse } from "./misc.js";
import { type ParserQuirks, resolveQuirks } from "./quirks.js";
import { ParseError, Reader } from "./reader.js";
import { esearchResponse, searchResponse, sortResponse, threadResponse } from "./search.js";
import { condition, continuationResponse, statusResponse } from "./status.js";

export type { ParserQuirks } from "./quirks.js";
export { DEFAULT_QUIRKS, STRICT_QUIRKS } from "./quirks.js";

/** What the parser needs to know about the session. */
export interface ParseContext {
  /** UTF8=ACCEPT enabled or IMAP4rev2: mailbox names are UTF-8 rather than modified UTF-7. */
  utf8: boolean;
  /** Deepest parenthesis nesting accepted. */
  maxNesting: number;
  /** Tolerances to turn off (all are on by default). */
  quirks?: Partial<ParserQuirks>;
}

/** Stable reason of an `UnparsedResponse` for a well-formed response of an unknown type. */
export const UNKNOWN_RESPONSE = "IMAP_ERR_UNKNOWN_RESPONSE";

// Parsing is synchronous and never re-entered, so one reader serves every call.
const reader = new Reader();

/**
 * Parses one complete, framed response (line(s) + inline literals `{n}\r\n<n bytes>`, final CRLF or
 * bare LF included).
 *
 * `streamed` maps the offset just after a literal announcement's line end to n for literals whose
 * bytes were streamed out and are NOT present in `bytes` (they count as zero bytes; the BodySection
 * gets `data: null, streamedSize: n`). Never throws: malformed input gives an `UnparsedResponse`
 * (with the tag if readable, a reason code and the offset).
 */
export function parseResponse(
  bytes: Uint8Array,
  ctx: ParseContext,
  streamed?: ReadonlyMap<number, number>,
): Response {
  const r = reader;
  try {
    r.reset(bytes, ctx.maxNesting, ctx.utf8, resolveQuirks(ctx.quirks), streamed);
    const result = response(r);
    r.release();
    return result;
  } catch (e) {
    // Anything else than a ParseError is a parser bug; it still must not escape.
    const reason = e instanceof ParseError ? e.reason : "IMAP_ERR_SYNTAX";
    const offset = e instanceof ParseError ? e.offset : r.pos;
    r.release();
    clearScratch();
    return unparsed(bytes, r.tag, reason, offset);
  }
}

function unparsed(raw: Uint8Array, tag: string | null, reason: string, offset: number): UnparsedResponse {
  return { type: "unparsed", tag, raw, reason, offset: Math.min(offset, raw.length) };
}

function response(r: Reader): Response {
  if (r.q.leadingNul) while (r.pos < r.limit && r.buf[r.pos] === 0) r.pos++;
  const c = r.peek();
  if (c === 0x2b) {
    r.pos++;
    r.tag = "+";
    return continuationResponse(r);
  }
  if (c === 0x2a) {
    r.pos++;
    r.tag = "*";
    r.sp();
    return untagged(r);
  }
  const start = r.pos;
  const end = r.scan(C_TAG);
  if (end === start) r.fail();
  const tag = atomString(r.buf, start, end);
  r.pos = end;
  r.sp();
  const cond = condition(r);
  if (cond === null || cond === "PREAUTH" || cond === "BYE") r.fail();
  r.tag = tag;
  return statusResponse(r, tag, cond);
}

function untagged(r: Reader): Response {
  const c = r.peek();
  if (c >= 0x30 && c <= 0x39) return numbered(r);
  const cond = condition(r);
  if (cond !== null) return statusResponse(r, null, cond);
  const start = r.take(C_ATOM);
  const name = upperString(r.buf, start, r.pos);
  switch (name) {
    case "CAPABILITY":
      return capabilityResponse(r);
    case "FLAGS":
      return flagsResponse(r);
    case "LIST":
    case "LSUB":
    case "XLIST":
      return listResponse(r, name);
    case "STATUS":
      return statusDataResponse(r);
    case "SEARCH":
      return searchResponse(r);
    case "ESEARCH":
      return esearchResponse(r);
    case "SORT":
      return sortResponse(r);
    case "THREAD":
      return threadResponse(r);
    case "VANISHED":
      return vanishedResponse(r);
    case "ENABLED":
      return enabledResponse(r);
    case "NAMESPACE":
      return namespaceResponse(r);
    case "ID":
      return idResponse(r);
    default:
      return r.fail(UNKNOWN_RESPONSE, start);
  }
}

/** `* n EXISTS|RECENT|EXPUNGE|FETCH`. */
function numbered(r: Reader): Response {
  const numberAt = r.pos;
  const n = r.uint32();
  r.sp();
  const start = r.take(C_ATOM);
  const buf = r.buf;
  // FETCH dominates: recognise it without building a string.
  const name =
    r.pos - start === 5 &&
    UPPER[buf[start] as number] === 0x46 &&
    UPPER[buf[start + 1] as number] === 0x45 &&
    UPPER[buf[start + 2] as number] === 0x54 &&
    UPPER[buf[start + 3] as number] === 0x43 &&
    UPPER[buf[start + 4] as number] === 0x48
      ? "FETCH"
      : upperString(buf, start, r.pos);
  switch (name) {
    case "FETCH":
      if (n === 0 && !r.q.zeroSequenceNumber) r.fail("IMAP_ERR_SYNTAX", numberAt);
      return fetchResponse(r, n);
    case "EXISTS":
      r.end();
      return { type: "exists", count: n };
    case "RECENT":
      r.end();
      return { type: "recent", count: n };
    case "EXPUNGE":
      if (n === 0 && !r.q.zeroSequenceNumber) r.fail("IMAP_ERR_SYNTAX", numberAt);
      r.end();
      return { type: "expunge", seq: n };
    default:
      return r.fail(UNKNOWN_RESPONSE, start);
  }
}
