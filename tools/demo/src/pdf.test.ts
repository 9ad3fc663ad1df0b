import { describe, expect, it } from "vitest";
import { pdf } from "./pdf.js";

describe("pdf", () => {
  const file = pdf("Invoice (test)", ["Line one", "Total 17.40 EUR"]);
  const text = file.toString("latin1");

  it("has a header, a trailer and an xref whose offsets point at their objects", () => {
    expect(text.startsWith("%PDF-1.4\n")).toBe(true);
    expect(text.endsWith("%%EOF\n")).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 5)).toBe("xref\n");
    const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(5);
    entries.forEach((offset, i) => {
      expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    });
    expect(text).toContain("/Size 6 /Root 1 0 R");
  });

  it("gives the content stream its true length and escapes parentheses", () => {
    const match = /<< \/Length (\d+) >>\nstream\n([\s\S]*?)\nendstream/.exec(text);
    expect(Number(match?.[1])).toBe(Buffer.byteLength(match?.[2] ?? "", "latin1"));
    expect(text).toContain("(Invoice \\(test\\)) Tj");
  });

  it("refuses text it cannot encode", () => {
    expect(() => pdf("Grüße", [])).toThrow(/ASCII/);
  });
});
