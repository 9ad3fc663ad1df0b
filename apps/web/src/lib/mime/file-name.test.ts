import { describe, expect, it } from "vitest";
import { fallbackName, safeFileName } from "./file-name";

describe("safeFileName", () => {
  it.each([
    ["report.pdf", "report.pdf"],
    ["../../etc/passwd", "_.._etc_passwd"],
    ["C:\\Windows\\evil.exe", "C__Windows_evil.exe"],
    ["invoice\u202Efdp.exe", "invoice_fdp.exe"],
    ["  .hidden  ", "hidden"],
    ["CON.txt", "_CON.txt"],
    ["a\u0000b\nc", "a_b_c"],
    ["", "attachment"],
    [null, "attachment"],
  ])("%j → %j", (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it("keeps the extension when it shortens a long name", () => {
    const name = safeFileName(`${"x".repeat(400)}.pdf`);
    expect(name.length).toBe(180);
    expect(name.endsWith(".pdf")).toBe(true);
  });

  it("names a part that has no name", () => {
    expect(fallbackName("message/rfc822")).toBe("message.eml");
    expect(fallbackName("image/png")).toBe("attachment.png");
  });
});
