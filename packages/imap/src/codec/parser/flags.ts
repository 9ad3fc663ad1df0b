/** Flags and flag lists (RFC 3501 §9 `flag`, `flag-list`, `flag-perm`, `mbx-list-flags`). */
import { BACKSLASH, C_ATOM, C_LOOSE, STAR } from "./chars.js";
import { scratchArray, takeExact } from "./exact.js";
import { atomString } from "./intern.js";
import type { Reader } from "./reader.js";

/**
 * One flag: `\Atom`, a keyword atom, or `\*` when `wildcard` (PERMANENTFLAGS) or the
 * `flagWildcardInFlags` quirk allows it. Case is preserved.
 */
export function flag(r: Reader, wildcard: boolean): string {
  const buf = r.buf;
  const start = r.pos;
  const q = r.q;
  let end: number;
  if (q.looseAtomChars) {
    end = r.scan(C_LOOSE);
    if (end === start) r.fail();
  } else if (buf[start] === BACKSLASH) {
    r.pos = start + 1;
    end = r.peek() === STAR ? start + 2 : r.scan(C_ATOM);
  } else {
    end = r.scan(C_ATOM);
    if (end === start) r.fail();
  }
  if (buf[start] === BACKSLASH) {
    if (end === start + 1 && !q.emptyFlag) r.fail("IMAP_ERR_SYNTAX", start);
    if (end === start + 2 && buf[start + 1] === STAR && !wildcard && !q.flagWildcardInFlags) {
      r.fail("IMAP_ERR_SYNTAX", start);
    }
  }
  r.pos = end;
  return atomString(buf, start, end);
}

const flagScratch = scratchArray<string>();

/** `(` [flag *(SP flag)] `)`. */
export function flagList(r: Reader, wildcard: boolean): string[] {
  r.open();
  if (r.peek() === 0x29) {
    r.close();
    return [];
  }
  const flags = flagScratch;
  let n = 0;
  do flags[n++] = flag(r, wildcard);
  while (r.more());
  r.close();
  return takeExact(flags, 0, n);
}
