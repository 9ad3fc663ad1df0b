import { describe, expect, it } from "vitest";
import { redactCommandText } from "./redact.js";

describe("redactCommandText", () => {
  it.each([
    // What the encoder writes passes unchanged.
    ["LOGIN", "A1 LOGIN alice ***", "A1 LOGIN alice ***"],
    ["LOGIN", 'A1 LOGIN "al ice" ***', 'A1 LOGIN "al ice" ***'],
    ["LOGIN", "A1 LOGIN {5}<5 bytes> ***", "A1 LOGIN {5}<5 bytes> ***"],
    ["AUTHENTICATE", "A1 AUTHENTICATE PLAIN ***", "A1 AUTHENTICATE PLAIN ***"],
    ["AUTHENTICATE", "A1 AUTHENTICATE PLAIN <+> ***", "A1 AUTHENTICATE PLAIN <+> ***"],
    // Text that still holds a credential loses everything after the user name or the mechanism.
    ["LOGIN", "A1 LOGIN alice hunter2", "A1 LOGIN alice ***"],
    ["LOGIN", 'A1 LOGIN "a \\" b" "hunter 2"', 'A1 LOGIN "a \\" b" ***'],
    ["LOGIN", 'A1 LOGIN "unterminated hunter2', "A1 LOGIN ***"],
    ["LOGIN", "A1 LOGIN  hunter2", "A1 LOGIN ***"],
    ["AUTHENTICATE", "A1 AUTHENTICATE PLAIN AGFsaWNlAGh1bnRlcjI=", "A1 AUTHENTICATE PLAIN ***"],
    ["AUTHENTICATE", "A1 AUTHENTICATE PLAIN <+> AGFsaWNlAGh1bnRlcjI=", "A1 AUTHENTICATE PLAIN <+> ***"],
    ["AUTHENTICATE", "A1 AUTHENTICATE =PLAIN", "A1 AUTHENTICATE ***"],
    // The verb in the text counts as much as the name.
    ["NOOP", "A1 login alice hunter2", "A1 login alice ***"],
    ["LOGIN", "hunter2", "***"],
    ["LOGIN", "A1 LOGIN", "A1 LOGIN"],
    // Everything else is left alone.
    ["SELECT", 'A1 SELECT "LOGIN alice x"', 'A1 SELECT "LOGIN alice x"'],
    ["APPEND", "A1 APPEND INBOX {12}<12 bytes>", "A1 APPEND INBOX {12}<12 bytes>"],
  ])("%s %j → %j", (name, text, expected) => {
    expect(redactCommandText(name, text)).toBe(expected);
  });
});
