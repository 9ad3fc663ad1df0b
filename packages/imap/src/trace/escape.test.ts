import { describe, expect, it } from "vitest";
import { octets } from "../../test/trace-events.js";
import { escapeOctets } from "./escape.js";

function render(text: string, max = 100): string {
  const bytes = octets(text);
  return escapeOctets(bytes, 0, bytes.length, max);
}

describe("escapeOctets", () => {
  it.each([
    ["* OK ready", "* OK ready"],
    ["FLAGS (\\Seen \\Answered)", "FLAGS (\\Seen \\Answered)"],
    // A backslash that would read as an escape is doubled, so the text reads back to the octets.
    ["a\\x07 \\\\ \\n", "a\\\\x07 \\\\\\ \\\\n"],
    ["end\\", "end\\"],
    ["tab\there\r\n", "tab\\there\\r\\n"],
    ["\x00\x1b[31m\x7f", "\\x00\\x1b[31m\\x7f"],
    ["Gr\xc3\xbc\xc3\x9fe", "Gr\\xc3\\xbc\\xc3\\x9fe"],
    // U+202E RIGHT-TO-LEFT OVERRIDE in UTF-8: shown as octets, it cannot reorder the panel's text.
    ["\xe2\x80\xae", "\\xe2\\x80\\xae"],
    ["", ""],
  ])("renders %j as %j", (input, expected) => {
    expect(render(input)).toBe(expected);
  });

  it("clips after maxOctets and counts the rest", () => {
    expect(render("0123456789", 4)).toBe("0123… (+6 bytes)");
    expect(render("\x01\x02\x03", 1)).toBe("\\x01… (+2 bytes)");
    expect(render("0123", 4)).toBe("0123");
  });

  it("renders a part of the bytes", () => {
    const bytes = octets("xxA1 OKyy");
    expect(escapeOctets(bytes, 2, 7, 100)).toBe("A1 OK");
  });
});
