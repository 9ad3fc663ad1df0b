/**
 * Message sets as the scheduler and the router see them: a command's sequence set turned into
 * sorted, merged numeric intervals, so that "do these two commands touch the same messages?" and
 * "does this FETCH response belong to that command?" are cheap, conservative questions. Anything
 * the client cannot expand by itself (`$`, or `*` when the mailbox size is unknown) becomes
 * "every message", which can only make the scheduler wait longer, never send too early.
 */
import type { SequenceSet } from "../types/command.js";
import { MAX_SEQUENCE_NUMBER, normalizeSequenceSet } from "../types/sequence-set.js";

/** Which numbers a command addresses: UIDs or sequence numbers, and the intervals (null = all). */
export interface MessageScope {
  readonly uid: boolean;
  /** Sorted, non-overlapping, inclusive intervals; null means every message. */
  readonly intervals: ReadonlyArray<readonly [number, number]> | null;
}

/** Every message, in either numbering: what a command without a set (or an unknowable one) touches. */
export const ALL_MESSAGES: MessageScope = { uid: false, intervals: null };

/**
 * Expands `set` into intervals. `star` is the value of `*` when known (the message count for
 * sequence numbers); when it is null, ranges with `*` reach up to the largest possible number.
 */
export function messageScope(set: SequenceSet, uid: boolean, star: number | null): MessageScope {
  let normalized: ReturnType<typeof normalizeSequenceSet>;
  try {
    normalized = normalizeSequenceSet(set);
  } catch {
    return { uid, intervals: null };
  }
  if (normalized.saved) return { uid, intervals: null };
  const raw: [number, number][] = [];
  for (const [a, b] of normalized.ranges) {
    if (a !== "*" && b !== "*") {
      raw.push([a, b]);
    } else if (star === null) {
      const low = a === "*" ? (b === "*" ? 1 : b) : a;
      raw.push([low, MAX_SEQUENCE_NUMBER]);
    } else {
      const x = a === "*" ? star : a;
      const y = b === "*" ? star : b;
      raw.push(x <= y ? [x, y] : [y, x]);
    }
  }
  return { uid, intervals: mergeIntervals(raw) };
}

function mergeIntervals(raw: [number, number][]): [number, number][] {
  raw.sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const interval of raw) {
    const last = out[out.length - 1];
    if (last !== undefined && interval[0] <= last[1] + 1) {
      if (interval[1] > last[1]) last[1] = interval[1];
    } else {
      out.push([interval[0], interval[1]]);
    }
  }
  return out;
}

/** Whether `n` is in the intervals (binary search). */
export function intervalsContain(intervals: ReadonlyArray<readonly [number, number]>, n: number): boolean {
  let low = 0;
  let high = intervals.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const range = intervals[mid] as readonly [number, number];
    if (n < range[0]) high = mid - 1;
    else if (n > range[1]) low = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Whether two scopes may address a common message. Sequence numbers and UIDs cannot be compared
 * without the mapping, so mixed scopes always overlap.
 */
export function scopesOverlap(a: MessageScope, b: MessageScope): boolean {
  if (a.intervals === null || b.intervals === null || a.uid !== b.uid) return true;
  let i = 0;
  let j = 0;
  while (i < a.intervals.length && j < b.intervals.length) {
    const x = a.intervals[i] as readonly [number, number];
    const y = b.intervals[j] as readonly [number, number];
    if (x[1] < y[0]) i++;
    else if (y[1] < x[0]) j++;
    else return true;
  }
  return false;
}
