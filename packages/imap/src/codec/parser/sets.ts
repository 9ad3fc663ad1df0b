/** Sequence sets and uid-sets in responses (RFC 3501 §9 `sequence-set`, RFC 4315 `uid-set`). */
import type { NumberRanges } from "../../types/response.js";
import { COLON, COMMA } from "./chars.js";
import type { Reader } from "./reader.js";

/** `n`, `n:m`, comma-separated; ranges come out with `start <= end`. `*` has no meaning in a response. */
export function numberRanges(r: Reader): NumberRanges {
  const out: Array<readonly [number, number]> = [];
  do {
    const a = r.uint32();
    let b = a;
    if (r.eat(COLON)) b = r.uint32();
    out.push(a <= b ? [a, b] : [b, a]);
  } while (r.eat(COMMA));
  return out;
}
