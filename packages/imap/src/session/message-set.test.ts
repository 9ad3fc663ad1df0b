import { describe, expect, it } from "vitest";
import { MAX_SEQUENCE_NUMBER } from "../types/sequence-set.js";
import { intervalsContain, messageScope, scopesOverlap } from "./message-set.js";

describe("messageScope", () => {
  it("merges and sorts the ranges of a set", () => {
    expect(messageScope("9,1:3,4,20:18", false, null).intervals).toEqual([
      [1, 4],
      [9, 9],
      [18, 20],
    ]);
  });

  it("resolves * to the known message count, and to the largest number otherwise", () => {
    expect(messageScope("5:*", false, 12).intervals).toEqual([[5, 12]]);
    expect(messageScope("20:*", false, 12).intervals).toEqual([[12, 20]]);
    expect(messageScope("5:*", true, null).intervals).toEqual([[5, MAX_SEQUENCE_NUMBER]]);
  });

  it("treats $ and invalid sets as every message", () => {
    expect(messageScope("$", true, null).intervals).toBeNull();
    expect(messageScope("1:x", true, null).intervals).toBeNull();
  });
});

describe("intervalsContain", () => {
  it("finds numbers inside and only inside the intervals", () => {
    const intervals = messageScope("1:3,7,10:20", true, null).intervals ?? [];
    expect([1, 3, 7, 10, 15, 20].every((n) => intervalsContain(intervals, n))).toBe(true);
    expect([0, 4, 6, 8, 9, 21].some((n) => intervalsContain(intervals, n))).toBe(false);
  });
});

describe("scopesOverlap", () => {
  it("detects common messages between UID sets", () => {
    expect(scopesOverlap(messageScope("1:5", true, null), messageScope("5:9", true, null))).toBe(true);
    expect(scopesOverlap(messageScope("1:4,10", true, null), messageScope("5:9,11", true, null))).toBe(false);
  });

  it("assumes an overlap between UIDs and sequence numbers, or with an unknown set", () => {
    expect(scopesOverlap(messageScope("1", true, null), messageScope("100", false, null))).toBe(true);
    expect(scopesOverlap(messageScope("$", true, null), messageScope("100", true, null))).toBe(true);
  });
});
