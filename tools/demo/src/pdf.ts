/**
 * A valid one-page PDF 1.4 with lines of text in Helvetica: catalog, pages, page, content stream and
 * font objects, a cross-reference table with the true byte offsets, and the trailer.
 */

function escapeText(text: string): string {
  return text.replace(/[\\()]/g, "\\$&");
}

/** A PDF whose page shows `title` and then `lines`; the text must be printable ASCII. */
export function pdf(title: string, lines: readonly string[]): Buffer {
  for (const text of [title, ...lines]) {
    if (!/^[\x20-\x7e]*$/.test(text)) throw new Error(`PDF text must be printable ASCII: ${text}`);
  }
  const content = [
    "BT",
    "/F1 20 Tf",
    "72 770 Td",
    `(${escapeText(title)}) Tj`,
    "/F1 11 Tf",
    "0 -18 TL",
    "T*",
    ...lines.map((line) => `T* (${escapeText(line)}) Tj`),
    "ET",
  ].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  ];
  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
