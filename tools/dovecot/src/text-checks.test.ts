import { describe, expect, it } from "vitest";
import { hasControlCharacter, isAtom } from "./text-checks.js";

describe("text checks", () => {
  it("finds C0 controls and DEL but not printable or non-ASCII text", () => {
    expect(hasControlCharacter("tab\there")).toBe(true);
    expect(hasControlCharacter("nul\0")).toBe(true);
    expect(hasControlCharacter("del\u007f")).toBe(true);
    expect(hasControlCharacter("Grüße, 日本 ~!")).toBe(false);
  });

  it("accepts IMAP atoms and refuses atom-specials, spaces, 8-bit and empty text", () => {
    expect(isAtom("$Forwarded")).toBe(true);
    expect(isAtom("NonJunk")).toBe(true);
    for (const bad of ["", "a b", "a(b", "x)", "{1}", "50%", "*", '"q"', "back\\slash", "br]", "ü"]) {
      expect(isAtom(bad), bad).toBe(false);
    }
  });
});
