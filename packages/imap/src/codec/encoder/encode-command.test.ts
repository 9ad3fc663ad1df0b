import { describe, expect, it } from "vitest";
import { BASE, wire } from "../../../test/encoder-helpers.js";
import { bytes } from "../../../test/feed.js";
import { latin1Decode, utf8Decode } from "../../text/text.js";
import type { Command } from "../../types/command.js";
import { secret } from "../../types/secret.js";
import type { EncoderOptions } from "../fragment.js";
import { encodeCommand, encodeDone } from "./index.js";

const JAN_5_2024 = new Date(Date.UTC(2024, 0, 5, 9, 7, 3));

// Every command of command.ts with its exact bytes (single-line commands: one line fragment).
// The trace is the line without CRLF unless a fourth element gives it.
const KNOWN: ReadonlyArray<readonly [string, Command, string, string?]> = [
  ["CAPABILITY", { name: "CAPABILITY" }, "A1 CAPABILITY\r\n"],
  ["NOOP", { name: "NOOP" }, "A1 NOOP\r\n"],
  ["LOGOUT", { name: "LOGOUT" }, "A1 LOGOUT\r\n"],
  ["STARTTLS", { name: "STARTTLS" }, "A1 STARTTLS\r\n"],
  ["NAMESPACE", { name: "NAMESPACE" }, "A1 NAMESPACE\r\n"],
  ["CLOSE", { name: "CLOSE" }, "A1 CLOSE\r\n"],
  ["UNSELECT", { name: "UNSELECT" }, "A1 UNSELECT\r\n"],
  ["CHECK", { name: "CHECK" }, "A1 CHECK\r\n"],
  ["IDLE", { name: "IDLE" }, "A1 IDLE\r\n"],
  [
    "LOGIN with atoms",
    { name: "LOGIN", username: "alice", password: secret("s3cret") },
    "A1 LOGIN alice s3cret\r\n",
    "A1 LOGIN alice ***",
  ],
  [
    "LOGIN with quoting",
    { name: "LOGIN", username: "alice@example.org", password: secret('pa ss"w\\rd') },
    'A1 LOGIN alice@example.org "pa ss\\"w\\\\rd"\r\n',
    "A1 LOGIN alice@example.org ***",
  ],
  [
    "LOGIN with an empty password",
    { name: "LOGIN", username: "u", password: secret("") },
    'A1 LOGIN u ""\r\n',
    "A1 LOGIN u ***",
  ],
  ["ENABLE", { name: "ENABLE", capabilities: ["CONDSTORE", "QRESYNC"] }, "A1 ENABLE CONDSTORE QRESYNC\r\n"],
  ["ID NIL", { name: "ID", params: null }, "A1 ID NIL\r\n"],
  ["ID with no fields", { name: "ID", params: {} }, "A1 ID NIL\r\n"],
  [
    "ID with fields",
    { name: "ID", params: { name: "tagwire", version: "0.1", vendor: null } },
    'A1 ID ("name" "tagwire" "version" "0.1" "vendor" NIL)\r\n',
  ],
  ["LIST", { name: "LIST", reference: "", patterns: ["*"] }, 'A1 LIST "" *\r\n'],
  ["LIST with %", { name: "LIST", reference: "", patterns: ["INBOX/%"] }, 'A1 LIST "" INBOX/%\r\n'],
  [
    "LIST with a reference",
    { name: "LIST", reference: "~smith/Mail/", patterns: ["foo.*"] },
    "A1 LIST ~smith/Mail/ foo.*\r\n",
  ],
  [
    "LIST-EXTENDED with options",
    {
      name: "LIST",
      reference: "",
      patterns: ["INBOX", "Drafts"],
      selectOptions: ["SUBSCRIBED", "RECURSIVEMATCH"],
      returnSpecialUse: true,
      returnSubscribed: true,
      returnChildren: true,
      returnStatus: ["MESSAGES", "UNSEEN", "HIGHESTMODSEQ"],
    },
    'A1 LIST (SUBSCRIBED RECURSIVEMATCH) "" (INBOX Drafts) RETURN (SPECIAL-USE SUBSCRIBED CHILDREN STATUS (MESSAGES UNSEEN HIGHESTMODSEQ))\r\n',
  ],
  [
    "LIST RETURN (SPECIAL-USE)",
    { name: "LIST", reference: "", patterns: ["*"], returnSpecialUse: true },
    'A1 LIST "" * RETURN (SPECIAL-USE)\r\n',
  ],
  [
    "LIST-STATUS alone",
    { name: "LIST", reference: "", patterns: ["%"], returnStatus: ["UIDNEXT"] },
    'A1 LIST "" % RETURN (STATUS (UIDNEXT))\r\n',
  ],
  [
    "LIST with a modified UTF-7 pattern",
    { name: "LIST", reference: "", patterns: ["Entw\u00fcrfe/*"] },
    'A1 LIST "" Entw&APw-rfe/*\r\n',
  ],
  ["LSUB", { name: "LSUB", reference: "#news.", pattern: "comp.mail.*" }, "A1 LSUB #news. comp.mail.*\r\n"],
  [
    "STATUS",
    { name: "STATUS", mailbox: "blurdybloop", items: ["UIDNEXT", "MESSAGES"] },
    "A1 STATUS blurdybloop (UIDNEXT MESSAGES)\r\n",
  ],
  ["SELECT", { name: "SELECT", mailbox: "INBOX" }, "A1 SELECT INBOX\r\n"],
  ["SELECT normalises INBOX", { name: "SELECT", mailbox: "inBox" }, "A1 SELECT INBOX\r\n"],
  ["SELECT keeps other case", { name: "SELECT", mailbox: "inbox/Sub" }, "A1 SELECT inbox/Sub\r\n"],
  ["EXAMINE", { name: "EXAMINE", mailbox: "Archive" }, "A1 EXAMINE Archive\r\n"],
  [
    "SELECT (CONDSTORE)",
    { name: "SELECT", mailbox: "INBOX", condstore: true },
    "A1 SELECT INBOX (CONDSTORE)\r\n",
  ],
  [
    "SELECT (QRESYNC ...) as in RFC 7162 §3.2.5",
    {
      name: "SELECT",
      mailbox: "INBOX",
      qresync: { uidValidity: 67890007, modseq: 20050715194045000n, knownUids: "41,43:211,214:541" },
    },
    "A1 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))\r\n",
  ],
  [
    "EXAMINE (CONDSTORE QRESYNC ...) without known UIDs",
    { name: "EXAMINE", mailbox: "INBOX", condstore: true, qresync: { uidValidity: 1, modseq: 9n } },
    "A1 EXAMINE INBOX (CONDSTORE QRESYNC (1 9))\r\n",
  ],
  ["CREATE", { name: "CREATE", mailbox: "owatagusiam/" }, "A1 CREATE owatagusiam/\r\n"],
  [
    "CREATE (USE ...)",
    { name: "CREATE", mailbox: "Sent Items", specialUse: ["\\Sent"] },
    'A1 CREATE "Sent Items" (USE (\\Sent))\r\n',
  ],
  ["DELETE", { name: "DELETE", mailbox: "blurdybloop" }, "A1 DELETE blurdybloop\r\n"],
  [
    "SUBSCRIBE",
    { name: "SUBSCRIBE", mailbox: "#news.comp.mail.mime" },
    "A1 SUBSCRIBE #news.comp.mail.mime\r\n",
  ],
  ["UNSUBSCRIBE", { name: "UNSUBSCRIBE", mailbox: "[Gmail]/Spam" }, "A1 UNSUBSCRIBE [Gmail]/Spam\r\n"],
  [
    "RENAME with modified UTF-7",
    { name: "RENAME", from: "Drafts", to: "~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e" },
    "A1 RENAME Drafts ~peter/mail/&U,BTFw-/&ZeVnLIqe-\r\n",
  ],
  ["EXPUNGE", { name: "EXPUNGE" }, "A1 EXPUNGE\r\n"],
  ["UID EXPUNGE", { name: "EXPUNGE", uids: [3000, 3001, 3002, 3005] }, "A1 UID EXPUNGE 3000:3002,3005\r\n"],
  ["SEARCH", { name: "SEARCH", uid: false, criteria: [{ key: "UNSEEN" }] }, "A1 SEARCH UNSEEN\r\n"],
  [
    "UID SEARCH RETURN CHARSET",
    {
      name: "SEARCH",
      uid: true,
      charset: "UTF-8",
      return: ["MIN", "COUNT"],
      criteria: [{ key: "FLAGGED" }, { key: "SINCE", date: new Date(Date.UTC(1994, 1, 1)) }],
    },
    "A1 UID SEARCH RETURN (MIN COUNT) CHARSET UTF-8 FLAGGED SINCE 1-Feb-1994\r\n",
  ],
  [
    "SEARCH RETURN ()",
    { name: "SEARCH", uid: true, return: [], criteria: [{ key: "ALL" }] },
    "A1 UID SEARCH RETURN () ALL\r\n",
  ],
  [
    "SORT",
    {
      name: "SORT",
      uid: false,
      criteria: ["SUBJECT", "REVERSE DATE"],
      charset: "UTF-8",
      search: [{ key: "ALL" }],
    },
    "A1 SORT (SUBJECT REVERSE DATE) UTF-8 ALL\r\n",
  ],
  [
    "UID SORT",
    { name: "SORT", uid: true, criteria: ["ARRIVAL"], charset: "US-ASCII", search: [{ key: "UNDELETED" }] },
    "A1 UID SORT (ARRIVAL) US-ASCII UNDELETED\r\n",
  ],
  [
    "UID SORT RETURN (SAVE PARTIAL)",
    {
      name: "SORT",
      uid: true,
      criteria: ["REVERSE DATE"],
      charset: "UTF-8",
      search: [{ key: "ALL" }],
      return: ["SAVE"],
      partial: [1, 100],
    },
    "A1 UID SORT RETURN (SAVE PARTIAL 1:100) (REVERSE DATE) UTF-8 ALL\r\n",
  ],
  [
    "SEARCH RETURN (PARTIAL) from the end",
    { name: "SEARCH", uid: true, criteria: [{ key: "ALL" }], partial: [-1, -50] },
    "A1 UID SEARCH RETURN (PARTIAL -1:-50) ALL\r\n",
  ],
  [
    "THREAD",
    {
      name: "THREAD",
      uid: false,
      algorithm: "ORDEREDSUBJECT",
      charset: "UTF-8",
      search: [{ key: "SINCE", date: new Date(Date.UTC(2002, 4, 6)) }],
    },
    "A1 THREAD ORDEREDSUBJECT UTF-8 SINCE 6-May-2002\r\n",
  ],
  [
    "UID THREAD",
    { name: "THREAD", uid: true, algorithm: "REFERENCES", charset: "UTF-8", search: [{ key: "ALL" }] },
    "A1 UID THREAD REFERENCES UTF-8 ALL\r\n",
  ],
  ["FETCH", { name: "FETCH", uid: false, set: "2:4", attributes: ["FLAGS"] }, "A1 FETCH 2:4 (FLAGS)\r\n"],
  [
    "UID FETCH with body sections",
    {
      name: "FETCH",
      uid: true,
      set: [[1, "*"]],
      attributes: [
        "UID",
        "FLAGS",
        "INTERNALDATE",
        "RFC822.SIZE",
        "ENVELOPE",
        "BODYSTRUCTURE",
        { item: "BODY", section: "HEADER.FIELDS (FROM TO)", peek: true },
        { item: "BODY", section: "1.2", partial: { offset: 0, length: 1024 } },
      ],
    },
    "A1 UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (FROM TO)] BODY[1.2]<0.1024>)\r\n",
  ],
  [
    "UID FETCH BINARY",
    {
      name: "FETCH",
      uid: true,
      set: 7,
      attributes: [
        { item: "BINARY", section: "1", peek: true },
        { item: "BINARY.SIZE", section: "2" },
        { item: "BINARY", section: "" },
      ],
    },
    "A1 UID FETCH 7 (BINARY.PEEK[1] BINARY.SIZE[2] BINARY[])\r\n",
  ],
  [
    "UID FETCH CHANGEDSINCE VANISHED",
    {
      name: "FETCH",
      uid: true,
      set: "300:500",
      attributes: ["FLAGS"],
      changedSince: 12345n,
      vanished: true,
    },
    "A1 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)\r\n",
  ],
  [
    "FETCH CHANGEDSINCE",
    { name: "FETCH", uid: false, set: "1:*", attributes: ["MODSEQ"], changedSince: 0n },
    "A1 FETCH 1:* (MODSEQ) (CHANGEDSINCE 0)\r\n",
  ],
  [
    "STORE +FLAGS",
    { name: "STORE", uid: false, set: "2:4", operation: "add", flags: ["\\Deleted"] },
    "A1 STORE 2:4 +FLAGS (\\Deleted)\r\n",
  ],
  [
    "UID STORE -FLAGS.SILENT",
    { name: "STORE", uid: true, set: [5, 6], operation: "remove", flags: ["\\Seen", "$Junk"], silent: true },
    "A1 UID STORE 5:6 -FLAGS.SILENT (\\Seen $Junk)\r\n",
  ],
  [
    "STORE FLAGS () with UNCHANGEDSINCE",
    { name: "STORE", uid: true, set: "7", operation: "set", flags: [], unchangedSince: 320162338n },
    "A1 UID STORE 7 (UNCHANGEDSINCE 320162338) FLAGS ()\r\n",
  ],
  ["COPY", { name: "COPY", uid: false, set: "2:4", mailbox: "MEETING" }, "A1 COPY 2:4 MEETING\r\n"],
  [
    "UID MOVE",
    { name: "MOVE", uid: true, set: [42, 43], mailbox: "[Gmail]/Trash" },
    "A1 UID MOVE 42:43 [Gmail]/Trash\r\n",
  ],
  [
    "UID COPY to a name with spaces",
    { name: "COPY", uid: true, set: "1", mailbox: "Old Mail" },
    'A1 UID COPY 1 "Old Mail"\r\n',
  ],
];

describe("encodeCommand", () => {
  const cases = KNOWN.map(([label, command, expected, trace]) => ({
    label,
    command,
    expected,
    trace: trace ?? expected.slice(0, -2),
  }));

  it.each(cases)("encodes $label", ({ command, expected, trace }) => {
    const encoded = encodeCommand("A1", command, BASE);
    expect(wire(encoded)).toBe(expected);
    expect(encoded.fragments).toHaveLength(1);
    expect(encoded.fragments[0]).toMatchObject({ kind: "line", waitForContinuation: false });
    expect(encoded.size).toBe(expected.length);
    expect(encoded.traceText).toBe(trace);
  });

  it("encodes AUTHENTICATE PLAIN on one line with SASL-IR", () => {
    const command: Command = {
      name: "AUTHENTICATE",
      mechanism: "PLAIN",
      username: "tim",
      password: secret("tanstaaftanstaaf"),
    };
    const encoded = encodeCommand("a002", command, { ...BASE, saslIr: true });
    // RFC 4616 §4 example credentials: "\0tim\0tanstaaftanstaaf".
    expect(wire(encoded)).toBe("a002 AUTHENTICATE PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n");
    expect(encoded.fragments).toHaveLength(1);
    expect(encoded.traceText).toBe("a002 AUTHENTICATE PLAIN ***");
  });

  it("sends the PLAIN response after the continuation without SASL-IR", () => {
    const command: Command = {
      name: "AUTHENTICATE",
      mechanism: "PLAIN",
      username: "tim",
      password: secret("tanstaaftanstaaf"),
      authzid: "Ursel",
    };
    const encoded = encodeCommand("a002", command, BASE);
    expect(encoded.fragments.map((f) => [f.kind, latin1Decode(f.bytes), f.waitForContinuation])).toEqual([
      ["line", "a002 AUTHENTICATE PLAIN\r\n", false],
      ["line", "VXJzZWwAdGltAHRhbnN0YWFmdGFuc3RhYWY=\r\n", true],
    ]);
    expect(encoded.traceText).toBe("a002 AUTHENTICATE PLAIN <+> ***");
  });

  it("encodes PLAIN credentials as UTF-8", () => {
    const command: Command = {
      name: "AUTHENTICATE",
      mechanism: "PLAIN",
      username: "j\u00fcrgen",
      password: secret("\u20ac"),
    };
    const encoded = encodeCommand("A1", command, { ...BASE, saslIr: true });
    const base64 = wire(encoded).split(" ")[3]?.trim() ?? "";
    expect(base64).toBe("AGrDvHJnZW4A4oKs");
  });

  it("refuses NUL in PLAIN credentials and an empty user name", () => {
    for (const [username, password] of [
      ["a\u0000b", "x"],
      ["a", "x\u0000y"],
      ["", "x"],
    ] as const) {
      expect(() =>
        encodeCommand(
          "A1",
          { name: "AUTHENTICATE", mechanism: "PLAIN", username, password: secret(password) },
          BASE,
        ),
      ).toThrow(expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }));
    }
  });

  it("encodes APPEND with flags and date-time as a synchronizing literal", () => {
    const data = bytes("Subject: hi\r\n\r\nbody\r\n");
    const encoded = encodeCommand(
      "A003",
      {
        name: "APPEND",
        mailbox: "saved-messages",
        messages: [{ data, flags: ["\\Seen"], internalDate: JAN_5_2024 }],
      },
      BASE,
    );
    expect(encoded.fragments.map((f) => [f.kind, latin1Decode(f.bytes), f.waitForContinuation])).toEqual([
      [
        "line",
        `A003 APPEND saved-messages (\\Seen) "05-Jan-2024 09:07:03 +0000" {${data.length}}\r\n`,
        false,
      ],
      ["literal", latin1Decode(data), true],
      ["line", "\r\n", false],
    ]);
    expect(encoded.traceText).toBe(
      `A003 APPEND saved-messages (\\Seen) "05-Jan-2024 09:07:03 +0000" {${data.length}}<${data.length} bytes>`,
    );
    expect(encoded.size).toBe(wire(encoded).length);
  });

  it("encodes MULTIAPPEND as one command with a literal per message", () => {
    const first = bytes("a");
    const second = bytes("bc");
    const encoded = encodeCommand(
      "A1",
      { name: "APPEND", mailbox: "INBOX", messages: [{ data: first }, { data: second, flags: ["\\Draft"] }] },
      BASE,
    );
    expect(encoded.fragments.map((f) => [f.kind, latin1Decode(f.bytes), f.waitForContinuation])).toEqual([
      ["line", "A1 APPEND INBOX {1}\r\n", false],
      ["literal", "a", true],
      ["line", " (\\Draft) {2}\r\n", false],
      ["literal", "bc", true],
      ["line", "\r\n", false],
    ]);
    expect(encoded.traceText).toBe("A1 APPEND INBOX {1}<1 bytes> (\\Draft) {2}<2 bytes>");
  });

  it("sends message data with NUL as literal8 only when BINARY is available", () => {
    const data = Uint8Array.of(0x41, 0x00, 0x42);
    const command: Command = { name: "APPEND", mailbox: "INBOX", messages: [{ data }] };
    expect(() => encodeCommand("A1", command, BASE)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_NOT_SUPPORTED" }),
    );
    const encoded = encodeCommand("A1", command, { ...BASE, binary: true });
    expect(latin1Decode(encoded.fragments[0]?.bytes ?? new Uint8Array())).toBe("A1 APPEND INBOX ~{3}\r\n");
    expect(encoded.fragments[1]).toEqual({ kind: "literal", bytes: data, waitForContinuation: true });
    const plus = encodeCommand("A1", command, { ...BASE, binary: true, literalPlus: true });
    expect(latin1Decode(plus.fragments[0]?.bytes ?? new Uint8Array())).toBe("A1 APPEND INBOX ~{3+}\r\n");
  });

  it("keeps 8-bit message data in a plain literal", () => {
    const data = Uint8Array.of(0xc3, 0xa9, 0x0d, 0x0a);
    const encoded = encodeCommand(
      "A1",
      { name: "APPEND", mailbox: "INBOX", messages: [{ data }] },
      {
        ...BASE,
        binary: true,
      },
    );
    expect(latin1Decode(encoded.fragments[0]?.bytes ?? new Uint8Array())).toBe("A1 APPEND INBOX {4}\r\n");
  });

  it("sends mailbox names as UTF-8 once UTF-8 is enabled", () => {
    const encoded = encodeCommand(
      "A1",
      { name: "SELECT", mailbox: "Entw\u00fcrfe" },
      { ...BASE, utf8: true },
    );
    expect(utf8Decode(encoded.fragments[0]?.bytes ?? new Uint8Array())).toBe('A1 SELECT "Entw\u00fcrfe"\r\n');
    expect(encoded.traceText).toBe('A1 SELECT "Entw\u00fcrfe"');
  });

  it("quotes a mailbox called NIL", () => {
    expect(wire(encodeCommand("A1", { name: "SELECT", mailbox: "NIL" }, BASE))).toBe('A1 SELECT "NIL"\r\n');
    expect(wire(encodeCommand("A1", { name: "DELETE", mailbox: "nil" }, BASE))).toBe('A1 DELETE "nil"\r\n');
  });

  it("writes an ampersand in a mailbox name as &-", () => {
    expect(wire(encodeCommand("A1", { name: "CREATE", mailbox: "R&D" }, BASE))).toBe("A1 CREATE R&-D\r\n");
  });

  it("encodes DONE", () => {
    expect(latin1Decode(encodeDone())).toBe("DONE\r\n");
    const first = encodeDone();
    first[0] = 0;
    expect(latin1Decode(encodeDone())).toBe("DONE\r\n");
  });

  it.each([
    ["an empty tag", ""],
    ["a tag with a space", "A 1"],
    ["a tag with +", "A+1"],
    ["a tag with CRLF", "A1\r\nA2"],
    ["a tag with *", "*"],
    ["a tag with a brace", "A{1}"],
    ["a tag with 8-bit", "\u00e91"],
  ])("rejects %s", (_label, tag) => {
    expect(() => encodeCommand(tag, { name: "NOOP" }, BASE)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
    );
  });

  it("accepts a tag with ]", () => {
    expect(wire(encodeCommand("a]1", { name: "NOOP" }, BASE))).toBe("a]1 NOOP\r\n");
  });

  it.each<[string, Command]>([
    ["an unknown command", { name: "XYZZY" } as unknown as Command],
    ["ENABLE without capabilities", { name: "ENABLE", capabilities: [] }],
    ["ENABLE with a bad atom", { name: "ENABLE", capabilities: ["CONDSTORE QRESYNC"] }],
    ["LIST without patterns", { name: "LIST", reference: "", patterns: [] }],
    ["LIST with a bad option", { name: "LIST", reference: "", patterns: ["*"], selectOptions: ["A B"] }],
    ["LIST-STATUS without items", { name: "LIST", reference: "", patterns: ["*"], returnStatus: [] }],
    ["STATUS without items", { name: "STATUS", mailbox: "INBOX", items: [] }],
    ["an unknown STATUS item", { name: "STATUS", mailbox: "INBOX", items: ["BOGUS" as "SIZE"] }],
    [
      "QRESYNC with UIDVALIDITY 0",
      { name: "SELECT", mailbox: "INBOX", qresync: { uidValidity: 0, modseq: 1n } },
    ],
    [
      "QRESYNC with * in known UIDs",
      { name: "SELECT", mailbox: "INBOX", qresync: { uidValidity: 1, modseq: 1n, knownUids: "1:*" } },
    ],
    [
      "a negative mod-sequence",
      { name: "SELECT", mailbox: "INBOX", qresync: { uidValidity: 1, modseq: -1n } },
    ],
    [
      "a mod-sequence of 2^63",
      { name: "FETCH", uid: true, set: 1, attributes: ["FLAGS"], changedSince: 1n << 63n },
    ],
    ["special-use without a backslash", { name: "CREATE", mailbox: "x", specialUse: ["Sent"] }],
    ["APPEND without messages", { name: "APPEND", mailbox: "INBOX", messages: [] }],
    [
      "APPEND with an invalid date",
      {
        name: "APPEND",
        mailbox: "INBOX",
        messages: [{ data: bytes("x"), internalDate: new Date(Number.NaN) }],
      },
    ],
    ["a bad flag", { name: "STORE", uid: true, set: 1, operation: "add", flags: ["\\Seen)"] }],
    ["an empty flag", { name: "STORE", uid: true, set: 1, operation: "add", flags: [""] }],
    [
      "an unknown STORE operation",
      { name: "STORE", uid: true, set: 1, operation: "toString" as "add", flags: [] },
    ],
    ["ID with a long field name", { name: "ID", params: { ["x".repeat(31)]: "v" } }],
    ["ID with a long value", { name: "ID", params: { name: "v".repeat(1025) } }],
    [
      "ID with too many fields",
      { name: "ID", params: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`f${i}`, "v"])) },
    ],
    ["an invalid sequence set", { name: "COPY", uid: true, set: "1:x", mailbox: "Trash" }],
  ])("rejects %s", (_label, command) => {
    expect(() => encodeCommand("A1", command, BASE)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
    );
  });
});

describe("traceText", () => {
  const MARKER = "Marker-Pa55word-\u00e9\r\n";

  it.each<[string, EncoderOptions]>([
    ["plain", BASE],
    ["with LITERAL+ and UTF-8", { ...BASE, literalPlus: true, utf8: true, saslIr: true }],
  ])("never shows a password (%s)", (_label, options) => {
    for (const password of [MARKER, "Marker-Pa55word", 'Marker "quoted"']) {
      for (const command of [
        { name: "LOGIN", username: "alice", password: secret(password) },
        {
          name: "AUTHENTICATE",
          mechanism: "PLAIN",
          username: "alice",
          password: secret(password.replace(/\r\n/, "")),
        },
      ] satisfies Command[]) {
        const { traceText } = encodeCommand("A1", command, options);
        expect(traceText).not.toContain("Marker");
        expect(traceText).not.toMatch(/\{\d+\+?\}/);
        expect(traceText).toContain("***");
      }
    }
  });

  it("shows literals as their announcement and size", () => {
    const encoded = encodeCommand("A1", { name: "SELECT", mailbox: "a\r\nb" }, { ...BASE, utf8: true });
    expect(encoded.traceText).toBe("A1 SELECT {4}<4 bytes>");
  });
});
