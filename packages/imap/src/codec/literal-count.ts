/** Literal announcement counts (`{n}`), shared by the framer and the FETCH body probe. */

import { MAX_LITERAL_COUNT } from "./limits.js";
import { DIGIT_0, DIGIT_9 } from "./parser/chars.js";

/** `parseCount` result for a count above `MAX_LITERAL_COUNT` (or of more than ten digits). */
export const ABSURD_COUNT = -3;

export function isDigit(b: number): boolean {
  return b >= DIGIT_0 && b <= DIGIT_9;
}

/** A literal count from ASCII digits `view[from, to)`, or `ABSURD_COUNT` above `MAX_LITERAL_COUNT`. */
export function parseCount(view: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to - 1 && view[i] === DIGIT_0) i++;
  if (to - i > 10) return ABSURD_COUNT;
  let n = 0;
  for (; i < to; i++) n = n * 10 + ((view[i] as number) - DIGIT_0);
  return n > MAX_LITERAL_COUNT ? ABSURD_COUNT : n;
}
