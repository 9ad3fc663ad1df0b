import { describe, expect, it } from "vitest";
import { BASE } from "../../../test/encoder-helpers.js";
import { latin1Decode } from "../../text/text.js";
import type { Command } from "../../types/command.js";
import { secret } from "../../types/secret.js";
import type { EncodedCommand, EncoderOptions } from "../fragment.js";
import {
  encodeCommand,
  LITERAL_MINUS_MAX_OCTETS,
  LITERAL_PLUS_MAX_OCTETS,
  MAX_QUOTED_OCTETS,
} from "./index.js";

const PLUS: EncoderOptions = { ...BASE, literalPlus: true };
const MINUS: EncoderOptions = { ...BASE, literalMinus: true };

/** Lines as text, literals as `literal(n)`, each with `+wait` when it waits for a continuation. */
function shape(encoded: EncodedCommand): string[] {
  return encoded.fragments.map((f) => {
    const body = f.kind === "line" ? latin1Decode(f.bytes) : `literal(${f.bytes.length})`;
    return f.waitForContinuation ? `${body} +wait` : body;
  });
}

const append = (size: number): Command => ({
  name: "APPEND",
  mailbox: "INBOX",
  messages: [{ data: new Uint8Array(size).fill(0x61) }],
});

describe("literal announcements", () => {
  it("waits for + before a synchronizing literal when the server has no LITERAL+/-", () => {
    expect(shape(encodeCommand("A1", append(10), BASE))).toEqual([
      "A1 APPEND INBOX {10}\r\n",
      "literal(10) +wait",
      "\r\n",
    ]);
  });

  it("sends a non-synchronizing literal with LITERAL+", () => {
    expect(shape(encodeCommand("A1", append(10), PLUS))).toEqual([
      "A1 APPEND INBOX {10+}\r\n",
      "literal(10)",
      "\r\n",
    ]);
  });

  it("keeps {0} a literal that waits for +", () => {
    expect(shape(encodeCommand("A1", append(0), BASE))).toEqual([
      "A1 APPEND INBOX {0}\r\n",
      "literal(0) +wait",
      "\r\n",
    ]);
  });

  it("uses {n+} with LITERAL- up to 4096 octets and {n} above", () => {
    expect(LITERAL_MINUS_MAX_OCTETS).toBe(4096);
    expect(shape(encodeCommand("A1", append(4096), MINUS))).toEqual([
      "A1 APPEND INBOX {4096+}\r\n",
      "literal(4096)",
      "\r\n",
    ]);
    expect(shape(encodeCommand("A1", append(4097), MINUS))).toEqual([
      "A1 APPEND INBOX {4097}\r\n",
      "literal(4097) +wait",
      "\r\n",
    ]);
  });

  it("goes synchronizing above the LITERAL+ cap", () => {
    expect(shape(encodeCommand("A1", append(LITERAL_PLUS_MAX_OCTETS), PLUS))[0]).toBe(
      `A1 APPEND INBOX {${LITERAL_PLUS_MAX_OCTETS}+}\r\n`,
    );
    expect(shape(encodeCommand("A1", append(LITERAL_PLUS_MAX_OCTETS + 1), PLUS))).toEqual([
      `A1 APPEND INBOX {${LITERAL_PLUS_MAX_OCTETS + 1}}\r\n`,
      `literal(${LITERAL_PLUS_MAX_OCTETS + 1}) +wait`,
      "\r\n",
    ]);
  });

  it("prefers the LITERAL+ cap when both LITERAL+ and LITERAL- are offered", () => {
    expect(shape(encodeCommand("A1", append(5000), { ...PLUS, literalMinus: true }))[0]).toBe(
      "A1 APPEND INBOX {5000+}\r\n",
    );
  });

  it("mixes synchronizing and non-synchronizing literals in one MULTIAPPEND", () => {
    const command: Command = {
      name: "APPEND",
      mailbox: "INBOX",
      messages: [{ data: new Uint8Array(100).fill(0x61) }, { data: new Uint8Array(5000).fill(0x62) }],
    };
    expect(shape(encodeCommand("A1", command, MINUS))).toEqual([
      "A1 APPEND INBOX {100+}\r\n",
      "literal(100)",
      " {5000}\r\n",
      "literal(5000) +wait",
      "\r\n",
    ]);
  });
});

describe("string forms in commands", () => {
  const search = (value: string): Command => ({
    name: "SEARCH",
    uid: true,
    criteria: [{ key: "SUBJECT", value }, { key: "UNSEEN" }],
  });

  it("sends a value with CRLF as a literal and resumes the line after it", () => {
    expect(shape(encodeCommand("A1", search("a\r\nb"), BASE))).toEqual([
      "A1 UID SEARCH SUBJECT {4}\r\n",
      "literal(4) +wait",
      " UNSEEN\r\n",
    ]);
  });

  it("sends 8-bit text as a UTF-8 literal without UTF-8 support", () => {
    const encoded = encodeCommand("A1", search("\u00e9t\u00e9"), BASE);
    expect(shape(encoded)).toEqual([
      "A1 UID SEARCH CHARSET UTF-8 SUBJECT {5}\r\n",
      "literal(5) +wait",
      " UNSEEN\r\n",
    ]);
    expect([...(encoded.fragments[1]?.bytes ?? [])]).toEqual([0xc3, 0xa9, 0x74, 0xc3, 0xa9]);
  });

  it("quotes 8-bit text once UTF-8 is enabled", () => {
    const encoded = encodeCommand("A1", search("\u00e9t\u00e9"), { ...BASE, utf8: true });
    expect(encoded.fragments).toHaveLength(1);
    const line = [...(encoded.fragments[0]?.bytes ?? [])];
    expect(line.slice(22, 29)).toEqual([0x22, 0xc3, 0xa9, 0x74, 0xc3, 0xa9, 0x22]);
    expect(latin1Decode(Uint8Array.from(line.slice(29)))).toBe(" UNSEEN\r\n");
  });

  it("sends a value longer than the quoted limit as a literal", () => {
    const long = "x ".repeat(MAX_QUOTED_OCTETS / 2 + 1);
    expect(shape(encodeCommand("A1", search(long), PLUS))[0]).toBe(
      `A1 UID SEARCH SUBJECT {${long.length}+}\r\n`,
    );
    const fits = "x ".repeat(MAX_QUOTED_OCTETS / 2 - 1);
    expect(encodeCommand("A1", search(fits), PLUS).fragments).toHaveLength(1);
  });

  it("sends a LOGIN password with 8-bit characters as a literal", () => {
    const encoded = encodeCommand(
      "A1",
      { name: "LOGIN", username: "bob", password: secret("p\u00e4ss") },
      MINUS,
    );
    expect(shape(encoded)).toEqual(["A1 LOGIN bob {5+}\r\n", "literal(5)", "\r\n"]);
    expect(encoded.traceText).toBe("A1 LOGIN bob ***");
  });
});
