import { describe, expect, it } from "vitest";
import { encodedWord, utf8Words } from "./encoded-words.js";
import { decodeWords } from "./testing/headers.js";

describe("encoded-words", () => {
  it("leaves ASCII alone", () => {
    expect(utf8Words("Lunch on Friday?")).toBe("Lunch on Friday?");
  });

  it("splits long UTF-8 text into words of at most 75 characters, never inside a character", () => {
    const text = "Grüße aus Zürich — Übergabe der Schlüssel 🔑, und noch ein paar Wörter mehr für die Länge";
    for (const encoding of ["B", "Q"] as const) {
      const folded = utf8Words(text, encoding);
      const words = folded.split("\r\n ");
      expect(words.length).toBeGreaterThan(1);
      for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
      expect(decodeWords(folded)).toBe(text);
    }
  });

  it("Q-encodes everything but letters, digits and !*+-/, with _ for a space", () => {
    expect(encodedWord(Buffer.from("a b=c?_é", "utf8"), "UTF-8", "Q")).toBe(
      "=?UTF-8?Q?a_b=3Dc=3F=5F=C3=A9?=",
    );
  });

  it("refuses a word longer than 75 characters", () => {
    expect(() => encodedWord(Buffer.alloc(60, 0xe9), "ISO-8859-1", "B")).toThrow(/encoded-word/);
  });
});
