/**
 * Cuts one response's octets (a session event's `raw`) into what a raw view shows: lines, each up to
 * and including its line end, the octets of each literal, and markers for literals that were
 * streamed. `raw` leaves streamed bodies out but keeps their announcement (`BODY[] {70000}`), so the
 * announcement is matched against the streamed sizes the parsed FETCH reports, in order, and against
 * the item it belongs to; an announcement that claims more octets than are left is taken as what is
 * there. Never scans literal octets.
 */

/** A part of a response: `[start, end)` of its octets; a streamed literal is empty and has a `size`. */
export interface ResponsePiece {
  readonly kind: "line" | "literal" | "streamed";
  readonly start: number;
  readonly end: number;
  /** Octets on the wire: `end - start`, or the streamed literal's size. */
  readonly size: number;
}

const LF = 0x0a;
const CR = 0x0d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const PLUS = 0x2b;
const TILDE = 0x7e;
const SPACE = 0x20;
const CLOSE_BRACKET = 0x5d;
const GREATER = 0x3e;

/** Where the `{` (or `~{`) of a literal announcement ending the line `[start, end)` is, and its count. */
function announcement(raw: Uint8Array, start: number, end: number): { at: number; count: number } | null {
  let i = end - 1;
  if (i < start || raw[i] !== CLOSE_BRACE) return null;
  i--;
  if (raw[i] === PLUS) i--;
  let count = 0;
  let scale = 1;
  const digitsEnd = i;
  while (i >= start && (raw[i] as number) >= 0x30 && (raw[i] as number) <= 0x39) {
    count += ((raw[i] as number) - 0x30) * scale;
    scale *= 10;
    i--;
  }
  const digits = digitsEnd - i;
  if (digits === 0 || digits > 10 || i < start || raw[i] !== OPEN_BRACE) return null;
  if (i > start && raw[i - 1] === TILDE) i--;
  return { at: i, count };
}

/** Whether the announcement at `at` is the value of a body section (`BODY[...]`, `...]<0>`, `RFC822*`). */
function isSectionValue(raw: Uint8Array, start: number, at: number): boolean {
  if (at - 1 < start || raw[at - 1] !== SPACE) return false;
  const before = raw[at - 2];
  if (before === CLOSE_BRACKET || before === GREATER) return true;
  let word = "";
  for (let i = at - 2; i >= start && i >= at - 15 && raw[i] !== SPACE && raw[i] !== 0x28; i--) {
    word = String.fromCharCode(raw[i] as number) + word;
  }
  return /^RFC822(\.TEXT|\.HEADER)?$/i.test(word);
}

function line(start: number, end: number): ResponsePiece {
  return { kind: "line", start, end, size: end - start };
}

/** The pieces of `raw`; `streamedSizes` are the sizes of its streamed literals, in order. */
export function responsePieces(raw: Uint8Array, streamedSizes: readonly number[] = []): ResponsePiece[] {
  const pieces: ResponsePiece[] = [];
  let streamed = 0;
  let pos = 0;
  while (pos < raw.length) {
    const lf = raw.indexOf(LF, pos);
    if (lf === -1) {
      pieces.push(line(pos, raw.length));
      break;
    }
    const lineStart = pos;
    pos = lf + 1;
    pieces.push(line(lineStart, pos));
    const literal = announcement(raw, lineStart, lf > lineStart && raw[lf - 1] === CR ? lf - 1 : lf);
    if (literal === null) continue;
    if (
      literal.count > 0 &&
      streamedSizes[streamed] === literal.count &&
      isSectionValue(raw, lineStart, literal.at)
    ) {
      streamed++;
      pieces.push({ kind: "streamed", start: pos, end: pos, size: literal.count });
      continue;
    }
    const end = Math.min(raw.length, pos + literal.count);
    if (end > pos) pieces.push({ kind: "literal", start: pos, end, size: end - pos });
    pos = end;
  }
  return pieces;
}
