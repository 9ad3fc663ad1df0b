import { describe, expect, it } from "vitest";
import { base64Lines, binaryPart, multipart, quotedPrintable, renderMessage, textPart } from "./mime.js";

/** Quoted-printable decoding, for the round trip. */
function unQp(text: string): Buffer {
  return Buffer.from(
    text
      .replace(/=\r\n/g, "")
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    "latin1",
  );
}

describe("mime", () => {
  it("quoted-printable keeps lines under 77 characters and round-trips, trailing spaces included", () => {
    const text = `${"Grüße ".repeat(40)}\r\nend with a space \r\n= and tabs\t\r\n`;
    const bytes = Buffer.from(text, "utf8");
    const encoded = quotedPrintable(bytes);
    for (const line of encoded.split("\r\n")) expect(line.length).toBeLessThanOrEqual(76);
    expect(encoded).toContain("space=20\r\n");
    expect(unQp(encoded)).toEqual(bytes);
  });

  it("base64 in 76-character lines", () => {
    const lines = base64Lines(Buffer.alloc(200, 7)).split("\r\n");
    expect(lines.slice(0, -1).every((l) => l.length === 76)).toBe(true);
    expect(Buffer.from(lines.join(""), "base64")).toEqual(Buffer.alloc(200, 7));
  });

  it("renders a multipart with its boundary, parts and closing delimiter", () => {
    const root = multipart("mixed", "b1", [
      textPart("hi\n"),
      binaryPart(Buffer.from("%PDF"), "application/pdf", { filename: "a.pdf", disposition: "attachment" }),
    ]);
    const text = renderMessage(["Subject: x"], root).toString("latin1");
    expect(text).toContain('Content-Type: multipart/mixed; boundary="b1"');
    expect(text.match(/^--b1\r$/gm)).toHaveLength(2);
    expect(text.endsWith("--b1--\r\n")).toBe(true);
    expect(text).toContain('Content-Disposition: attachment; filename="a.pdf"');
    expect(text).not.toMatch(/[^\r]\n/);
  });
});
