import { describe, expect, it } from "vitest";
import { parse } from "../../../test/parse-cases.js";
import { DEFAULT_QUIRKS, type ParserQuirks, STRICT_QUIRKS } from "./quirks.js";

/** One response per quirk that parses with every quirk on and differs when only that one is off. */
const CASES: Record<keyof ParserQuirks, string> = {
  crlfRelaxed: "* 1 FETCH (BODY[] {3}\nabc)\n",
  leadingNul: "\u0000* OK ready\r\n",
  doubleSpace: "*  OK ready\r\n",
  trailingSpace: "* 5 FETCH (UID 19436 )\r\n",
  looseEscapes: '* LIST () "/" "a\\b"\r\n',
  looseAtomChars: "* 1 FETCH (FLAGS (caf\u00e9))\r\n",
  negativeNumbers: "* 1 FETCH (MODSEQ (-1))\r\n",
  zeroSequenceNumber: "* 0 FETCH (UID 1)\r\n",
  missingText: "A1 OK [HIGHESTMODSEQ 5]\r\n",
  malformedCodes: "A1 OK [COPYUID 701  ] done\r\n",
  flagWildcardInFlags: "* FLAGS (\\Seen \\*)\r\n",
  extraSpaceBetweenAddresses:
    '* 1 FETCH (ENVELOPE (NIL NIL (("A" NIL "a" "x") ("B" NIL "b" "y")) NIL NIL NIL NIL NIL NIL NIL))\r\n',
  emptyListAsNil: "* 1 FETCH (ENVELOPE (NIL NIL () NIL NIL NIL NIL NIL NIL NIL))\r\n",
  multipartWithoutParts: '* 1 FETCH (BODYSTRUCTURE ("MIXED"))\r\n',
  missingSubtype: '* 1 FETCH (BODYSTRUCTURE ("X-ZIP" ("NAME" "a.zip") NIL NIL "BASE64" 12))\r\n',
  emptyNestedBody:
    '* 1 FETCH (BODYSTRUCTURE ("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 0 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) () 0))\r\n',
  nilBodyStrings: '* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" ("CHARSET" NIL) NIL NIL "7BIT" 5 1))\r\n',
  bareInlineDisposition:
    '* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 8 1 NIL "inline" NIL NIL))\r\n',
  misplacedBodyFields:
    '* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 0 0 ("B" "x") NIL NIL))\r\n',
  spaceBetweenBodyParts:
    '* 1 FETCH (BODYSTRUCTURE (("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) ("TEXT" "HTML" NIL NIL NIL "7BIT" 1 1) "ALTERNATIVE"))\r\n',
  rfc822Section: "* 2 FETCH (RFC822[] {1}\r\nx)\r\n",
  emptyVanished: "* VANISHED\r\n",
  emptyFlag: '* LIST (\\) "/" INBOX\r\n',
};

describe("ParserQuirks", () => {
  it("has every quirk on by default and off in STRICT_QUIRKS", () => {
    for (const value of Object.values(DEFAULT_QUIRKS)) expect(value).toBe(true);
    for (const value of Object.values(STRICT_QUIRKS)) expect(value).toBe(false);
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(DEFAULT_QUIRKS).sort());
  });

  for (const [name, input] of Object.entries(CASES) as Array<[keyof ParserQuirks, string]>) {
    it(`${name}: the response parses with the quirk and differs without it`, () => {
      const tolerant = parse(input);
      expect(tolerant.type).not.toBe("unparsed");
      const strict = parse(input, { [name]: false });
      expect(strict).not.toEqual(tolerant);
    });
  }

  it("rejects every quirk case with all quirks off", () => {
    for (const input of Object.values(CASES)) expect(parse(input, STRICT_QUIRKS).type).toBe("unparsed");
  });

  it("parses conforming responses identically with all quirks off", () => {
    const inputs = [
      '* 12 FETCH (UID 5 FLAGS (\\Seen) ENVELOPE ("d" "s" (("A" NIL "a" "x")) NIL NIL NIL NIL NIL NIL "<m>") BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "7BIT" 3 1)("TEXT" "HTML" NIL NIL NIL "7BIT" 3 1) "ALTERNATIVE" ("BOUNDARY" "b") NIL NIL NIL))\r\n',
      "* OK [PERMANENTFLAGS (\\Seen \\*)] Limited\r\n",
      '* LIST (\\HasChildren) "/" "INBOX"\r\n',
      "* SEARCH 1 2 3\r\n",
      "A1 OK done\r\n",
    ];
    for (const input of inputs) expect(parse(input, STRICT_QUIRKS)).toEqual(parse(input));
  });
});
