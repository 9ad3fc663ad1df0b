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
  BodyExtension,
  BodyParams,
  BodyStructure,
  Envelope,
  ExtensionValue,
  MessageBody,
  MultipartBody,
  NString,
  SinglePartFields,
  TextBody,
} from "../../types/response.js";
import { DQUOTE, LBRACE, LPAREN, RPAREN, SP, TILDE } from "./chars.js";
import { envelope } from "./envelope.js";
import { scratchArray, takeExact } from "./exact.js";
import { extensionValue } from "./extension.js";
import { ParseError, type Reader } from "./reader.js";

/** The fields of a message part read before its embedded body. */
type MessageFrame = Omit<SinglePartFields, keyof BodyExtension> & { readonly envelope: Envelope };

/**
 * An open body: a multipart is the index in `children` where its children start, a message part
 * the fields read before its embedded body.
 */
type Frame = number | MessageFrame;

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

const paramScratch = scratchArray<readonly [NString, NString]>();

/** body-fld-param: NIL or `(` string SP string *(SP string SP string) `)`. */
function paramList(r: Reader): BodyParams | null {
  if (r.peek() !== LPAREN) {
    if (r.nil()) return null;
    r.fail();
  }
  if (!r.openNonEmpty()) return null;
  const pairs = paramScratch;
  let n = 0;
  do {
    const name = r.string();
    r.sp();
    pairs[n++] = [name, fieldString(r)];
  } while (r.more());
  r.close();
  return takeExact(pairs, 0, n);
}

/** body-fld-dsp: NIL, `(` string SP params `)`, or a bare string (`bareInlineDisposition`, §2.42). */
function disposition(r: Reader): BodyDisposition | null {
  const c = r.peek();
  if (c === LPAREN) {
    r.open();
    const type = fieldString(r);
    r.sp();
    const params = paramList(r);
    r.close();
    return { type, params };
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
  if (!r.openNonEmpty()) return null;
  const out: NString[] = [];
  do out.push(r.nstring());
  while (r.more());
  r.close();
  return out;
}

/**
 * The extension fields read by `readExt`: scratch space reused by every part, so a part object is
 * built in one literal with all its fields instead of growing.
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
  if (multipart) ext.first = paramList(r);
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

// Each part is made by one object literal holding exactly its fields, one literal per number of
// extension fields present (`n`, from `readExt`): no field is added afterwards, so every part of a
// kind and extent has the same fixed layout, and the engine keeps no chain of intermediate ones.

/** A multipart with the first `n` extension fields in `ext` (its body parameters first). */
function multipartBody(subtype: string | null, parts: BodyStructure[], n: number): MultipartBody {
  const params = ext.first as BodyParams | null;
  const { disposition, language, location } = ext;
  // biome-ignore format: one layout per line
  switch (n) {
    case 0: return { kind: "multipart", subtype, parts };
    case 1: return { kind: "multipart", subtype, parts, params };
    case 2: return { kind: "multipart", subtype, parts, params, disposition };
    case 3: return { kind: "multipart", subtype, parts, params, disposition, language };
    case 4: return { kind: "multipart", subtype, parts, params, disposition, language, location };
    default: return { kind: "multipart", subtype, parts, params, disposition, language, location, extra: ext.extra as ExtensionValue[] };
  }
}

/** A basic part with the first `n` extension fields in `ext`. */
// biome-ignore format: the fields of a single part, in order
function basicBody(type: string | null, subtype: string | null, params: BodyParams | null, id: NString, description: NString, encoding: NString, size: number, n: number): BasicBody {
  const md5 = ext.first as NString;
  const { disposition, language, location } = ext;
  // biome-ignore format: one layout per line
  switch (n) {
    case 0: return { kind: "basic", type, subtype, params, id, description, encoding, size };
    case 1: return { kind: "basic", type, subtype, params, id, description, encoding, size, md5 };
    case 2: return { kind: "basic", type, subtype, params, id, description, encoding, size, md5, disposition };
    case 3: return { kind: "basic", type, subtype, params, id, description, encoding, size, md5, disposition, language };
    case 4: return { kind: "basic", type, subtype, params, id, description, encoding, size, md5, disposition, language, location };
    default: return { kind: "basic", type, subtype, params, id, description, encoding, size, md5, disposition, language, location, extra: ext.extra as ExtensionValue[] };
  }
}

/** A text part with the first `n` extension fields in `ext`. */
// biome-ignore format: the fields of a single part, in order
function textBody(type: string | null, subtype: string | null, params: BodyParams | null, id: NString, description: NString, encoding: NString, size: number, lines: number, n: number): TextBody {
  const md5 = ext.first as NString;
  const { disposition, language, location } = ext;
  // biome-ignore format: one layout per line
  switch (n) {
    case 0: return { kind: "text", type, subtype, params, id, description, encoding, size, lines };
    case 1: return { kind: "text", type, subtype, params, id, description, encoding, size, lines, md5 };
    case 2: return { kind: "text", type, subtype, params, id, description, encoding, size, lines, md5, disposition };
    case 3: return { kind: "text", type, subtype, params, id, description, encoding, size, lines, md5, disposition, language };
    case 4: return { kind: "text", type, subtype, params, id, description, encoding, size, lines, md5, disposition, language, location };
    default: return { kind: "text", type, subtype, params, id, description, encoding, size, lines, md5, disposition, language, location, extra: ext.extra as ExtensionValue[] };
  }
}

/** A message part with the first `n` extension fields in `ext`. */
function messageBody(f: MessageFrame, body: BodyStructure | null, lines: number, n: number): MessageBody {
  const { type, subtype, params, id, description, encoding, size, envelope } = f;
  const md5 = ext.first as NString;
  const { disposition, language, location } = ext;
  // biome-ignore format: one layout per line
  switch (n) {
    case 0: return { kind: "message", type, subtype, params, id, description, encoding, size, envelope, body, lines };
    case 1: return { kind: "message", type, subtype, params, id, description, encoding, size, envelope, body, lines, md5 };
    case 2: return { kind: "message", type, subtype, params, id, description, encoding, size, envelope, body, lines, md5, disposition };
    case 3: return { kind: "message", type, subtype, params, id, description, encoding, size, envelope, body, lines, md5, disposition, language };
    case 4: return { kind: "message", type, subtype, params, id, description, encoding, size, envelope, body, lines, md5, disposition, language, location };
    default: return { kind: "message", type, subtype, params, id, description, encoding, size, envelope, body, lines, md5, disposition, language, location, extra: ext.extra as ExtensionValue[] };
  }
}

/** After the last child: SP subtype [ext] `)`. */
function finishMultipart(r: Reader, subtype: string | null, parts: BodyStructure[]): MultipartBody {
  const n = readExt(r, true);
  r.close();
  return multipartBody(subtype, parts, n);
}

/** After the embedded body: SP lines [ext] `)`. */
function finishMessage(r: Reader, f: MessageFrame, body: BodyStructure | null): MessageBody {
  r.sp();
  const lines = r.signedNumber();
  const n = readExt(r, false);
  r.close();
  return messageBody(f, body, lines, n);
}

/**
 * A single part after its `(`; returns the completed part, or null when it was a message part whose
 * frame is now on the stack with the embedded body's `(` consumed.
 */
function singlePart(r: Reader): BodyStructure | null {
  const type = mediaString(r);
  if (r.peek() === RPAREN) {
    // ("MIXED"): a multipart whose children are missing.
    if (!r.q.multipartWithoutParts) r.fail();
    r.close();
    return multipartBody(type, [], 0);
  }
  r.sp();
  if (r.peek() === LPAREN) return withoutSubtype(r, type);
  const subtype = mediaString(r);
  r.sp();
  const params = paramList(r);
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
    return textBody(type, subtype, params, id, description, encoding, size, lines, n);
  }
  if (isWord(type, "MESSAGE") && r.peek() === SP && r.peekAt(1) === LPAREN) {
    r.sp();
    const env = envelope(r);
    r.sp();
    frames[frameTop++] = { type, subtype, params, id, description, encoding, size, envelope: env };
    r.open();
    return null;
  }
  const n = readExt(r, false);
  r.close();
  return basicBody(type, subtype, params, id, description, encoding, size, n);
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
      const params = paramList(r);
      r.sp();
      const id = r.nstring();
      r.sp();
      const description = r.nstring();
      r.sp();
      const encoding = fieldString(r);
      r.sp();
      const size = r.signedNumber();
      const n = readExt(r, false);
      r.close();
      return basicBody(type, null, params, id, description, encoding, size, n);
    } catch (e) {
      if (!(e instanceof ParseError) || e.reason === "IMAP_ERR_NESTING_TOO_DEEP") throw e;
      r.pos = start;
      r.depth = depth;
      paramScratch.length = 0;
    }
  }
  if (!r.q.multipartWithoutParts) r.fail();
  ext.first = paramList(r);
  const n = r.optional() ? readTail(r) : 1;
  r.close();
  return multipartBody(type, [], n);
}

// Parsing never re-enters, so one stack of open bodies and one list of the completed children of
// open multiparts serve every call; both are emptied as bodies complete (and by `clearScratch`).
const frames = scratchArray<Frame>();
let frameTop = 0;
const children = scratchArray<BodyStructure>();
let childTop = 0;

/** The children of the multipart whose first child is at `start`. */
function takeChildren(start: number): BodyStructure[] {
  const parts = takeExact(children, start, childTop);
  childTop = start;
  return parts;
}

/** A whole `body` starting at `(`. */
export function bodyStructure(r: Reader): BodyStructure {
  frameTop = 0;
  childTop = 0;
  r.open();
  for (;;) {
    // At the start of a body, just after its `(`.
    let done: BodyStructure | null;
    const c = r.peek();
    if (c === LPAREN) {
      frames[frameTop++] = childTop;
      r.open();
      continue;
    }
    if (c === RPAREN && frameTop > 0 && typeof frames[frameTop - 1] !== "number") {
      if (!r.q.emptyNestedBody) r.fail();
      r.close();
      done = null;
    } else {
      done = singlePart(r);
      if (done === null) continue;
    }
    // Hand completed bodies up until one frame needs another body.
    for (;;) {
      if (frameTop === 0) return done as BodyStructure;
      const frame = frames[frameTop - 1] as Frame;
      if (typeof frame !== "number") {
        frames[--frameTop] = undefined;
        done = finishMessage(r, frame, done);
        continue;
      }
      if (done !== null) children[childTop++] = done;
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
      frames[--frameTop] = undefined;
      const parts = takeChildren(frame);
      r.sp();
      done = finishMultipart(r, mediaString(r), parts);
    }
  }
}
