/**
 * Generic values for data the grammar leaves open (RFC 3501 `body-extension`, RFC 4466
 * `tagged-ext-val`, unknown FETCH items, LIST-EXTENDED data): NIL, numbers, strings, atoms and
 * parenthesised lists nested to any depth - parsed with an explicit stack.
 */

import { latin1Decode } from "../../text/text.js";
import type { ExtensionValue } from "../../types/response.js";
import { BACKSLASH, C_ASTRING, C_ATOM, C_LOOSE, DQUOTE, LBRACE, LPAREN, RPAREN, TILDE } from "./chars.js";
import type { Reader } from "./reader.js";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** One scalar: NIL → null, a number (bigint above 2^53 - 1), a string or an atom (as bytes). */
export function extensionScalar(r: Reader): ExtensionValue {
  const c = r.peek();
  if (c === DQUOTE) return r.quoted();
  if (c === LBRACE || c === TILDE) return r.literal();
  if (r.nil()) return null;
  const start = r.pos;
  const buf = r.buf;
  let p = start;
  while (p < r.limit && (buf[p] as number) >= 0x30 && (buf[p] as number) <= 0x39) p++;
  if (p > start && (p === r.limit || buf[p] === 0x20 || buf[p] === RPAREN)) {
    if (p - start <= 15) return r.number();
    r.pos = p;
    const value = BigInt(latin1Decode(buf, start, p));
    return value <= MAX_SAFE ? Number(value) : value;
  }
  let end: number;
  if (r.q.looseAtomChars) end = r.scan(C_LOOSE);
  else if (c === BACKSLASH) {
    r.pos = start + 1;
    end = r.scan(C_ATOM);
  } else end = r.scan(C_ASTRING);
  if (end === start) r.fail();
  r.pos = end;
  return buf.subarray(start, end);
}

/** A scalar or a parenthesised list of values, nested arbitrarily (no recursion). */
export function extensionValue(r: Reader): ExtensionValue {
  if (r.peek() !== LPAREN) return extensionScalar(r);
  const stack: ExtensionValue[][] = [];
  let current: ExtensionValue[] = [];
  let first = true;
  r.open();
  for (;;) {
    if (first ? r.peek() === RPAREN : !r.more()) {
      r.close();
      const done = current;
      const parent = stack.pop();
      if (parent === undefined) return done;
      parent.push(done);
      current = parent;
      first = false;
      continue;
    }
    first = false;
    if (r.peek() === LPAREN) {
      r.open();
      stack.push(current);
      current = [];
      first = true;
      continue;
    }
    current.push(extensionScalar(r));
  }
}
