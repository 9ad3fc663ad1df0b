import { describe, expect, it } from "vitest";
import { BASE } from "../../../test/encoder-helpers.js";
import { latin1Decode, utf8Decode } from "../../text/text.js";
import type { EncoderOptions } from "../fragment.js";
import {
  isAtom,
  isTag,
  writeAstring,
  writeListMailbox,
  writeMailbox,
  writeNString,
  writeString,
} from "./values.js";
import { CommandWriter } from "./writer.js";

/** Writes one value and returns the fragments as [kind, text] pairs (line CRLF removed). */
function written(write: (w: CommandWriter) => void, options: EncoderOptions = BASE): string[][] {
  const w = new CommandWriter(options);
  write(w);
  return w
    .finish()
    .fragments.map((f) => [
      f.kind,
      f.kind === "line" ? utf8Decode(f.bytes).slice(0, -2) : latin1Decode(f.bytes),
    ]);
}

const line = (text: string): string[][] => [["line", text]];

describe("writeAstring", () => {
  it.each([
    ["alice", "alice"],
    ["a]b", "a]b"],
    ["user@example.org", "user@example.org"],
    ["#news.comp", "#news.comp"],
    ["", '""'],
    ["NIL", '"NIL"'],
    ["Nil", '"Nil"'],
    ["NILS", "NILS"],
    ["two words", '"two words"'],
    ["a(b", '"a(b"'],
    ["a)b", '"a)b"'],
    ["a{b", '"a{b"'],
    ["a%b", '"a%b"'],
    ["a*b", '"a*b"'],
    ['a"b', '"a\\"b"'],
    ["a\\b", '"a\\\\b"'],
    ["tab\there", '"tab\there"'],
    ["\u007f", '"\u007f"'],
  ])("writes %j as %s", (value, expected) => {
    expect(written((w) => writeAstring(w, value))).toEqual(line(expected));
  });

  it("sends CR, LF and 8-bit values as literals", () => {
    expect(written((w) => writeAstring(w, "a\rb"))).toEqual([
      ["line", "{3}"],
      ["literal", "a\rb"],
      ["line", ""],
    ]);
    expect(written((w) => writeAstring(w, "a\nb"))).toEqual([
      ["line", "{3}"],
      ["literal", "a\nb"],
      ["line", ""],
    ]);
    expect(written((w) => writeAstring(w, "\u00fc"))).toEqual([
      ["line", "{2}"],
      ["literal", "\u00c3\u00bc"],
      ["line", ""],
    ]);
  });

  it("quotes 8-bit values as UTF-8 once UTF-8 is enabled", () => {
    expect(written((w) => writeAstring(w, "Gr\u00fc\u00dfe \u{1f600}"), { ...BASE, utf8: true })).toEqual(
      line('"Gr\u00fc\u00dfe \u{1f600}"'),
    );
  });

  it("refuses NUL", () => {
    expect(() => written((w) => writeAstring(w, "a\u0000"))).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
    );
  });
});

describe("writeString and writeNString", () => {
  it("never writes an atom", () => {
    expect(written((w) => writeString(w, "abc"))).toEqual(line('"abc"'));
  });

  it("writes NIL for null and quotes the text NIL", () => {
    expect(written((w) => writeNString(w, null))).toEqual(line("NIL"));
    expect(written((w) => writeNString(w, "NIL"))).toEqual(line('"NIL"'));
  });
});

describe("mailbox names", () => {
  it.each([
    ["INBOX", "INBOX"],
    ["inbox", "INBOX"],
    ["iNbOx", "INBOX"],
    ["INBOX.Sent", "INBOX.Sent"],
    ["Sent Items", '"Sent Items"'],
    ["R&D", "R&-D"],
    ["Entw\u00fcrfe", "Entw&APw-rfe"],
    ["", '""'],
    ["NIL", '"NIL"'],
    ["*", '"*"'],
    ["a\r\nb", "a&AA0ACg-b"],
  ])("writes %j as %s", (name, expected) => {
    expect(written((w) => writeMailbox(w, name))).toEqual(line(expected));
  });

  it("leaves wildcards unquoted in LIST patterns only", () => {
    expect(written((w) => writeListMailbox(w, "INBOX.*"))).toEqual(line("INBOX.*"));
    expect(written((w) => writeListMailbox(w, "%"))).toEqual(line("%"));
    expect(written((w) => writeListMailbox(w, "a b*"))).toEqual(line('"a b*"'));
    expect(written((w) => writeMailbox(w, "INBOX.*"))).toEqual(line('"INBOX.*"'));
  });
});

describe("isAtom and isTag", () => {
  it("accepts atoms and rejects atom-specials", () => {
    expect(isAtom("$Forwarded")).toBe(true);
    for (const bad of [
      "",
      "a b",
      "a(",
      "a)",
      "a{",
      "a%",
      "a*",
      'a"',
      "a\\",
      "a]",
      "a\r",
      "\u00e9",
      "\u0141",
      "a\u007f",
    ]) {
      expect(isAtom(bad)).toBe(false);
    }
  });

  it("accepts ] but not + in tags", () => {
    expect(isTag("A]1")).toBe(true);
    expect(isTag("A+1")).toBe(false);
    expect(isTag("")).toBe(false);
  });
});
