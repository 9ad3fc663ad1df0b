/**
 * Lists of unknown length without growing arrays. An empty array's first `push` reserves 17 slots,
 * and parsed lists are mostly one to three items long (addresses, body parameters, flags), so their
 * items are first written into a scratch array and then copied out at their exact count.
 *
 * Each scratch array belongs to one parsing function that never re-enters itself. Taking items out
 * clears their slots; a parse that fails half-way leaves items behind, which `clearScratch` drops,
 * so the scratch arrays never keep parsed data (and the input buffer it views) alive.
 */

const everyScratch: unknown[][] = [];

/** A new scratch array, registered for `clearScratch`. */
export function scratchArray<T>(): Array<T | undefined> {
  const scratch: Array<T | undefined> = [];
  everyScratch.push(scratch);
  return scratch;
}

/** Empties every scratch array (after a failed parse). */
export function clearScratch(): void {
  for (const scratch of everyScratch) scratch.length = 0;
}

/** The items `scratch[from, to)` as a new array of exactly their number; their slots are cleared. */
export function takeExact<T>(scratch: Array<T | undefined>, from: number, to: number): T[] {
  let out: T[];
  if (to - from === 1) out = [scratch[from] as T];
  else if (to - from === 2) out = [scratch[from] as T, scratch[from + 1] as T];
  else out = scratch.slice(from, to) as T[];
  for (let i = from; i < to; i++) scratch[i] = undefined;
  return out;
}
