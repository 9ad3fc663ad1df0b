/**
 * A file name safe to hand to the browser's download: no path, no control or bidirectional
 * formatting characters (`invoice‮fdp.exe` would read as `invoiceexe.pdf`), nothing a file system
 * rejects, not hidden, not a reserved device name, and not absurdly long.
 */

const EXTENSIONS: Readonly<Record<string, string>> = {
  "message/rfc822": "eml",
  "message/global": "eml",
  "text/calendar": "ics",
  "text/plain": "txt",
  "text/html": "html",
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
};

const MAX_LENGTH = 180;
const RESERVED = /^(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|$)/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

export function safeFileName(name: string | null, type: string): string {
  let out = (name ?? "")
    .normalize("NFC")
    .replace(INVISIBLE, "")
    .replace(/[/\\:*?"<>|]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, "");
  if (out === "") {
    const extension = EXTENSIONS[type];
    out =
      extension === undefined
        ? "attachment"
        : type.startsWith("message/")
          ? `message.${extension}`
          : `attachment.${extension}`;
  }
  if (RESERVED.test(out)) out = `_${out}`;
  if (out.length > MAX_LENGTH) {
    const dot = out.lastIndexOf(".");
    const extension = dot > 0 && out.length - dot <= 10 ? out.slice(dot) : "";
    out = out.slice(0, MAX_LENGTH - extension.length) + extension;
  }
  return out;
}
