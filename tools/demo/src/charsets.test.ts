import { describe, expect, it } from "vitest";
import { bytesOf, CHARSET_LETTERS } from "./charsets.js";
import { encodedWord } from "./encoded-words.js";
import { decodeBytes, decodeWords } from "./testing/headers.js";

const samples = CHARSET_LETTERS.flatMap((letter) => [letter.name, letter.subject, letter.body]);

describe("CHARSET_LETTERS", () => {
  it("covers the legacy charsets the demo promises", () => {
    expect(CHARSET_LETTERS.map((l) => l.charset)).toEqual([
      "ISO-8859-1",
      "ISO-8859-2",
      "windows-1252",
      "KOI8-R",
      "Shift_JIS",
      "ISO-2022-JP",
    ]);
  });

  it.each(samples.map((s) => [s.charset, s.text, s] as const))(
    "%s bytes decode to %j",
    (charset, text, sample) => {
      const bytes = bytesOf(sample);
      expect(decodeBytes(bytes, charset)).toBe(text);
      if (charset !== "iso-2022-jp") expect([...bytes].some((b) => b >= 0x80)).toBe(true);
      else expect([...bytes].every((b) => b < 0x80)).toBe(true);
    },
  );

  it("writes the subjects and names as encoded-words that decode back", () => {
    for (const letter of CHARSET_LETTERS) {
      for (const sample of [letter.subject, letter.name]) {
        const word = encodedWord(bytesOf(sample), letter.charset, letter.wordEncoding);
        expect(word.length).toBeLessThanOrEqual(75);
        expect(word.startsWith(`=?${letter.charset}?${letter.wordEncoding}?`)).toBe(true);
        expect(decodeWords(word)).toBe(sample.text);
      }
    }
  });
});
