import { describe, expect, it } from "vitest";
import { encodeCommand } from "../codec/encoder/index.js";
import type { EncoderOptions } from "../codec/fragment.js";
import { parseCommandText } from "./parse.js";

const OPTIONS: EncoderOptions = {
  literalPlus: true,
  literalMinus: false,
  utf8: false,
  saslIr: true,
  binary: true,
};

/** Parsed, then encoded again: what the server would receive (tag T). */
function wire(text: string): string {
  const encoded = encodeCommand("T", parseCommandText(text), OPTIONS);
  return new TextDecoder().decode(encoded.fragments[0]?.bytes).trimEnd();
}

describe("parseCommandText", () => {
  it.each([
    ["noop", "T NOOP"],
    ["CAPABILITY", "T CAPABILITY"],
    ["SELECT INBOX", "T SELECT INBOX"],
    ['EXAMINE "Sent Items" (CONDSTORE)', 'T EXAMINE "Sent Items" (CONDSTORE)'],
    ['LIST "" "*"', 'T LIST "" *'],
    [
      'LIST (SUBSCRIBED) "" ("INBOX" "Sent") RETURN (SPECIAL-USE STATUS (MESSAGES UNSEEN))',
      'T LIST (SUBSCRIBED) "" (INBOX Sent) RETURN (SPECIAL-USE STATUS (MESSAGES UNSEEN))',
    ],
    ["STATUS INBOX (MESSAGES UIDNEXT)", "T STATUS INBOX (MESSAGES UIDNEXT)"],
    ["UID FETCH 1:* (FLAGS)", "T UID FETCH 1:* (FLAGS)"],
    ["FETCH 1 FAST", "T FETCH 1 (FLAGS INTERNALDATE RFC822.SIZE)"],
    [
      "UID FETCH 4 (UID BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)]<0.100>)",
      "T UID FETCH 4 (UID BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)]<0.100>)",
    ],
    [
      "UID FETCH 1:5 (FLAGS) (CHANGEDSINCE 12345 VANISHED)",
      "T UID FETCH 1:5 (FLAGS) (CHANGEDSINCE 12345 VANISHED)",
    ],
    ["UID STORE 3 +FLAGS.SILENT (\\Seen \\Flagged)", "T UID STORE 3 +FLAGS.SILENT (\\Seen \\Flagged)"],
    ["STORE 1:2 (UNCHANGEDSINCE 7) -FLAGS \\Deleted", "T STORE 1:2 (UNCHANGEDSINCE 7) -FLAGS (\\Deleted)"],
    [
      'UID SEARCH RETURN (COUNT) OR FROM "a b" NOT SEEN',
      'T UID SEARCH RETURN (COUNT) OR FROM "a b" NOT SEEN',
    ],
    ["SEARCH SINCE 1-Feb-2024 LARGER 1000 1:10", "T SEARCH SINCE 1-Feb-2024 LARGER 1000 1:10"],
    ["UID MOVE 1:3 Trash", "T UID MOVE 1:3 Trash"],
    ["UID EXPUNGE 4,6", "T UID EXPUNGE 4,6"],
    ['ID ("name" "tagwire")', 'T ID ("name" "tagwire")'],
    ["ID NIL", "T ID NIL"],
    ["CREATE Archive (USE (\\Archive))", "T CREATE Archive (USE (\\Archive))"],
    [
      "SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211))",
      "T SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211))",
    ],
    ["ENABLE CONDSTORE QRESYNC", "T ENABLE CONDSTORE QRESYNC"],
    ['RENAME "Old" "New Name"', 'T RENAME Old "New Name"'],
    ["UID SORT (REVERSE DATE SUBJECT) UTF-8 ALL", "T UID SORT (REVERSE DATE SUBJECT) UTF-8 ALL"],
    ["UID THREAD REFERENCES UTF-8 ALL", "T UID THREAD REFERENCES UTF-8 ALL"],
  ])("parses %s", (text, expected) => {
    expect(wire(text)).toBe(expected);
  });

  it("builds nested search keys", () => {
    expect(parseCommandText('UID SEARCH RETURN (COUNT) OR FROM "a b" NOT SEEN')).toEqual({
      name: "SEARCH",
      uid: true,
      return: ["COUNT"],
      criteria: [
        { key: "OR", left: { key: "FROM", value: "a b" }, right: { key: "NOT", operand: { key: "SEEN" } } },
      ],
    });
    expect(parseCommandText("SEARCH SINCE 1-Feb-2024 (LARGER 1000 1:10)")).toEqual({
      name: "SEARCH",
      uid: false,
      criteria: [
        { key: "SINCE", date: new Date(Date.UTC(2024, 1, 1)) },
        {
          key: "AND",
          operands: [
            { key: "LARGER", size: 1000 },
            { key: "SEQ", set: "1:10" },
          ],
        },
      ],
    });
  });

  it.each([
    ["LOGOUT", { name: "LOGOUT" }],
    ["STARTTLS", { name: "STARTTLS" }],
    ["idle", { name: "IDLE" }],
  ])("parses the bare command %s", (text, expected) => {
    expect(parseCommandText(text)).toEqual(expected);
  });

  it.each([
    ["", "empty"],
    ["LOGIN a b", "credentials are never read"],
    ["AUTHENTICATE PLAIN AGEAYg==", "credentials are never read"],
    ["DONE", "not a command"],
    ['APPEND INBOX "x"', "message bytes"],
    ["UID SELECT INBOX", "does not exist"],
    ["FETCH x FLAGS", "sequence set"],
    ["FETCH 1 (FLAGS", "unbalanced"],
    ['SELECT "INBOX', "unterminated"],
    ["SELECT {5}", "literal"],
    ["STATUS INBOX (BOGUS)", "unknown status item"],
    ["SEARCH BOGUS", "unknown search key"],
    ["SEARCH RETURN (BOGUS) ALL", "unknown RETURN option"],
    ["THREAD BOGUS UTF-8 ALL", "unknown thread algorithm"],
    ["FROB", "unknown"],
    ["NOOP extra", "unexpected"],
  ])("refuses %j", (text, message) => {
    expect(() => parseCommandText(text)).toThrow(message);
  });

  it("refuses what the caller lists, with its reason, before reading the arguments", () => {
    const refuse = { LOGOUT: "not here: the caller logs out", IDLE: "not here" };
    expect(() => parseCommandText("LOGOUT", { refuse })).toThrow("LOGOUT: not here: the caller logs out");
    expect(() => parseCommandText("idle now", { refuse })).toThrow("IDLE: not here");
    expect(parseCommandText("NOOP", { refuse })).toEqual({ name: "NOOP" });
  });

  it.each(["0", "0:5", "1:0", "4294967296", "1,,2"])(
    "refuses the sequence set %s with the encoder's error code",
    (set) => {
      const encoderError = catchError(() =>
        encodeCommand("T", { name: "FETCH", uid: false, set, attributes: ["FLAGS"] }, OPTIONS),
      );
      expect(encoderError).toMatchObject({ code: "IMAP_ERR_INVALID_ARGUMENT" });
      for (const text of [
        `FETCH ${set} (FLAGS)`,
        `UID STORE ${set} +FLAGS (\\Seen)`,
        `UID COPY ${set} Trash`,
        `UID EXPUNGE ${set}`,
        `SEARCH UID ${set}`,
        `SEARCH ${set}`,
        `SELECT INBOX (QRESYNC (1 2 ${set}))`,
      ]) {
        expect(
          catchError(() => parseCommandText(text)),
          text,
        ).toMatchObject({
          name: "ImapLocalError",
          code: (encoderError as { code: string }).code,
          message: expect.stringContaining("is not a sequence set"),
        });
      }
    },
  );
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("no error");
}
