import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BASE } from "../../../test/encoder-helpers.js";
import { ImapLocalError } from "../../errors.js";
import { decodeMutf7 } from "../../text/mutf7.js";
import { latin1Decode, utf8Decode } from "../../text/text.js";
import type { Command } from "../../types/command.js";
import { secret } from "../../types/secret.js";
import type { EncodedCommand, EncoderOptions } from "../fragment.js";
import { encodeCommand } from "./index.js";

const ALL_OPTIONS: EncoderOptions[] = [
  BASE,
  { ...BASE, literalPlus: true },
  { ...BASE, literalMinus: true, utf8: true },
  { literalPlus: true, literalMinus: true, utf8: true, saslIr: true, binary: true },
];
const HOSTILE = "x\r\nA2 DELETE INBOX";

function concat(encoded: EncodedCommand): Uint8Array {
  const out = new Uint8Array(encoded.size);
  let offset = 0;
  for (const fragment of encoded.fragments) {
    out.set(fragment.bytes, offset);
    offset += fragment.bytes.length;
  }
  return out;
}

/**
 * What a server's framer sees: lines ending in CRLF, a line ending in a literal announcement
 * continuing after that many octets. Returns each command's lines, literals removed.
 */
function frameCommands(bytes: Uint8Array): string[][] {
  const commands: string[][] = [];
  let lines: string[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const lf = bytes.indexOf(0x0a, pos);
    if (lf < 0) throw new Error("unterminated line");
    const line = latin1Decode(bytes, pos, lf + 1);
    if (!line.endsWith("\r\n") || line.slice(0, -2).includes("\r")) throw new Error("bare CR or LF");
    lines.push(line);
    pos = lf + 1;
    const announcement = /~?\{(\d+)\+?\}\r\n$/.exec(line);
    if (announcement === null) {
      commands.push(lines);
      lines = [];
    } else {
      pos += Number(announcement[1]);
    }
  }
  if (lines.length > 0) throw new Error("command ends inside a literal");
  return commands;
}

/** Reads one astring (atom, quoted or literal) at `pos`; returns its bytes and the next position. */
function readAstring(bytes: Uint8Array, pos: number): [Uint8Array, number] {
  if (bytes[pos] === 0x22) {
    const out: number[] = [];
    let i = pos + 1;
    while (bytes[i] !== 0x22) {
      if (bytes[i] === 0x5c) i++;
      out.push(bytes[i] as number);
      i++;
    }
    return [Uint8Array.from(out), i + 1];
  }
  const literal = /^~?\{(\d+)\+?\}\r\n/.exec(latin1Decode(bytes, pos, Math.min(bytes.length, pos + 24)));
  if (literal !== null) {
    const start = pos + literal[0].length;
    const end = start + Number(literal[1]);
    return [bytes.slice(start, end), end];
  }
  let end = pos;
  while (end < bytes.length && bytes[end] !== 0x20 && bytes[end] !== 0x0d) end++;
  return [bytes.slice(pos, end), end];
}

function expectOneCommand(encoded: EncodedCommand, verb: string): void {
  const commands = frameCommands(concat(encoded));
  expect(commands).toHaveLength(1);
  expect(commands[0]?.[0]?.startsWith(`A1 ${verb}`)).toBe(true);
}

describe("command injection", () => {
  const hostileCommands: ReadonlyArray<readonly [string, Command]> = [
    ["SELECT", { name: "SELECT", mailbox: HOSTILE }],
    ["CREATE", { name: "CREATE", mailbox: HOSTILE }],
    ["DELETE", { name: "DELETE", mailbox: HOSTILE }],
    ["RENAME", { name: "RENAME", from: HOSTILE, to: HOSTILE }],
    ["STATUS", { name: "STATUS", mailbox: HOSTILE, items: ["MESSAGES"] }],
    ["LIST", { name: "LIST", reference: HOSTILE, patterns: [HOSTILE, "*"] }],
    ["LSUB", { name: "LSUB", reference: HOSTILE, pattern: HOSTILE }],
    ["UID COPY", { name: "COPY", uid: true, set: 1, mailbox: HOSTILE }],
    ["UID MOVE", { name: "MOVE", uid: true, set: 1, mailbox: HOSTILE }],
    ["APPEND", { name: "APPEND", mailbox: HOSTILE, messages: [{ data: Uint8Array.of(0x61) }] }],
    ["LOGIN", { name: "LOGIN", username: HOSTILE, password: secret(HOSTILE) }],
    ["ID", { name: "ID", params: { [HOSTILE]: HOSTILE } }],
    [
      "UID SEARCH",
      {
        name: "SEARCH",
        uid: true,
        charset: HOSTILE,
        criteria: [
          { key: "SUBJECT", value: HOSTILE },
          { key: "HEADER", field: HOSTILE, value: HOSTILE },
          { key: "NOT", operand: { key: "FROM", value: HOSTILE } },
        ],
      },
    ],
    [
      "UID SORT",
      {
        name: "SORT",
        uid: true,
        criteria: ["DATE"],
        charset: HOSTILE,
        search: [{ key: "TO", value: HOSTILE }],
      },
    ],
  ];

  // Mailbox names become modified UTF-7 (CR and LF inside base64) unless UTF-8 is on; other
  // strings, and names under UTF-8, carry CR and LF in a literal.
  const onlyMailboxes = new Set([
    "SELECT",
    "CREATE",
    "DELETE",
    "RENAME",
    "STATUS",
    "LIST",
    "LSUB",
    "UID COPY",
    "UID MOVE",
  ]);

  it.each(hostileCommands)("keeps CRLF in %s arguments from ending the command", (verb, command) => {
    for (const options of ALL_OPTIONS) {
      const encoded = encodeCommand("A1", command, options);
      expectOneCommand(encoded, verb);
      const inLiteral = encoded.fragments.some((f) => f.kind === "literal");
      expect(inLiteral).toBe(options.utf8 || !onlyMailboxes.has(verb));
    }
  });

  it("never lets a mailbox name start a second command, whatever it holds", () => {
    const hostileChar = fc.constantFrom(
      "\r",
      "\n",
      '"',
      "\\",
      "{",
      "}",
      " ",
      "*",
      "%",
      "(",
      ")",
      "+",
      "~",
      "5",
      "A",
      "&",
      "-",
      "\u00e9",
      "\u{1f600}",
    );
    fc.assert(
      fc.property(
        fc.array(hostileChar, { maxLength: 30 }),
        fc.constantFrom(...ALL_OPTIONS),
        (chars, options) => {
          const mailbox = chars.join("");
          const encoded = encodeCommand("A1", { name: "SELECT", mailbox }, options);
          const bytes = concat(encoded);
          expect(frameCommands(bytes)).toHaveLength(1);
          // The server reads back exactly the name that was meant.
          const [raw, end] = readAstring(bytes, "A1 SELECT ".length);
          expect(latin1Decode(bytes, end)).toBe("\r\n");
          const expected = mailbox.toUpperCase() === "INBOX" ? "INBOX" : mailbox;
          expect(options.utf8 ? utf8Decode(raw) : decodeMutf7(raw)).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("never lets a search value start a second command, whatever it holds", () => {
    const text = fc.string({
      unit: fc.constantFrom("\r", "\n", '"', "\\", "{3}", " ", "NIL", "a", "\u00e9", ")"),
    });
    fc.assert(
      fc.property(text, text, fc.constantFrom(...ALL_OPTIONS), (field, value, options) => {
        const encoded = encodeCommand(
          "A1",
          { name: "SEARCH", uid: true, criteria: [{ key: "HEADER", field, value }] },
          options,
        );
        const bytes = concat(encoded);
        expect(frameCommands(bytes)).toHaveLength(1);
        // Non-ASCII text without UTF-8 support adds `CHARSET UTF-8` before the keys.
        const prefix = latin1Decode(bytes, 0, 40).startsWith("A1 UID SEARCH CHARSET UTF-8 ")
          ? "A1 UID SEARCH CHARSET UTF-8 HEADER "
          : "A1 UID SEARCH HEADER ";
        expect(latin1Decode(bytes, 0, prefix.length)).toBe(prefix);
        const [rawField, afterField] = readAstring(bytes, prefix.length);
        const [rawValue, end] = readAstring(bytes, afterField + 1);
        expect(utf8Decode(rawField)).toBe(field);
        expect(utf8Decode(rawValue)).toBe(value);
        expect(latin1Decode(bytes, end)).toBe("\r\n");
      }),
      { numRuns: 3000 },
    );
  });

  it.each<readonly [string, Command]>([
    ["a flag", { name: "STORE", uid: true, set: 1, operation: "add", flags: ["\\Seen\r\nA2 LOGOUT"] }],
    ["a keyword", { name: "SEARCH", uid: true, criteria: [{ key: "KEYWORD", flag: "a\r\nA2 LOGOUT" }] }],
    [
      "an APPEND flag",
      { name: "APPEND", mailbox: "INBOX", messages: [{ data: Uint8Array.of(1), flags: ["x\ry"] }] },
    ],
    ["a capability", { name: "ENABLE", capabilities: ["QRESYNC\r\nA2 LOGOUT"] }],
    ["a LIST option", { name: "LIST", reference: "", patterns: ["*"], selectOptions: ["SUBSCRIBED\r\n"] }],
    ["a special-use attribute", { name: "CREATE", mailbox: "x", specialUse: ["\\Sent\r\n"] }],
    [
      "a body section",
      { name: "FETCH", uid: true, set: 1, attributes: [{ item: "BODY", section: "1]\r\nA2 LOGOUT" }] },
    ],
    [
      "a sort criterion",
      {
        name: "SORT",
        uid: true,
        criteria: ["DATE\r\n" as "DATE"],
        charset: "UTF-8",
        search: [{ key: "ALL" }],
      },
    ],
    ["a sequence set", { name: "FETCH", uid: true, set: "1\r\nA2 LOGOUT", attributes: ["UID"] }],
    [
      "a thread algorithm",
      {
        name: "THREAD",
        uid: true,
        algorithm: "REFS\r\n" as "REFS",
        charset: "UTF-8",
        search: [{ key: "ALL" }],
      },
    ],
    ["a NUL in a string", { name: "SEARCH", uid: true, criteria: [{ key: "BODY", value: "a\u0000b" }] }],
    ["an unpaired surrogate", { name: "SEARCH", uid: true, criteria: [{ key: "BODY", value: "a\ud800" }] }],
  ])("refuses CR, LF or NUL in %s", (_label, command) => {
    for (const options of ALL_OPTIONS) {
      let error: unknown;
      try {
        encodeCommand("A1", command, options);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ImapLocalError);
      expect((error as ImapLocalError).code).toBe("IMAP_ERR_INVALID_ARGUMENT");
    }
  });
});
