import { describe, expect, it } from "vitest";
import { as, b, decodeOne, parse } from "../../../test/parse-cases.js";

describe("SEARCH, SORT, ESEARCH, THREAD", () => {
  it("reads SEARCH numbers and SORT with MODSEQ", () => {
    expect(decodeOne("* SEARCH 2 84 882\r\n")).toEqual({
      type: "search",
      numbers: new Uint32Array([2, 84, 882]),
      modseq: null,
    });
    expect(decodeOne("* SORT 5 3 4 (MODSEQ 10)\r\n")).toEqual({
      type: "sort",
      numbers: new Uint32Array([5, 3, 4]),
      modseq: 10n,
    });
  });

  it("refuses SEARCH numbers that are not 32-bit or are followed by junk", () => {
    expect(parse("* SEARCH 1 4294967296\r\n").type).toBe("unparsed");
    expect(parse("* SEARCH 1 x\r\n").type).toBe("unparsed");
    expect(parse("* SEARCH 1 (MODSEQ 5) 7\r\n").type).toBe("unparsed");
  });

  it("reads SEARCH and SORT numbers of any length in any order, to the last one", () => {
    // The array is sized from the first number's length: later ones shorter (it grows), longer,
    // equal (it is exact), followed by MODSEQ, double spaces or a trailing space.
    const cases = [
      [4294967295, ...Array.from({ length: 60 }, (_, i) => i + 1)],
      Array.from({ length: 300 }, (_, i) => 100000 + 3 * i),
      Array.from({ length: 200 }, (_, i) => i * 21_474_836 + 1),
      [7],
    ];
    for (const numbers of cases) {
      const line = numbers.join(" ");
      const want = Uint32Array.from(numbers);
      expect(as(parse(`* SEARCH ${line}\r\n`), "search").numbers).toEqual(want);
      expect(as(parse(`* SORT ${line} (MODSEQ 917)\r\n`), "sort")).toEqual({
        type: "sort",
        numbers: want,
        modseq: 917n,
      });
      expect(as(parse(`* SEARCH  ${numbers.join("  ")} \r\n`), "search").numbers).toEqual(want);
    }
    expect(as(parse("* SEARCH\r\n"), "search").numbers).toEqual(new Uint32Array(0));
  });

  it("returns an independent array for each SEARCH", () => {
    const first = as(parse("* SEARCH 1 2 3\r\n"), "search").numbers;
    as(parse("* SEARCH 7 8 9\r\n"), "search");
    expect(first).toEqual(new Uint32Array([1, 2, 3]));
  });

  it("keeps unknown ESEARCH return data with its name", () => {
    expect(decodeOne('* ESEARCH (TAG "A1") UID RELEVANCY (4 99 42) X-THING 7:9\r\n')).toEqual({
      type: "esearch",
      tag: "A1",
      uid: true,
      other: [
        ["RELEVANCY", [4, 99, 42]],
        ["X-THING", b("7:9")],
      ],
    });
    expect(decodeOne("* ESEARCH\r\n")).toEqual({ type: "esearch", tag: null, uid: false, other: [] });
    expect(decodeOne("* ESEARCH UID COUNT 0\r\n")).toEqual({
      type: "esearch",
      tag: null,
      uid: true,
      count: 0,
      other: [],
    });
  });

  it("gives threads that start with nested lists a dummy parent", () => {
    expect(as(decodeOne("* THREAD ((1)(2 3))(4)\r\n"), "thread").threads).toEqual([
      {
        id: null,
        children: [
          { id: 1, children: [] },
          { id: 2, children: [{ id: 3, children: [] }] },
        ],
      },
      { id: 4, children: [] },
    ]);
    expect(decodeOne("* THREAD\r\n")).toEqual({ type: "thread", threads: [] });
  });
});
