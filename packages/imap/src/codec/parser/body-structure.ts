/**
 * BODY and BODYSTRUCTURE (RFC 3501 §7.4.2, §9 `body`; RFC 9051 §7.5.2), parsed without recursion.
 *
 * Theory of operation. A body is `(` then either children (each a body) followed by the multipart
 * subtype and extension data, or a single part. A message/rfc822 single part embeds a whole body
 * between its envelope and its line count. Both kinds of nesting are kept on an explicit stack:
 *
 *   - at `(` `(` a multipart frame is pushed and its first child starts;
 *   - a message part pushes a message frame once its envelope is read and its embedded body starts;
 *   - when a body completes, it is handed to the frame on top: a multipart frame either starts the
 *     next child (another `(`) or reads its subtype and extensions and completes itself; a message
 *     frame reads the line count and extensions and completes itself. The outermost completion is
 *     the result.
 *
 * Tolerances (each a named quirk): children `("MIXED")` (§2.39), a type without subtype, `()` as an
 * embedded body and NIL strings (§2.40-§2.42), a bare disposition string, a list where the MD5
 * belongs, SP between children; unknown extension data is kept in `extra` (§2.38).
 */
import type {
  BasicBody,
  BodyDisposition,
  BodyParams,
  BodyStructure,
  Envelope,
  ExtensionValue,
  MessageBody,
  MultipartBody,
  NString,
} from "../../types/response.js";
import { DQUOTE, LBRACE, LPAREN, RPAREN, SP, TILDE } from "./chars.js";
import { envelope } from "./envelope.js";
import { extensionValue } from "./extension.js";
import { ParseError, type Reader } from "./reader.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Ext = Mutable<Pick<BasicBody, "md5" | "disposition" | "language" | "location" | "extra">>;

/** A multipart being read is just its list of children so far. */
type MultipartFrame = BodyStructure[];

interface MessageFrame {
  readonly type: string | null;
  readonly subtype: string | null;
  readonly params: BodyParams | null;
  readonly id: NString;
  readonly description: NString;
  readonly encoding: NString;
  readonly size: number;
  readonly envelope: Envelope;
}

type Frame = MultipartFrame | MessageFrame;

function isWord(s: string | null, upper: string): boolean {
  if (s === null || s.length !== upper.length) return false;
  for (let i = 0; i < upper.length; i++) if ((s.charCodeAt(i) & 0xdf) !== upper.charCodeAt(i)) return false;
  return true;
}

/** A type or subtype string; NIL with the `nilBodyStrings` quirk. */
function mediaString(r: Reader): string | null {
  const c = r.peek();
  if (c === DQUOTE || c === LBRACE || c === TILDE) return r.stringAtom();
  if (!r.q.nilBodyStrings || !r.nil()) r.fail();
  return null;
}

/** A string; NIL with the `nilBodyStrings` quirk. */
function fieldString(r: Reader): NString {
  const value = r.nstring();
  if (value === null && !r.q.nilBodyStrings) r.fail();
  return value;
}

/** body-fld-param: NIL or `(` string SP string *(SP string SP string) `)`. */
function params(r: Reader): BodyParams | null {
  if (r.peek() !== LPAREN) {
    if (r.nil()) return null;
    r.fail();
  }
  r.open();
  if (r.peek() === RPAREN) {
    if (!r.q.emptyListAsNil) r.fail();
    r.close();
    return null;
  }
  const out: Array<readonly [NString, NString]> = [];
  do {
    const name = r.string();
    r.sp();
    out.push([name, fieldString(r)]);
  } while (r.more());
  r.close();
  return out;
}

/** body-fld-dsp: NIL, `(` string SP params `)`, or a bare string (`bareInlineDisposition`, §2.42). */
function disposition(r: Reader): BodyDisposition | null {
  const c = r.peek();
  if (c === LPAREN) {
    r.open();
    const type = fieldString(r);
    r.sp();
    const p = params(r);
    r.close();
    return { type, params: p };
  }
  if (r.nil()) return null;
  if (!r.q.bareInlineDisposition) r.fail();
  return { type: r.string(), params: null };
}

/** body-fld-lang: nstring or `(` string *(SP string) `)`. */
function language(r: Reader): NString[] | null {
  if (r.peek() !== LPAREN) {
    const value = r.nstring();
    return value === null ? null : [value];
  }
  r.open();
  if (r.peek() === RPAREN) {
    if (!r.q.emptyListAsNil) r.fail();
    r.close();
    return null;
  }
  const out: NString[] = [];
  do out.push(r.nstring());
  while (r.more());
  r.close();
  return out;
}

/**
 * The extension fields read by `readExt`: scratch space reused by every part, so a part object is
 * built in one literal with all its fields (the common case: all four present) instead of growing.
 */
const ext = {
  first: null as NString | BodyParams | null,
  disposition: null as BodyDisposition | null,
  language: null as NString[] | null,
  location: null as NString,
  extra: null as ExtensionValue[] | null,
};

/**
 * body-ext-1part / body-ext-mpart: [SP md5-or-params [SP dsp [SP lang [SP loc *(SP ext)]]]].
 * Returns how many fields were present (5 when there are further extensions), values in `ext`.
 */
function readExt(r: Reader, multipart: boolean): number {
  if (!r.optional()) return 0;
  if (multipart) ext.first = params(r);
  else if (r.peek() === LPAREN) {
    if (!r.q.misplacedBodyFields) r.fail();
    extensionValue(r);
    ext.first = null;
  } else ext.first = r.nstring();
  return r.optional() ? readTail(r) : 1;
}

/** After params of a multipart missing its children: [dsp [SP lang [SP loc *(SP ext)]]], SP consumed. */
function readTail(r: Reader): number {
  ext.disposition = disposition(r);
  if (!r.optional()) return 2;
  ext.language = language(r);
  if (!r.optional()) return 3;
  ext.location = r.nstring();
  if (!r.optional()) return 4;
  const extra: ExtensionValue[] = [];
  do extra.push(extensionValue(r));
  while (r.optional());
  ext.extra = extra;
  return 5;
}

/** Adds the first `n` extension fields from `ext` to `part` (the uncommon shapes). */
function addExt(part: Ext & { params?: BodyParams | null }, n: number, multipart: boolean): void {
  if (n >= 1) {
    if (multipart) part.params = ext.first as BodyParams | null;
    else part.md5 = ext.first as NString;
  }
  if (n >= 2) part.disposition = ext.disposition;
  if (n >= 3) part.language = ext.language;
  if (n >= 4) part.location = ext.location;
  if (n >= 5) part.extra = ext.extra as ExtensionValue[];
}

/** After the last child: SP subtype [ext] `)`. */
function finishMultipart(r: Reader, subtype: string | null, parts: BodyStructure[]): MultipartBody {
  const n = readExt(r, true);
  r.close();
  if (n === 4) {
    return {
      kind: "multipart",
      subtype,
      parts,
      params: ext.first as BodyParams | null,
      disposition: ext.disposition,
      language: ext.language,
      location: ext.location,
    };
  }
  const part: Mutable<MultipartBody> = { kind: "multipart", subtype, parts };
  addExt(part, n, true);
  return part;
}

/** After the embedded body: SP lines [ext] `)`. */
function finishMessage(r: Reader, f: MessageFrame, body: BodyStructure | null): MessageBody {
  r.sp();
  const lines = r.signedNumber();
  const n = readExt(r, false);
  r.close();
  const part: Mutable<MessageBody> = {
    kind: "message",
    type: f.type,
    subtype: f.subtype,
    params: f.params,
    id: f.id,
    description: f.description,
    encoding: f.encoding,
    size: f.size,
    envelope: f.envelope,
    body,
    lines,
  };
  addExt(part, n, false);
  return part;
}

/**
 * A single part after its `(`; returns the completed part, or null when it was a message part whose
 * frame is now on the stack with the embedded body's `(` consumed.
 */
function singlePart(r: Reader, stack: Frame[]): BodyStructure | null {
  const type = mediaString(r);
  if (r.peek() === RPAREN) {
    // ("MIXED"): a multipart whose children are missing.
    if (!r.q.multipartWithoutParts) r.fail();
    r.close();
    return { kind: "multipart", subtype: type, parts: [] };
  }
  r.sp();
  if (r.peek() === LPAREN) return withoutSubtype(r, type);
  const subtype = mediaString(r);
  r.sp();
  const p = params(r);
  r.sp();
  const id = r.nstring();
  r.sp();
  const description = r.nstring();
  r.sp();
  const encoding = fieldString(r);
  r.sp();
  const size = r.signedNumber();
  if (isWord(type, "TEXT")) {
    r.sp();
    const lines = r.signedNumber();
    const n = readExt(r, false);
    r.close();
    if (n === 4) {
      const { first, disposition: dsp, language: lang, location } = ext;
      // biome-ignore format: one shape for the common case
      return { kind: "text", type, subtype, params: p, id, description, encoding, size, lines, md5: first as NString, disposition: dsp, language: lang, location };
    }
    const part: BodyStructure = {
      kind: "text",
      type,
      subtype,
      params: p,
      id,
      description,
      encoding,
      size,
      lines,
    };
    addExt(part, n, false);
    return part;
  }
  if (isWord(type, "MESSAGE") && r.peek() === SP && r.peekAt(1) === LPAREN) {
    r.sp();
    const env = envelope(r);
    r.sp();
    stack.push({ type, subtype, params: p, id, description, encoding, size, envelope: env });
    r.open();
    return null;
  }
  const n = readExt(r, false);
  r.close();
  if (n === 4) {
    const { first, disposition: dsp, language: lang, location } = ext;
    // biome-ignore format: one shape for the common case
    return { kind: "basic", type, subtype, params: p, id, description, encoding, size, md5: first as NString, disposition: dsp, language: lang, location };
  }
  const part: BodyStructure = { kind: "basic", type, subtype, params: p, id, description, encoding, size };
  addExt(part, n, false);
  return part;
}

/**
 * `("X-ZIP" (...` - the type is followed by a list. Either a single part missing its subtype
 * (`missingSubtype`), or a multipart missing its children with its extension data
 * (`multipartWithoutParts`, the form Gmail sends for a nested multipart).
 */
function withoutSubtype(r: Reader, type: string | null): BodyStructure {
  const start = r.pos;
  const depth = r.depth;
  if (r.q.missingSubtype) {
    try {
      const p = params(r);
      r.sp();
      const id = r.nstring();
      r.sp();
      const description = r.nstring();
      r.sp();
      const encoding = fieldString(r);
      r.sp();
      const size = r.signedNumber();
      const part: BodyStructure = {
        kind: "basic",
        type,
        subtype: null,
        params: p,
        id,
        description,
        encoding,
        size,
      };
      addExt(part, readExt(r, false), false);
      r.close();
      return part;
    } catch (e) {
      if (!(e instanceof ParseError) || e.reason === "IMAP_ERR_NESTING_TOO_DEEP") throw e;
      r.pos = start;
      r.depth = depth;
    }
  }
  if (!r.q.multipartWithoutParts) r.fail();
  const part: Mutable<MultipartBody> = { kind: "multipart", subtype: type, parts: [] };
  ext.first = params(r);
  const n = r.optional() ? readTail(r) : 1;
  addExt(part, n, true);
  r.close();
  return part;
}

// Parsing never re-enters, so one stack serves every call; it is emptied before and after use.
const stack: Frame[] = [];

/** A whole `body` starting at `(`. */
export function bodyStructure(r: Reader): BodyStructure {
  stack.length = 0;
  r.open();
  for (;;) {
    // At the start of a body, just after its `(`.
    let done: BodyStructure | null;
    const c = r.peek();
    if (c === LPAREN) {
      stack.push([]);
      r.open();
      continue;
    }
    if (c === RPAREN && stack.length > 0 && !Array.isArray(stack[stack.length - 1])) {
      if (!r.q.emptyNestedBody) r.fail();
      r.close();
      done = null;
    } else {
      done = singlePart(r, stack);
      if (done === null) continue;
    }
    // Hand completed bodies up until one frame needs another body.
    for (;;) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) return done as BodyStructure;
      if (!Array.isArray(frame)) {
        stack.pop();
        done = finishMessage(r, frame as MessageFrame, done);
        continue;
      }
      if (done !== null) frame.push(done);
      let next = r.peek();
      if (next === SP && r.q.spaceBetweenBodyParts) {
        let p = r.pos;
        while (p < r.limit && r.buf[p] === SP) p++;
        if (r.buf[p] === LPAREN && p < r.limit) {
          r.pos = p;
          next = LPAREN;
        }
      }
      if (next === LPAREN) {
        r.open();
        break;
      }
      stack.pop();
      r.sp();
      done = finishMultipart(r, mediaString(r), frame);
    }
  }
}
