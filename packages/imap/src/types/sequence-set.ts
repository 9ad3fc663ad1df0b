/**
 * Sequence sets (RFC 3501 §9 `sequence-set`, RFC 5182 `$`): validation, a canonical form, and
 * splitting into pieces that keep a command line within its octet budget.
 *
 * The canonical form sorts and merges the numeric ranges (`3,1,2,5` → `1:3,5`) and then lists the
 * ranges that involve `*`, each once, as `n:*` or `*`. Ranges with `*` are never merged with numbers:
 * `*` is the largest number in use, which may be smaller than `n`, so `n:*` covers `*..n` then.
 * The order of a sequence set carries no meaning, so sorting never changes what a command does.
 */
import { ImapLocalError } from "../errors.js";
import type { SequenceSet } from "./command.js";

/** Largest message number or UID (`nz-number` is a 32-bit unsigned integer). */
export const MAX_SEQUENCE_NUMBER = 0xffff_ffff;

/** One range of a sequence set; `"*"` is the largest number in use. */
export type SequenceRange = readonly [start: number | "*", end: number | "*"];

/** A validated sequence set in canonical order. */
export interface NormalizedSequenceSet {
  /** RFC 5182 `$`: the result saved by the last `SEARCH RETURN (SAVE)`. Then `ranges` is empty. */
  readonly saved: boolean;
  /** Numeric ranges sorted and merged, then `n:*` ranges, then `*`; a single number is `[n, n]`. */
  readonly ranges: readonly SequenceRange[];
}

function invalid(message: string): ImapLocalError {
  return new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", message);
}

function checkNumber(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_SEQUENCE_NUMBER) {
    throw invalid(`sequence number out of range: ${value}`);
  }
  return value;
}

const NZ_NUMBER = /^[1-9][0-9]{0,9}$/;

function parseSeqNumber(text: string): number | "*" {
  if (text === "*") return "*";
  if (!NZ_NUMBER.test(text)) throw invalid(`not a sequence number: ${JSON.stringify(text)}`);
  return checkNumber(Number(text));
}

function collectString(text: string, out: SequenceRange[]): void {
  if (text.length === 0) throw invalid("empty sequence set");
  for (const element of text.split(",")) {
    const colon = element.indexOf(":");
    if (colon < 0) {
      const n = parseSeqNumber(element);
      out.push([n, n]);
    } else {
      out.push([parseSeqNumber(element.slice(0, colon)), parseSeqNumber(element.slice(colon + 1))]);
    }
  }
}

/**
 * Validates a sequence set and puts it in canonical form. Throws `IMAP_ERR_INVALID_ARGUMENT` for an
 * empty set, a malformed string, or a number outside 1..2^32-1.
 */
export function normalizeSequenceSet(set: SequenceSet): NormalizedSequenceSet {
  if (set === "$") return { saved: true, ranges: [] };
  const raw: SequenceRange[] = [];
  if (typeof set === "string") {
    collectString(set, raw);
  } else if (typeof set === "number") {
    raw.push([checkNumber(set), set]);
  } else {
    if (set.length === 0) throw invalid("empty sequence set");
    for (const item of set) {
      if (typeof item === "number") {
        raw.push([checkNumber(item), item]);
      } else {
        const [start, end] = item;
        raw.push([start === "*" ? "*" : checkNumber(start), end === "*" ? "*" : checkNumber(end)]);
      }
    }
  }
  return { saved: false, ranges: canonicalRanges(raw) };
}

function canonicalRanges(raw: readonly SequenceRange[]): SequenceRange[] {
  const numeric: [number, number][] = [];
  const starFrom = new Set<number>();
  let bareStar = false;
  for (const [a, b] of raw) {
    if (a === "*" && b === "*") bareStar = true;
    else if (a === "*") starFrom.add(b as number);
    else if (b === "*") starFrom.add(a);
    else numeric.push(a <= b ? [a, b] : [b, a]);
  }
  numeric.sort((x, y) => x[0] - y[0]);
  const out: SequenceRange[] = [];
  let current: [number, number] | undefined;
  for (const range of numeric) {
    if (current !== undefined && range[0] <= current[1] + 1) {
      if (range[1] > current[1]) current[1] = range[1];
    } else {
      if (current !== undefined) out.push(current);
      current = [range[0], range[1]];
    }
  }
  if (current !== undefined) out.push(current);
  for (const n of [...starFrom].sort((x, y) => x - y)) out.push([n, "*"]);
  if (bareStar) out.push(["*", "*"]);
  return out;
}

function formatRange([start, end]: SequenceRange): string {
  return start === end ? String(start) : `${start}:${end}`;
}

/** The canonical text of a sequence set, e.g. `[1, 2, 3, 5]` → `"1:3,5"`. */
export function formatSequenceSet(set: SequenceSet): string {
  const normalized = normalizeSequenceSet(set);
  return normalized.saved ? "$" : normalized.ranges.map(formatRange).join(",");
}

/** Whether the set mentions `*` or `$` (which a client cannot expand by itself). */
export function sequenceSetIsSymbolic(set: SequenceSet): boolean {
  const normalized = normalizeSequenceSet(set);
  return normalized.saved || normalized.ranges.some(([a, b]) => a === "*" || b === "*");
}

/**
 * Splits a set into canonical pieces of at most `maxChars` characters each, covering exactly the same
 * numbers. A command whose sequence set would make its line too long is sent once per piece (RFC 7162
 * §4 keeps command lines at about 8192 octets). `$` cannot be split and comes back as is. Throws
 * `IMAP_ERR_INVALID_ARGUMENT` when `maxChars` cannot hold even one range.
 */
export function splitSequenceSet(set: SequenceSet, maxChars: number): string[] {
  const normalized = normalizeSequenceSet(set);
  if (normalized.saved) {
    if (maxChars < 1) throw invalid(`sequence set budget too small: ${maxChars}`);
    return ["$"];
  }
  const pieces: string[] = [];
  let current = "";
  for (const range of normalized.ranges) {
    const text = formatRange(range);
    if (text.length > maxChars) throw invalid(`sequence set budget too small: ${maxChars}`);
    if (current.length === 0) {
      current = text;
    } else if (current.length + 1 + text.length <= maxChars) {
      current += `,${text}`;
    } else {
      pieces.push(current);
      current = text;
    }
  }
  pieces.push(current);
  return pieces;
}
