import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeMutf7, encodeMutf7 } from "./mutf7.js";

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const decode = (text: string): string | null => decodeMutf7(ascii(text));

// Pairs of (Unicode name, canonical modified UTF-7); each is checked in both directions.
const TABLE: ReadonlyArray<readonly [string, string]> = [
  ["", ""],
  ["INBOX", "INBOX"],
  // RFC 3501 §5.1.3 example.
  ["~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"],
  ["&", "&-"],
  ["Tom & Jerry", "Tom &- Jerry"],
  ["&&", "&-&-"],
  ["Entw\u00fcrfe", "Entw&APw-rfe"],
  ["\u00e9", "&AOk-"],
  ["\u00e9\u00e9", "&AOkA6Q-"],
  ["\u00e9\u00e9\u00e9", "&AOkA6QDp-"],
  ["\u00e9&", "&AOk-&-"],
  ["&\u00e9", "&-&AOk-"],
  // Supplementary plane: a surrogate pair inside one shifted section.
  ["\u{1f600}", "&2D3eAA-"],
  ["a\u{1f4e7}b", "a&2D3c5w-b"],
  // Controls are not printable, so they are shifted too.
  ["a\tb", "a&AAk-b"],
  ["\u007f", "&AH8-"],
  ["\u0000", "&AAA-"],
  // Modified base64 uses "," where base64 has "/": U+FFFF encodes as "//8".
  ["\uffff", "&,,8-"],
  ["[Gmail]/Gesendet", "[Gmail]/Gesendet"],
  [
    "\u041e\u0442\u043f\u0440\u0430\u0432\u043b\u0435\u043d\u043d\u044b\u0435",
    "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-",
  ],
];

describe("encodeMutf7", () => {
  it.each(TABLE)("encodes %j as %s", (name, encoded) => {
    expect(encodeMutf7(name)).toBe(encoded);
  });

  it("rejects unpaired surrogates", () => {
    for (const bad of ["\ud800", "a\udc00", "\ud83d!", "\ud83d\ud83d"]) {
      expect(() => encodeMutf7(bad)).toThrow(expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }));
    }
  });
});

describe("decodeMutf7", () => {
  it.each(TABLE)("decodes %j from %s", (name, encoded) => {
    expect(decode(encoded)).toBe(name);
  });

  it.each([
    ["an unterminated shift", "&U,BTFw"],
    ["an unterminated shift at the end", "abc&"],
    ["8-bit bytes", "Entw\u00fcrfe"],
    ["a control byte", "a\tb"],
    ["a CR LF", "x\r\nA1 LOGOUT"],
    ["a printable character shifted", "&AGE-"],
    ["an ampersand shifted", "&ACY-"],
    ["a shifted space", "&ACA-"],
    ["adjacent shifted sections", "&AOk-&AOk-"],
    ["a bit count that is not whole code units", "&AOkA-"],
    ["too few bits for one unit", "&AA-"],
    ["a lone base64 character", "&A-"],
    ["non-zero padding bits", "&AOl-"],
    ["standard base64 slash", "&//8-"],
    ["base64 padding", "&AOk=-"],
    ["a character outside the alphabet", "&AO.k-"],
    ["an unpaired high surrogate", "&2D0-"],
    ["a high surrogate followed by a non-surrogate", "&2D0A6Q-"],
    ["an unpaired low surrogate", "&3gA-"],
    ["a high surrogate ending the section", "a&2D3eAA-&2D0-"],
  ])("returns null for %s", (_label, encoded) => {
    expect(decode(encoded)).toBeNull();
  });

  it("accepts a shifted section followed by an escaped ampersand", () => {
    expect(decode("&AOk-&-&AOk-")).toBe("\u00e9&\u00e9");
  });

  it("round-trips arbitrary Unicode names", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (name) => {
        const encoded = encodeMutf7(name);
        expect(encoded).toMatch(/^[\x20-\x7e]*$/);
        expect(decode(encoded)).toBe(name);
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips strings of any code points", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (name) => {
        expect(decode(encodeMutf7(name))).toBe(name);
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips names mixing ASCII, ampersands and astral characters", () => {
    const piece = fc.constantFrom("&", "-", "a", " ", "\u00e9", "\u{1f600}", "\u0000", "/", ",", "+");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const name = pieces.join("");
        expect(decode(encodeMutf7(name))).toBe(name);
      }),
    );
  });

  it("never decodes two different byte strings to the same name", () => {
    // Canonical form: re-encoding whatever decodes gives back the same bytes.
    const byte = fc.constantFrom(..."&-AOkZeV2D3eA,+/ab".split(""));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 16 }), (chars) => {
        const text = chars.join("");
        const decoded = decode(text);
        if (decoded !== null) expect(encodeMutf7(decoded)).toBe(text);
      }),
      { numRuns: 5000 },
    );
  });
});
