import { describe, expect, it } from "vitest";
import { attachmentInfo, decodedSize } from "./attachment-info";
import { safeFileName } from "./file-name";
import { file, structure } from "./mime-part.testing";

describe("safeFileName", () => {
  it("removes paths, reserved characters and bidirectional tricks", () => {
    expect(safeFileName("../../etc/passwd", "text/plain")).toBe("_.._etc_passwd");
    expect(safeFileName("C:\\Users\\x\\run.bat", "application/x-bat")).toBe("C__Users_x_run.bat");
    expect(safeFileName("invoice\u202Efdp.exe", "application/pdf")).toBe("invoicefdp.exe");
    expect(safeFileName("a\u0000b\r\nc.txt", "text/plain")).toBe("abc.txt");
    expect(safeFileName('what?<is>"this"|*.txt', "text/plain")).toBe("what__is__this___.txt");
  });

  it("never yields a hidden, empty or reserved name, and keeps the extension of a long one", () => {
    expect(safeFileName(".bashrc", "text/plain")).toBe("bashrc");
    expect(safeFileName("  ...  ", "application/pdf")).toBe("attachment.pdf");
    expect(safeFileName(null, "message/rfc822")).toBe("message.eml");
    expect(safeFileName(null, "application/x-unknown")).toBe("attachment");
    expect(safeFileName("CON.txt", "text/plain")).toBe("_CON.txt");
    const long = safeFileName(`${"x".repeat(500)}.pdf`, "application/pdf");
    expect(long.length).toBe(180);
    expect(long.endsWith(".pdf")).toBe(true);
  });
});

describe("attachmentInfo", () => {
  it("describes a chip from the structure alone", () => {
    const info = attachmentInfo(structure(file("application/pdf", "Q3 report.pdf", 78_000)));
    expect(info).toEqual({
      section: "1",
      name: "Q3 report.pdf",
      type: "application/pdf",
      label: "PDF",
      kind: "pdf",
      size: 57_000,
      encoding: "base64",
    });
    expect(attachmentInfo(structure(file("image/png", "chart.png"))).label).toBe("PNG image");
    expect(attachmentInfo(structure(file("message/rfc822", "fwd.eml"))).label).toBe("Email message");
    expect(decodedSize(structure({ type: "text/plain", size: 1234 }))).toBe(1234);
  });
});
