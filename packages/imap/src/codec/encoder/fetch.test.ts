import { describe, expect, it } from "vitest";
import type { FetchAttribute } from "../../types/command.js";
import { fetchAttributeText } from "./fetch.js";

describe("fetchAttributeText", () => {
  it.each<[FetchAttribute, string]>([
    ["UID", "UID"],
    ["FLAGS", "FLAGS"],
    ["INTERNALDATE", "INTERNALDATE"],
    ["RFC822.SIZE", "RFC822.SIZE"],
    ["ENVELOPE", "ENVELOPE"],
    ["BODY", "BODY"],
    ["BODYSTRUCTURE", "BODYSTRUCTURE"],
    ["MODSEQ", "MODSEQ"],
    ["PREVIEW", "PREVIEW"],
    ["X-GM-MSGID", "X-GM-MSGID"],
    ["X-GM-THRID", "X-GM-THRID"],
    ["X-GM-LABELS", "X-GM-LABELS"],
    [{ item: "BODY", section: "" }, "BODY[]"],
    [{ item: "BODY", section: "", peek: true }, "BODY.PEEK[]"],
    [{ item: "BODY", section: "HEADER" }, "BODY[HEADER]"],
    [{ item: "BODY", section: "text" }, "BODY[TEXT]"],
    [{ item: "BODY", section: "1" }, "BODY[1]"],
    [{ item: "BODY", section: "1.2.3" }, "BODY[1.2.3]"],
    [{ item: "BODY", section: "1.MIME", peek: true }, "BODY.PEEK[1.MIME]"],
    [{ item: "BODY", section: "4.2.header" }, "BODY[4.2.HEADER]"],
    [{ item: "BODY", section: "3.TEXT" }, "BODY[3.TEXT]"],
    [{ item: "BODY", section: "HEADER.FIELDS (FROM TO)", peek: true }, "BODY.PEEK[HEADER.FIELDS (FROM TO)]"],
    [
      { item: "BODY", section: "header.fields.not (X-Spam  Received)" },
      "BODY[HEADER.FIELDS.NOT (X-Spam Received)]",
    ],
    [{ item: "BODY", section: "2.HEADER.FIELDS (Subject)" }, "BODY[2.HEADER.FIELDS (Subject)]"],
    [{ item: "BODY", section: "", partial: { offset: 0, length: 512 } }, "BODY[]<0.512>"],
    [
      { item: "BODY", section: "1", peek: true, partial: { offset: 1024, length: 1 } },
      "BODY.PEEK[1]<1024.1>",
    ],
    [{ item: "BINARY", section: "" }, "BINARY[]"],
    [{ item: "BINARY", section: "1.2", peek: true }, "BINARY.PEEK[1.2]"],
    [{ item: "BINARY", section: "1", partial: { offset: 0, length: 100 } }, "BINARY[1]<0.100>"],
    [{ item: "BINARY.SIZE", section: "3" }, "BINARY.SIZE[3]"],
  ])("encodes %j", (attribute, expected) => {
    expect(fetchAttributeText(attribute)).toBe(expected);
  });

  it.each<[string, FetchAttribute]>([
    ["an unknown atom", "RFC822" as FetchAttribute],
    ["a lowercase atom", "uid" as FetchAttribute],
    ["an unknown item", { item: "BODYX" as "BODY", section: "" }],
    ["part 0", { item: "BODY", section: "0" }],
    ["a leading zero", { item: "BODY", section: "01" }],
    ["an empty part", { item: "BODY", section: "1..2" }],
    ["a trailing dot", { item: "BODY", section: "1." }],
    ["MIME without a part", { item: "BODY", section: "MIME" }],
    ["an unknown text", { item: "BODY", section: "1.BODY" }],
    ["HEADER.FIELDS without names", { item: "BODY", section: "HEADER.FIELDS ()" }],
    ["HEADER.FIELDS without a list", { item: "BODY", section: "HEADER.FIELDS FROM" }],
    ["a bracket in a header name", { item: "BODY", section: "HEADER.FIELDS (A]B)" }],
    ["a quote in a header name", { item: "BODY", section: 'HEADER.FIELDS ("A")' }],
    ["a text section in BINARY", { item: "BINARY", section: "HEADER" }],
    ["a text section in BINARY.SIZE", { item: "BINARY.SIZE", section: "1.TEXT" }],
    ["BINARY.SIZE with PEEK", { item: "BINARY.SIZE", section: "1", peek: true }],
    ["BINARY.SIZE with a partial", { item: "BINARY.SIZE", section: "1", partial: { offset: 0, length: 1 } }],
    ["a zero partial length", { item: "BODY", section: "", partial: { offset: 0, length: 0 } }],
    ["a negative partial offset", { item: "BODY", section: "", partial: { offset: -1, length: 5 } }],
    ["a part above 2^32-1", { item: "BODY", section: "4294967296" }],
  ])("rejects %s", (_label, attribute) => {
    expect(() => fetchAttributeText(attribute)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
    );
  });
});
