import { describe, expect, it } from "vitest";
import { Ring } from "./ring.js";

describe("Ring", () => {
  it("keeps the newest items up to its capacity, oldest first", () => {
    const ring = new Ring<number>(3);
    const dropped = [1, 2, 3, 4, 5].map((n) => ring.push(n));
    expect(dropped).toEqual([undefined, undefined, undefined, 1, 2]);
    expect([...ring]).toEqual([3, 4, 5]);
    expect([ring.at(0), ring.at(2), ring.at(3)]).toEqual([3, 5, undefined]);
  });

  it("shifts the oldest and wraps around", () => {
    const ring = new Ring<string>(2);
    ring.push("a");
    ring.push("b");
    expect(ring.shift()).toBe("a");
    ring.push("c");
    expect([...ring]).toEqual(["b", "c"]);
    expect(ring.size).toBe(2);
    ring.clear();
    expect([...ring]).toEqual([]);
    expect(ring.shift()).toBeUndefined();
  });

  it("refuses a capacity below 1", () => {
    expect(() => new Ring(0)).toThrow(RangeError);
  });
});
