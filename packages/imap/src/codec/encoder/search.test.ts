import { describe, expect, it } from "vitest";
import { BASE, wire } from "../../../test/encoder-helpers.js";
import { latin1Decode } from "../../text/text.js";
import type { SearchKey } from "../../types/command.js";
import type { EncoderOptions } from "../fragment.js";
import { encodeCommand } from "./index.js";

/** The text after `A1 SEARCH ` for one key. */
function keyText(key: SearchKey): string {
  const encoded = encodeCommand("A1", { name: "SEARCH", uid: false, criteria: [key] }, BASE);
  return wire(encoded).slice("A1 SEARCH ".length, -2);
}

const day = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

const KEYS: ReadonlyArray<readonly [SearchKey, string]> = [
  [{ key: "ALL" }, "ALL"],
  [{ key: "ANSWERED" }, "ANSWERED"],
  [{ key: "DELETED" }, "DELETED"],
  [{ key: "DRAFT" }, "DRAFT"],
  [{ key: "FLAGGED" }, "FLAGGED"],
  [{ key: "NEW" }, "NEW"],
  [{ key: "OLD" }, "OLD"],
  [{ key: "RECENT" }, "RECENT"],
  [{ key: "SEEN" }, "SEEN"],
  [{ key: "UNANSWERED" }, "UNANSWERED"],
  [{ key: "UNDELETED" }, "UNDELETED"],
  [{ key: "UNDRAFT" }, "UNDRAFT"],
  [{ key: "UNFLAGGED" }, "UNFLAGGED"],
  [{ key: "UNSEEN" }, "UNSEEN"],
  [{ key: "BCC" as const, value: "boss" }, "BCC boss"],
  [{ key: "BODY", value: "two words" }, 'BODY "two words"'],
  [{ key: "CC", value: "" }, 'CC ""'],
  [{ key: "FROM", value: "Smith" }, "FROM Smith"],
  [{ key: "SUBJECT", value: "NIL" }, 'SUBJECT "NIL"'],
  [{ key: "TEXT", value: 'say "hi"' }, 'TEXT "say \\"hi\\""'],
  [{ key: "TO", value: "a\\b" }, 'TO "a\\\\b"'],
  [{ key: "HEADER", field: "Message-ID", value: "<x@y>" }, "HEADER Message-ID <x@y>"],
  [{ key: "HEADER", field: "X-Spam", value: "" }, 'HEADER X-Spam ""'],
  [{ key: "KEYWORD", flag: "$Forwarded" }, "KEYWORD $Forwarded"],
  [{ key: "UNKEYWORD", flag: "Junk" }, "UNKEYWORD Junk"],
  [{ key: "BEFORE", date: day(2024, 1, 5) }, "BEFORE 5-Jan-2024"],
  [{ key: "ON", date: day(1999, 12, 31) }, "ON 31-Dec-1999"],
  [{ key: "SINCE", date: day(1994, 2, 1) }, "SINCE 1-Feb-1994"],
  [{ key: "SENTBEFORE", date: day(2020, 3, 10) }, "SENTBEFORE 10-Mar-2020"],
  [{ key: "SENTON", date: day(2021, 7, 4) }, "SENTON 4-Jul-2021"],
  [{ key: "SENTSINCE", date: day(2000, 11, 30) }, "SENTSINCE 30-Nov-2000"],
  // The UTC day counts, whatever the time of day.
  [{ key: "SINCE", date: new Date(Date.UTC(2024, 5, 1, 23, 59, 59)) }, "SINCE 1-Jun-2024"],
  [{ key: "LARGER", size: 10_000 }, "LARGER 10000"],
  [{ key: "SMALLER", size: 0 }, "SMALLER 0"],
  [{ key: "LARGER", size: 5_000_000_000 }, "LARGER 5000000000"],
  [{ key: "OLDER", seconds: 3600 }, "OLDER 3600"],
  [{ key: "YOUNGER", seconds: 86400 }, "YOUNGER 86400"],
  [{ key: "MODSEQ", modseq: 620162338n }, "MODSEQ 620162338"],
  [{ key: "UID", set: [1, 2, 3, 10] }, "UID 1:3,10"],
  [{ key: "SEQ", set: "1:*" }, "1:*"],
  [{ key: "SEQ", set: "$" }, "$"],
  [{ key: "NOT", operand: { key: "SEEN" } }, "NOT SEEN"],
  [{ key: "OR", left: { key: "FROM", value: "a" }, right: { key: "TO", value: "b" } }, "OR FROM a TO b"],
  [
    {
      key: "OR",
      left: { key: "AND", operands: [{ key: "SEEN" }, { key: "FLAGGED" }] },
      right: { key: "NOT", operand: { key: "OR", left: { key: "NEW" }, right: { key: "OLD" } } },
    },
    "OR (SEEN FLAGGED) NOT OR NEW OLD",
  ],
  [{ key: "AND", operands: [{ key: "UNSEEN" }] }, "(UNSEEN)"],
];

describe("search keys", () => {
  it.each(KEYS.map(([key, text]) => ({ key, text })))("writes $text", ({ key, text }) => {
    expect(keyText(key)).toBe(text);
  });

  it("separates top-level keys with spaces (an implicit AND)", () => {
    const encoded = encodeCommand(
      "A1",
      {
        name: "SEARCH",
        uid: true,
        criteria: [{ key: "UNSEEN" }, { key: "FROM", value: "x" }, { key: "LARGER", size: 1 }],
      },
      BASE,
    );
    expect(latin1Decode(encoded.fragments[0]?.bytes ?? new Uint8Array())).toBe(
      "A1 UID SEARCH UNSEEN FROM x LARGER 1\r\n",
    );
  });

  it.each<[string, SearchKey]>([
    ["an empty AND", { key: "AND", operands: [] }],
    ["an invalid date", { key: "ON", date: new Date("nope") }],
    ["a year past 9999", { key: "ON", date: new Date(Date.UTC(10000, 0, 1)) }],
    ["a negative size", { key: "LARGER", size: -1 }],
    ["a fractional size", { key: "SMALLER", size: 1.5 }],
    ["OLDER 0", { key: "OLDER", seconds: 0 }],
    ["a negative MODSEQ", { key: "MODSEQ", modseq: -1n }],
    ["a keyword with a space", { key: "KEYWORD", flag: "a b" }],
    ["a system flag as keyword", { key: "KEYWORD", flag: "\\Seen" }],
    ["an unknown key", { key: "BOGUS" } as unknown as SearchKey],
    ["an invalid UID set", { key: "UID", set: "" }],
  ])("rejects %s", (_label, key) => {
    expect(() => keyText(key)).toThrow(expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }));
  });

  it("rejects nesting deeper than the limit", () => {
    let key: SearchKey = { key: "ALL" };
    for (let i = 0; i < 100; i++) key = { key: "NOT", operand: key };
    expect(() => keyText(key)).toThrow(expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }));
  });

  it("adds CHARSET UTF-8 for non-ASCII text unless a charset is given or UTF-8 is enabled", () => {
    const criteria: SearchKey[] = [
      { key: "UNSEEN" },
      {
        key: "NOT",
        operand: { key: "OR", left: { key: "SEEN" }, right: { key: "SUBJECT", value: "\u00e9" } },
      },
    ];
    const first = (options: EncoderOptions, charset?: string): string =>
      latin1Decode(
        encodeCommand("A1", { name: "SEARCH", uid: true, criteria, ...(charset ? { charset } : {}) }, options)
          .fragments[0]?.bytes ?? new Uint8Array(),
      );
    expect(first(BASE)).toBe("A1 UID SEARCH CHARSET UTF-8 UNSEEN NOT OR SEEN SUBJECT {2}\r\n");
    expect(first(BASE, "ISO-8859-1")).toBe(
      "A1 UID SEARCH CHARSET ISO-8859-1 UNSEEN NOT OR SEEN SUBJECT {2}\r\n",
    );
    expect(first({ ...BASE, utf8: true })).toBe(
      'A1 UID SEARCH UNSEEN NOT OR SEEN SUBJECT "\u00c3\u00a9"\r\n',
    );
    const ascii = encodeCommand(
      "A1",
      { name: "SEARCH", uid: true, criteria: [{ key: "HEADER", field: "X", value: "y" }] },
      BASE,
    );
    expect(latin1Decode(ascii.fragments[0]?.bytes ?? new Uint8Array())).toBe("A1 UID SEARCH HEADER X y\r\n");
  });

  it("rejects a SEARCH without keys", () => {
    expect(() => encodeCommand("A1", { name: "SEARCH", uid: true, criteria: [] }, BASE)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
    );
  });

  it("rejects an unknown RETURN option", () => {
    expect(() =>
      encodeCommand(
        "A1",
        { name: "SEARCH", uid: true, criteria: [{ key: "ALL" }], return: ["PARTIAL" as "MIN"] },
        BASE,
      ),
    ).toThrow(expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }));
  });
});

describe("SORT and THREAD", () => {
  it("encodes every sort key", () => {
    const encoded = encodeCommand(
      "A1",
      {
        name: "SORT",
        uid: true,
        criteria: [
          "ARRIVAL",
          "CC",
          "DATE",
          "FROM",
          "SIZE",
          "SUBJECT",
          "TO",
          "DISPLAYFROM",
          "REVERSE DISPLAYTO",
        ],
        charset: "UTF-8",
        search: [{ key: "UNDELETED" }, { key: "SINCE", date: day(2024, 2, 29) }],
      },
      BASE,
    );
    expect(latin1Decode(encoded.fragments[0]?.bytes ?? new Uint8Array())).toBe(
      "A1 UID SORT (ARRIVAL CC DATE FROM SIZE SUBJECT TO DISPLAYFROM REVERSE DISPLAYTO) UTF-8 UNDELETED SINCE 29-Feb-2024\r\n",
    );
  });

  it.each([["REVERSE"], ["REVERSE REVERSE DATE"], ["date"], ["BOGUS"]])(
    "rejects sort criterion %j",
    (criterion) => {
      expect(() =>
        encodeCommand(
          "A1",
          {
            name: "SORT",
            uid: true,
            criteria: [criterion as "DATE"],
            charset: "UTF-8",
            search: [{ key: "ALL" }],
          },
          BASE,
        ),
      ).toThrow(expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }));
    },
  );

  it("rejects a SORT without criteria", () => {
    expect(() =>
      encodeCommand(
        "A1",
        { name: "SORT", uid: true, criteria: [], charset: "UTF-8", search: [{ key: "ALL" }] },
        BASE,
      ),
    ).toThrow(expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }));
  });

  it("encodes the REFS algorithm", () => {
    const encoded = encodeCommand(
      "A1",
      {
        name: "THREAD",
        uid: true,
        algorithm: "REFS",
        charset: "UTF-8",
        search: [{ key: "UID", set: "1:100" }],
      },
      BASE,
    );
    expect(latin1Decode(encoded.fragments[0]?.bytes ?? new Uint8Array())).toBe(
      "A1 UID THREAD REFS UTF-8 UID 1:100\r\n",
    );
  });

  it("rejects an unknown thread algorithm", () => {
    expect(() =>
      encodeCommand(
        "A1",
        { name: "THREAD", uid: true, algorithm: "X" as "REFS", charset: "UTF-8", search: [{ key: "ALL" }] },
        BASE,
      ),
    ).toThrow(expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }));
  });
});
