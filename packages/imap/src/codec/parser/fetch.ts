/**
 * FETCH data (RFC 3501 §7.4.2, RFC 9051 §7.5.2; BINARY RFC 3516, CONDSTORE RFC 7162, PREVIEW
 * RFC 8970, Gmail's X-GM-* extensions). Items are dispatched on their name's bytes, compared
 * case-insensitively in place; unknown items keep their upper-cased name and a generic value.
 */
import type { BodySection, FetchItems, FetchResponse } from "../../types/response.js";
import { bodyStructure } from "./body-structure.js";
import {
  BACKSLASH,
  C_ATOM,
  C_LOOSE,
  C_NAME,
  CLASS,
  GT,
  LBRACKET,
  LPAREN,
  LT,
  RBRACKET,
  RPAREN,
  SP,
} from "./chars.js";
import { envelope } from "./envelope.js";
import { extensionValue } from "./extension.js";
import { flagList } from "./flags.js";
import { upperString } from "./intern.js";
import { NUMBER64_MAX, type Reader, UINT64_MAX } from "./reader.js";

/** An item name as the bytes `is` compares with: lower-case ASCII. */
function itemName(name: string): Uint8Array {
  return Uint8Array.from(name.toLowerCase(), (c) => c.charCodeAt(0));
}

const N_BINARY = itemName("BINARY");
const N_BINARY_SIZE = itemName("BINARY.SIZE");
const N_BODY = itemName("BODY");
const N_BODYSTRUCTURE = itemName("BODYSTRUCTURE");
const N_ENVELOPE = itemName("ENVELOPE");
const N_FLAGS = itemName("FLAGS");
const N_INTERNALDATE = itemName("INTERNALDATE");
const N_MODSEQ = itemName("MODSEQ");
const N_PREVIEW = itemName("PREVIEW");
const N_RFC822 = itemName("RFC822");
const N_RFC822_HEADER = itemName("RFC822.HEADER");
const N_RFC822_SIZE = itemName("RFC822.SIZE");
const N_RFC822_TEXT = itemName("RFC822.TEXT");
const N_UID = itemName("UID");
const N_X_GM_LABELS = itemName("X-GM-LABELS");
const N_X_GM_MSGID = itemName("X-GM-MSGID");
const N_X_GM_THRID = itemName("X-GM-THRID");

/**
 * True when `[s, e)`, a run of item-name bytes (letters, digits, `.`, `-`: see `C_NAME`), is `name`
 * case-insensitively. On those bytes, setting bit 0x20 folds case and changes nothing else.
 */
function is(buf: Uint8Array, s: number, e: number, name: Uint8Array): boolean {
  const n = name.length;
  if (e - s !== n) return false;
  for (let i = 0; i < n; i++) if (((buf[s + i] as number) | 0x20) !== name[i]) return false;
  return true;
}

/**
 * `[section-spec]`, normalised: upper-cased, header-field lists without quotes and single-spaced,
 * e.g. `BODY[header.fields (From "To")]` → `HEADER.FIELDS (FROM TO)`.
 */
function section(r: Reader): string {
  r.expect(LBRACKET);
  const buf = r.buf;
  if (r.eat(RBRACKET)) return "";
  const start = r.pos;
  const end = r.scan(C_NAME);
  r.pos = end;
  let spec = upperString(buf, start, end);
  if (r.peek() === SP && r.peekAt(1) === LPAREN) {
    r.pos++;
    r.open();
    let fields = "";
    if (r.peek() !== RPAREN) {
      do {
        const field = r.astring();
        fields +=
          fields === "" ? upperString(field, 0, field.length) : ` ${upperString(field, 0, field.length)}`;
      } while (r.more());
    }
    r.close();
    spec = `${spec} (${fields})`;
  }
  r.expect(RBRACKET);
  return spec;
}

/** `<n>` after a section, or null. */
function origin(r: Reader): number | null {
  if (!r.eat(LT)) return null;
  const n = r.number();
  r.expect(GT);
  return n;
}

/** SP nstring / literal8 of a body section; a streamed literal gives `data: null` and its size. */
function sectionValue(r: Reader, item: BodySection["item"], spec: string, at: number | null): BodySection {
  r.sp();
  r.lastStreamed = -1;
  const data = r.nstring();
  if (r.lastStreamed >= 0) {
    return { item, section: spec, origin: at, data: null, streamedSize: r.lastStreamed };
  }
  return { item, section: spec, origin: at, data };
}

function addSection(items: FetchItems, s: BodySection): void {
  if (items.sections === undefined) items.sections = [s];
  else items.sections.push(s);
}

/** X-GM-LABELS: `(` astrings and `\Flag` atoms `)`, as bytes (`"\\Inbox"` decodes to `\Inbox`). */
function labels(r: Reader): Uint8Array[] {
  r.open();
  const out: Uint8Array[] = [];
  if (r.peek() !== RPAREN) {
    do {
      if (r.peek() === BACKSLASH) {
        const start = r.pos;
        r.pos++;
        const end = r.scan(r.q.looseAtomChars ? C_LOOSE : C_ATOM);
        r.pos = end;
        out.push(r.view(start, end));
      } else out.push(r.astring());
    } while (r.more());
  }
  r.close();
  return out;
}

/** An unknown item: its name with any `[...]` and `<...>` kept, upper-cased, then a generic value. */
function otherItem(r: Reader, items: FetchItems, start: number): void {
  const buf = r.buf;
  // The rest of an atom-like name (`X_FOO`), stopping at a section or partial.
  while (r.pos < r.limit && ((CLASS[buf[r.pos] as number] as number) & C_ATOM) !== 0) {
    const c = buf[r.pos];
    if (c === LBRACKET || c === LT) break;
    r.pos++;
  }
  if (r.peek() === LBRACKET) {
    let p = r.pos;
    while (p < r.limit && buf[p] !== RBRACKET) p++;
    r.pos = p;
    r.expect(RBRACKET);
    if (r.peek() === LT) {
      p = r.pos;
      while (p < r.limit && buf[p] !== GT) p++;
      r.pos = p;
      r.expect(GT);
    }
  }
  const name = upperString(buf, start, r.pos);
  r.sp();
  const value = extensionValue(r);
  if (items.other === undefined) items.other = [[name, value]];
  else items.other.push([name, value]);
}

/** One `name SP value` item into `items`. */
function item(r: Reader, items: FetchItems): void {
  const buf = r.buf;
  const start = r.pos;
  const end = r.scan(C_NAME);
  if (end === start) r.fail();
  r.pos = end;
  switch (end - start) {
    case 3:
      if (is(buf, start, end, N_UID)) {
        r.sp();
        items.uid = r.uint32();
        return;
      }
      break;
    case 4:
      if (is(buf, start, end, N_BODY)) {
        if (r.peek() === LBRACKET) {
          const spec = section(r);
          addSection(items, sectionValue(r, "BODY", spec, origin(r)));
        } else {
          r.sp();
          items.body = bodyStructure(r);
        }
        return;
      }
      break;
    case 5:
      if (is(buf, start, end, N_FLAGS)) {
        r.sp();
        items.flags = flagList(r, false);
        return;
      }
      break;
    case 6:
      if (is(buf, start, end, N_MODSEQ)) {
        r.sp();
        r.open();
        items.modseq = r.bigNumber(NUMBER64_MAX, true);
        r.close();
        return;
      }
      if (is(buf, start, end, N_BINARY)) {
        const spec = section(r);
        addSection(items, sectionValue(r, "BINARY", spec, origin(r)));
        return;
      }
      if (is(buf, start, end, N_RFC822)) {
        if (r.peek() === LBRACKET) {
          if (!r.q.rfc822Section) r.fail();
          section(r);
        }
        addSection(items, sectionValue(r, "RFC822", "", null));
        return;
      }
      break;
    case 7:
      if (is(buf, start, end, N_PREVIEW)) {
        r.sp();
        items.preview = r.nstring();
        return;
      }
      break;
    case 8:
      if (is(buf, start, end, N_ENVELOPE)) {
        r.sp();
        items.envelope = envelope(r);
        return;
      }
      break;
    case 10:
      if (is(buf, start, end, N_X_GM_MSGID)) {
        r.sp();
        items.gmMsgId = r.bigNumber(UINT64_MAX);
        return;
      }
      if (is(buf, start, end, N_X_GM_THRID)) {
        r.sp();
        items.gmThrId = r.bigNumber(UINT64_MAX);
        return;
      }
      break;
    case 11:
      if (is(buf, start, end, N_RFC822_SIZE)) {
        r.sp();
        items.rfc822Size = r.number();
        return;
      }
      if (is(buf, start, end, N_RFC822_TEXT)) {
        addSection(items, sectionValue(r, "RFC822.TEXT", "", null));
        return;
      }
      if (is(buf, start, end, N_X_GM_LABELS)) {
        r.sp();
        items.gmLabels = labels(r);
        return;
      }
      if (is(buf, start, end, N_BINARY_SIZE)) {
        const spec = section(r);
        r.sp();
        const size = r.number();
        if (items.binarySizes === undefined) items.binarySizes = [{ section: spec, size }];
        else items.binarySizes.push({ section: spec, size });
        return;
      }
      break;
    case 12:
      if (is(buf, start, end, N_INTERNALDATE)) {
        r.sp();
        items.internalDate = r.stringAtom(false);
        return;
      }
      break;
    case 13:
      if (is(buf, start, end, N_BODYSTRUCTURE)) {
        r.sp();
        items.bodyStructure = bodyStructure(r);
        return;
      }
      if (is(buf, start, end, N_RFC822_HEADER)) {
        addSection(items, sectionValue(r, "RFC822.HEADER", "", null));
        return;
      }
      break;
  }
  otherItem(r, items, start);
}

/** After `* n FETCH`. */
export function fetchResponse(r: Reader, seq: number): FetchResponse {
  r.sp();
  r.open();
  const items: FetchItems = {};
  if (r.peek() !== RPAREN) {
    do item(r, items);
    while (r.more());
  }
  r.close();
  r.end();
  return { type: "fetch", seq, items };
}
