import { describe, expect, it } from "vitest";
import { as, b, decodeOne, lit, parse } from "../../../test/parse-cases.js";
import type { FetchItems } from "../../types/response.js";

function items(list: string): FetchItems {
  return as(decodeOne(`* 9 FETCH (${list})\r\n`), "fetch").items;
}

describe("FETCH items", () => {
  it("keeps lists whole and separate, also after a response that failed half-way", () => {
    const flags = Array.from({ length: 40 }, (_, i) => `$K${i}`);
    expect(items(`FLAGS (${flags.join(" ")})`).flags).toEqual(flags);
    expect(parse(`* 1 FETCH (FLAGS (\\Seen \\Draft $A $B ${"(".repeat(3)}\r\n`).type).toBe("unparsed");
    expect(items("FLAGS (\\Answered)").flags).toEqual(["\\Answered"]);
    const envelope = (to: string): string => `ENVELOPE (NIL NIL NIL NIL NIL ${to} NIL NIL NIL NIL)`;
    const address = (n: number): string => `("n${n}" NIL "m${n}" "h")`;
    expect(parse(`* 1 FETCH (${envelope(`(${address(1)}${address(2)}${address(3)} x`)})\r\n`).type).toBe(
      "unparsed",
    );
    const to = as(decodeOne(`* 2 FETCH (${envelope(`(${address(4)})`)})\r\n`), "fetch").items.envelope?.to;
    expect(to).toEqual([{ name: b("n4"), adl: null, mailbox: b("m4"), host: b("h") }]);
  });

  it("reads UID, FLAGS, INTERNALDATE and RFC822.SIZE", () => {
    expect(
      items('UID 4827313 FLAGS (\\Seen $Label1) INTERNALDATE " 7-Feb-1994 21:52:25 -0800" RFC822.SIZE 44827'),
    ).toEqual({
      uid: 4827313,
      flags: ["\\Seen", "$Label1"],
      internalDate: " 7-Feb-1994 21:52:25 -0800",
      rfc822Size: 44827,
    });
  });

  it("reads RFC822, RFC822.HEADER and RFC822.TEXT as sections", () => {
    expect(items(`RFC822 ${lit("all")} RFC822.HEADER ${lit("head")} RFC822.TEXT NIL`).sections).toEqual([
      { item: "RFC822", section: "", origin: null, data: b("all") },
      { item: "RFC822.HEADER", section: "", origin: null, data: b("head") },
      { item: "RFC822.TEXT", section: "", origin: null, data: null },
    ]);
  });

  it("reads BODY[section]<origin> with every section form", () => {
    expect(
      items(
        'BODY[TEXT]<100> "x" BODY[2.HEADER] "h" BODY[3.1] "p" BODY[HEADER.FIELDS ()] "" BODY[1.MIME]<0> "m"',
      ).sections,
    ).toEqual([
      { item: "BODY", section: "TEXT", origin: 100, data: b("x") },
      { item: "BODY", section: "2.HEADER", origin: null, data: b("h") },
      { item: "BODY", section: "3.1", origin: null, data: b("p") },
      { item: "BODY", section: "HEADER.FIELDS ()", origin: null, data: b("") },
      { item: "BODY", section: "1.MIME", origin: 0, data: b("m") },
    ]);
  });

  it("reads MODSEQ, PREVIEW and the Gmail items", () => {
    expect(
      items('MODSEQ (624140003) PREVIEW "Hello there" X-GM-THRID 1278455344230334865 X-GM-LABELS ()'),
    ).toEqual({
      modseq: 624140003n,
      preview: b("Hello there"),
      gmThrId: 1278455344230334865n,
      gmLabels: [],
    });
    expect(items("PREVIEW NIL")).toEqual({ preview: null });
  });

  it("keeps unknown items with their upper-cased name and a generic value", () => {
    expect(
      items(
        'EMAILID (M6d99ac3275bb4e) THREADID NIL SAVEDATE "1-Jan-2024 00:00:00 +0000" x-foo[1]<5> {3}\r\nabc X_BAR 5 UID 1',
      ),
    ).toEqual({
      other: [
        ["EMAILID", [b("M6d99ac3275bb4e")]],
        ["THREADID", null],
        ["SAVEDATE", b("1-Jan-2024 00:00:00 +0000")],
        ["X-FOO[1]<5>", b("abc")],
        ["X_BAR", 5],
      ],
      uid: 1,
    });
  });

  it("accepts an empty item list and refuses junk after the closing paren", () => {
    expect(items("")).toEqual({});
    expect(parse("* 1 FETCH (UID 1) x\r\n").type).toBe("unparsed");
    expect(parse("* 1 FETCH (UID 1\r\n").type).toBe("unparsed");
    expect(parse("* 1 FETCH UID 1\r\n").type).toBe("unparsed");
  });
});
