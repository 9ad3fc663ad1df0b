import { describe, expect, it } from "vitest";
import { WriteQueue } from "./write-queue.js";

describe("WriteQueue", () => {
  it("keeps items in order", () => {
    const queue = new WriteQueue<string>();
    for (const item of ["a", "b", "c"]) queue.push(item, 1);
    queue.pushFront("z", 1);
    expect([...queue]).toEqual(["z", "a", "b", "c"]);
    expect(queue.shift()).toBe("z");
    expect(queue.peek()).toBe("a");
    expect(queue.length).toBe(3);
  });

  it("throws IMAP_ERR_QUEUE_FULL beyond the item bound", () => {
    const queue = new WriteQueue<number>({ maxItems: 2 });
    queue.push(1, 1);
    queue.push(2, 1);
    expect(() => queue.push(3, 1)).toThrow(expect.objectContaining({ code: "IMAP_ERR_QUEUE_FULL" }));
    queue.shift();
    expect(() => queue.push(3, 1)).not.toThrow();
  });

  it("throws IMAP_ERR_QUEUE_FULL beyond the byte bound but accepts one oversized item alone", () => {
    const queue = new WriteQueue<number>({ maxBytes: 100 });
    queue.push(1, 500);
    expect(() => queue.push(2, 1)).toThrow(expect.objectContaining({ code: "IMAP_ERR_QUEUE_FULL" }));
    expect(queue.bytes).toBe(500);
    queue.shift();
    expect(queue.bytes).toBe(0);
    queue.push(2, 60);
    expect(() => queue.push(3, 50)).toThrow(expect.objectContaining({ code: "IMAP_ERR_QUEUE_FULL" }));
  });

  it("lets the session put its own commands first regardless of the bound", () => {
    const queue = new WriteQueue<string>({ maxItems: 1 });
    queue.push("user", 1);
    queue.pushFront("internal", 1);
    expect(queue.clear()).toEqual(["internal", "user"]);
    expect(queue.length).toBe(0);
  });

  it("stays correct across many pushes and shifts", () => {
    const queue = new WriteQueue<number>({ maxItems: 400 });
    const out: number[] = [];
    for (let i = 0; i < 1000; i++) {
      queue.push(i, 1);
      if (i % 3 !== 0) out.push(queue.shift() as number);
    }
    out.push(...queue.clear());
    expect(out).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});

describe("WriteQueue.reserve", () => {
  it("checks room for several items at once without adding any", () => {
    const queue = new WriteQueue<number>({ maxItems: 3 });
    queue.push(1, 1);
    expect(() => queue.reserve(2, 2)).not.toThrow();
    expect(() => queue.reserve(3, 3)).toThrow(expect.objectContaining({ code: "IMAP_ERR_QUEUE_FULL" }));
    expect(queue.length).toBe(1);
  });
});
