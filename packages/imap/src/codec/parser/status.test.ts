import { describe, expect, it } from "vitest";
import { as, b, decodeOne, parse, utf8 } from "../../../test/parse-cases.js";
import type { ResponseCode } from "../../types/response.js";

function code(input: string): ResponseCode | null {
  return as(decodeOne(input), "status").code;
}

describe("status responses (RFC 3501 §7.1)", () => {
  it("reads tagged OK, NO and BAD completions", () => {
    expect(decodeOne("a001 OK LOGIN completed\r\n")).toEqual({
      type: "status",
      tag: "a001",
      condition: "OK",
      code: null,
      text: "LOGIN completed",
    });
    expect(decodeOne("A2 NO [TRYCREATE] No such mailbox\r\n")).toMatchObject({
      condition: "NO",
      code: { code: "TRYCREATE" },
    });
    expect(decodeOne("A3 bad Command unknown\r\n")).toMatchObject({ tag: "A3", condition: "BAD" });
  });

  it("reads untagged OK, NO, BAD, PREAUTH and BYE", () => {
    for (const cond of ["OK", "NO", "BAD", "PREAUTH", "BYE"] as const) {
      expect(decodeOne(`* ${cond} text here\r\n`)).toEqual({
        type: "status",
        tag: null,
        condition: cond,
        code: null,
        text: "text here",
      });
    }
  });

  it("refuses PREAUTH and BYE as tagged completions and unknown conditions", () => {
    expect(as(parse("A1 BYE x\r\n"), "unparsed").tag).toBeNull();
    expect(as(parse("A1 PREAUTH x\r\n"), "unparsed").tag).toBeNull();
    expect(as(parse("A1 MAYBE x\r\n"), "unparsed").tag).toBeNull();
  });

  it("decodes the text as UTF-8 with replacement", () => {
    const input = new Uint8Array([...b("* OK "), ...utf8("Grüße"), 0xff, 13, 10]);
    expect(as(decodeOne(input), "status").text).toBe("Grüße\ufffd");
  });

  it("reads every known response code", () => {
    expect(code("* OK [ALERT] System shutdown in 10 minutes\r\n")).toEqual({ code: "ALERT" });
    expect(code("* OK [CAPABILITY IMAP4rev2 AUTH=PLAIN] x\r\n")).toEqual({
      code: "CAPABILITY",
      capabilities: ["IMAP4REV2", "AUTH=PLAIN"],
    });
    expect(code("* OK [PERMANENTFLAGS ()] x\r\n")).toEqual({ code: "PERMANENTFLAGS", flags: [] });
    expect(code("* OK [UIDVALIDITY 3857529045] x\r\n")).toEqual({ code: "UIDVALIDITY", value: 3857529045 });
    expect(code("* OK [UIDNEXT 4392] x\r\n")).toEqual({ code: "UIDNEXT", value: 4392 });
    expect(code("* OK [UNSEEN 12] x\r\n")).toEqual({ code: "UNSEEN", value: 12 });
    expect(code("A1 OK [READ-WRITE] SELECT completed\r\n")).toEqual({ code: "READ-WRITE" });
    expect(code("A1 OK [READ-ONLY] EXAMINE completed\r\n")).toEqual({ code: "READ-ONLY" });
    expect(code("A1 NO [TRYCREATE] x\r\n")).toEqual({ code: "TRYCREATE" });
    expect(code("A1 OK [APPENDUID 1 2] x\r\n")).toEqual({
      code: "APPENDUID",
      uidValidity: 1,
      uids: [[2, 2]],
    });
    expect(code("A1 OK [COPYUID 1 2 3] x\r\n")).toEqual({
      code: "COPYUID",
      uidValidity: 1,
      source: [[2, 2]],
      destination: [[3, 3]],
    });
    expect(code("* OK [HIGHESTMODSEQ 1] x\r\n")).toEqual({ code: "HIGHESTMODSEQ", value: 1n });
    expect(code("* OK [NOMODSEQ] x\r\n")).toEqual({ code: "NOMODSEQ" });
    expect(code("A1 OK [MODIFIED 1:3] x\r\n")).toEqual({ code: "MODIFIED", set: [[1, 3]] });
    expect(code("* OK [CLOSED] x\r\n")).toEqual({ code: "CLOSED" });
  });

  it("matches code names case-insensitively and normalises reversed ranges", () => {
    expect(code("* OK [alert] x\r\n")).toEqual({ code: "ALERT" });
    expect(code("A1 OK [copyuid 9 5:3 7:9] x\r\n")).toEqual({
      code: "COPYUID",
      uidValidity: 9,
      source: [[3, 5]],
      destination: [[7, 9]],
    });
  });

  it("treats a `[` without a closing bracket as text", () => {
    expect(decodeOne("* OK [not a code\r\n")).toEqual({
      type: "status",
      tag: null,
      condition: "OK",
      code: null,
      text: "[not a code",
    });
  });

  it("reads a code whose argument holds a quoted `]`", () => {
    expect(code('* NO [X-INFO "a]b" c] done\r\n')).toEqual({
      code: "other",
      name: "X-INFO",
      raw: b('"a]b" c'),
      malformed: false,
    });
  });

  it("reads UIDVALIDITY 0 as malformed (nz-number)", () => {
    expect(code("* OK [UIDVALIDITY 0] x\r\n")).toEqual({
      code: "other",
      name: "UIDVALIDITY",
      raw: b("0"),
      malformed: true,
    });
  });
});

describe("continuation requests", () => {
  it("reads text, a code and an empty request", () => {
    expect(decodeOne("+ Ready for literal data\r\n")).toEqual({
      type: "continuation",
      code: null,
      text: "Ready for literal data",
    });
    expect(decodeOne("+ [ALERT] x\r\n")).toEqual({
      type: "continuation",
      code: { code: "ALERT" },
      text: "x",
    });
    expect(decodeOne("+ \r\n")).toEqual({ type: "continuation", code: null, text: "" });
  });
});

describe("resp-text edge cases", () => {
  it("keeps a bracketed word followed by more text as text", () => {
    expect(decodeOne("* OK [Gmail]/Sent selected\r\n")).toEqual({
      type: "status",
      tag: null,
      condition: "OK",
      code: null,
      text: "[Gmail]/Sent selected",
    });
  });
});
