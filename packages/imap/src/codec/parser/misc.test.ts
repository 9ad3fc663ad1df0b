import { describe, expect, it } from "vitest";
import { decodeOne, parse } from "../../../test/parse-cases.js";

describe("small untagged responses", () => {
  it("reads CAPABILITY upper-cased in order", () => {
    expect(decodeOne("* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED\r\n")).toEqual({
      type: "capability",
      capabilities: ["IMAP4REV1", "STARTTLS", "AUTH=GSSAPI", "LOGINDISABLED"],
    });
  });

  it("reads ENABLED with capabilities", () => {
    expect(decodeOne("* ENABLED CONDSTORE QRESYNC\r\n")).toEqual({
      type: "enabled",
      capabilities: ["CONDSTORE", "QRESYNC"],
    });
  });

  it("reads ID parameters as text", () => {
    expect(decodeOne('* ID ("name" "Cyrus" "version" "1.5" "os" NIL)\r\n')).toEqual({
      type: "id",
      params: [
        ["name", "Cyrus"],
        ["version", "1.5"],
        ["os", null],
      ],
    });
    expect(decodeOne("* ID ()\r\n")).toEqual({ type: "id", params: [] });
  });

  it("reads FLAGS", () => {
    expect(decodeOne("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)\r\n")).toEqual({
      type: "flags",
      flags: ["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft", "$Forwarded"],
    });
  });

  it("reads EXISTS, RECENT and EXPUNGE", () => {
    expect(decodeOne("* 23 EXISTS\r\n")).toEqual({ type: "exists", count: 23 });
    expect(decodeOne("* 0 EXISTS\r\n")).toEqual({ type: "exists", count: 0 });
    expect(decodeOne("* 5 RECENT\r\n")).toEqual({ type: "recent", count: 5 });
    expect(decodeOne("* 44 EXPUNGE\r\n")).toEqual({ type: "expunge", seq: 44 });
    expect(parse("* 0 EXPUNGE\r\n", { zeroSequenceNumber: false }).type).toBe("unparsed");
    expect(parse("* 3 EXISTS junk\r\n").type).toBe("unparsed");
  });

  it("reads VANISHED with several ranges", () => {
    expect(decodeOne("* VANISHED 405,407,410:425\r\n")).toEqual({
      type: "vanished",
      earlier: false,
      uids: [
        [405, 405],
        [407, 407],
        [410, 425],
      ],
    });
  });
});
