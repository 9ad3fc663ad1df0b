import { describe, expect, it } from "vitest";
import { createTagGenerator, isValidTag } from "./tags.js";

describe("createTagGenerator", () => {
  it("counts up after a fixed prefix", () => {
    const tags = createTagGenerator({ prefix: "T", start: 7 });
    expect([tags.next(), tags.next(), tags.next()]).toEqual(["T7", "T8", "T9"]);
  });

  it("draws a random letter prefix from the injected source", () => {
    const values = [0, 0.5, 0.99];
    let i = 0;
    const tags = createTagGenerator({ random: () => values[i++] ?? 0 });
    expect(tags.next()).toBe("ANZ1");
    expect(tags.next()).toBe("ANZ2");
  });

  it("uses the requested prefix length", () => {
    expect(createTagGenerator({ prefixLength: 5, random: () => 0.1 }).next()).toBe("CCCCC1");
  });

  it("never repeats a tag", () => {
    const tags = createTagGenerator();
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(tags.next());
    expect(seen.size).toBe(10_000);
  });

  it("rejects a prefix with characters a tag cannot hold", () => {
    for (const prefix of ["A B", "A+", "A*", "(", '"', "A\r"]) {
      expect(() => createTagGenerator({ prefix })).toThrow(
        expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
      );
    }
  });
});

describe("isValidTag", () => {
  it("accepts ASTRING-CHARs and refuses +, specials, controls and the empty string", () => {
    expect(["A1", "a.b-c_9", "X~!#$&'"].every(isValidTag)).toBe(true);
    expect(["", "A 1", "A+", "A%", "A]", "A{", "é", "A\u0000"].some(isValidTag)).toBe(false);
  });
});
