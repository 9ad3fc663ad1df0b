import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SequenceSet } from "./command.js";
import {
  formatSequenceSet,
  MAX_SEQUENCE_NUMBER,
  normalizeSequenceSet,
  sequenceSetIsSymbolic,
  splitSequenceSet,
} from "./sequence-set.js";

/** Expands a numeric (no `*`) canonical set into its numbers, independently of the module. */
function expand(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(",")) {
    const [a, b = a] = part.split(":").map(Number) as [number, number?];
    for (let n = Math.min(a, b); n <= Math.max(a, b); n++) out.push(n);
  }
  return out;
}

const uniqueSorted = (numbers: readonly number[]): number[] => [...new Set(numbers)].sort((a, b) => a - b);

describe("formatSequenceSet", () => {
  it.each<[SequenceSet, string]>([
    [1, "1"],
    [MAX_SEQUENCE_NUMBER, "4294967295"],
    ["1:4,7,9:*", "1:4,7,9:*"],
    ["*", "*"],
    ["*:*", "*"],
    ["*:5", "5:*"],
    ["4:1", "1:4"],
    ["5,3,1,2", "1:3,5"],
    ["1:3,2:6,8", "1:6,8"],
    ["1:3,4:6", "1:6"],
    ["7,7,7", "7"],
    ["3:*,1,*,2", "1:2,3:*,*"],
    ["$", "$"],
    [[1, 2, 3, 5], "1:3,5"],
    [[10, 9, 8, 1], "1,8:10"],
    [[[1, 4], 7, [9, "*"]], "1:4,7,9:*"],
    [[["*", 3]], "3:*"],
    [[["*", "*"]], "*"],
    [[[20, 10]], "10:20"],
  ])("formats %j as %s", (input, expected) => {
    expect(formatSequenceSet(input)).toBe(expected);
  });

  it.each<[string, SequenceSet]>([
    ["an empty string", ""],
    ["an empty array", []],
    ["zero", 0],
    ["zero in a string", "0:5"],
    ["a negative number", -1],
    ["a fraction", 1.5],
    ["NaN", Number.NaN],
    ["a number above 2^32-1", MAX_SEQUENCE_NUMBER + 1],
    ["a string above 2^32-1", "4294967296"],
    ["leading zeros", "01"],
    ["spaces", "1, 2"],
    ["an empty element", "1,,2"],
    ["a trailing comma", "1,"],
    ["a dangling colon", "1:"],
    ["a double range", "1:2:3"],
    ["a dollar sign inside a set", "$,1"],
    ["letters", "1:a"],
    ["CRLF injection", "1\r\nA1 LOGOUT"],
    ["zero in a tuple", [[0, 5]]],
  ])("rejects %s", (_label, input) => {
    expect(() => formatSequenceSet(input)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
    );
  });

  it("keeps every number and nothing else", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 200 }), (numbers) => {
        expect(expand(formatSequenceSet(numbers))).toEqual(uniqueSorted(numbers));
      }),
    );
  });

  it("is idempotent and order-insensitive", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 100 }),
        (numbers) => {
          const text = formatSequenceSet(numbers);
          expect(formatSequenceSet(text)).toBe(text);
          expect(formatSequenceSet([...numbers].reverse())).toBe(text);
        },
      ),
    );
  });

  it("writes a run of consecutive numbers as one range", () => {
    const many = Array.from({ length: 100_000 }, (_, i) => i + 1);
    expect(formatSequenceSet(many)).toBe("1:100000");
  });
});

describe("normalizeSequenceSet", () => {
  it("marks the saved search result", () => {
    expect(normalizeSequenceSet("$")).toEqual({ saved: true, ranges: [] });
  });

  it("returns numeric ranges before star ranges", () => {
    expect(normalizeSequenceSet("*,9:*,2,1").ranges).toEqual([
      [1, 2],
      [9, "*"],
      ["*", "*"],
    ]);
  });

  it("tells symbolic sets from numeric ones", () => {
    expect(sequenceSetIsSymbolic("1:*")).toBe(true);
    expect(sequenceSetIsSymbolic("$")).toBe(true);
    expect(sequenceSetIsSymbolic([1, 2])).toBe(false);
  });
});

describe("splitSequenceSet", () => {
  it("returns one piece when the set fits", () => {
    expect(splitSequenceSet([1, 2, 3, 7], 100)).toEqual(["1:3,7"]);
  });

  it("cuts at commas so that no piece exceeds the budget", () => {
    expect(splitSequenceSet("1,3,5,7,9,11", 5)).toEqual(["1,3,5", "7,9", "11"]);
  });

  it("keeps star ranges intact", () => {
    expect(splitSequenceSet("1,3,100:*", 5)).toEqual(["1,3", "100:*"]);
  });

  it("returns the saved result unsplit", () => {
    expect(splitSequenceSet("$", 10)).toEqual(["$"]);
  });

  it("rejects a budget smaller than one range", () => {
    expect(() => splitSequenceSet("1000:2000", 5)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
    );
  });

  it("preserves every number and keeps every piece within the budget", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: MAX_SEQUENCE_NUMBER }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 21, max: 400 }),
        (numbers, budget) => {
          const pieces = splitSequenceSet(numbers, budget);
          for (const piece of pieces) {
            expect(piece.length).toBeLessThanOrEqual(budget);
            expect(formatSequenceSet(piece)).toBe(piece);
          }
          const numbersBack = pieces.flatMap((piece) => piece.split(",").map((part) => part.split(":")));
          const covered = numbersBack.flatMap(([a, b = a]) =>
            a === b ? [Number(a)] : expandRangeWithin(Number(a), Number(b), numbers),
          );
          expect(uniqueSorted(covered)).toEqual(uniqueSorted(numbers));
        },
      ),
    );
  });

  it("splits a huge scattered UID set into pieces that fit a command line", () => {
    const uids = Array.from({ length: 50_000 }, (_, i) => 1_000_000 + i * 2);
    const pieces = splitSequenceSet(uids, 8000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(8000);
    expect(pieces.flatMap(expand)).toEqual(uids);
  });
});

/** Numbers of `numbers` inside a:b; ranges only ever merge numbers that were all present. */
function expandRangeWithin(a: number, b: number, numbers: readonly number[]): number[] {
  const inside = numbers.filter((n) => n >= a && n <= b);
  // A merged range covers exactly b - a + 1 distinct input numbers.
  expect(new Set(inside).size).toBe(b - a + 1);
  return inside;
}
