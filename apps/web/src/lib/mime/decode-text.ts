/**
 * Text parts decoded with postal-mime. Each part is handed to it as a tiny message of its own, the
 * part's MIME header followed by its body, so that one well-tested implementation applies the
 * Content-Transfer-Encoding, the charset (anything TextDecoder knows, with the aliases mail uses),
 * format=flowed with DelSp (RFC 3676) and HTML charset sniffing. postal-mime was chosen because it
 * has no dependencies, runs in the browser as it does in Node, and bounds what hostile input can
 * make it do (nesting, header size, part count); it is loaded only when a message is first opened.
 */
import PostalMime from "postal-mime";
import type { MimePart } from "../imap-client/types";
import { concatBytes, latin1, latin1Bytes } from "./bytes";
import { decodeTransfer } from "./transfer-decoder";

export interface DecodedText {
  readonly text: string;
  /** Sentences about what went wrong, shown beside the text. */
  readonly notes: readonly string[];
}

/** The HTML source or plain text of one part, from its MIME header (if fetched) and raw body. */
export async function decodeTextPart(
  part: MimePart,
  header: Uint8Array | undefined,
  body: Uint8Array,
): Promise<DecodedText> {
  const notes: string[] = [];
  const charset = part.params.charset;
  if (charset !== undefined && !knownCharset(charset)) {
    notes.push(
      `Part ${part.section} says its character set is “${charset}”, which this browser does not know.`,
    );
  }
  try {
    const html = part.type === "text/html";
    const raw = concatBytes(latin1Bytes(`${headerFor(part, header)}\r\n\r\n`), body);
    const email = await PostalMime.parse(raw, { attachmentEncoding: "arraybuffer" });
    // Trailing line breaks vary with the transfer encoding; they carry nothing worth showing.
    return { text: html ? (email.html ?? "") : (email.text ?? "").replace(/\n+$/, ""), notes };
  } catch {
    notes.push(`Part ${part.section} could not be decoded cleanly; it is shown as well as it could be read.`);
    return { text: lenientText(part, body), notes };
  }
}

/**
 * The Content-Type and Content-Transfer-Encoding lines of the fetched header, or lines built from
 * the structure when the header is missing or describes another part (servers differ on what
 * `<part>.MIME` returns for the body of a single-part message).
 */
export function headerFor(part: MimePart, header: Uint8Array | undefined): string {
  const lines = header === undefined ? [] : contentLines(latin1(header));
  const type = lines.find((l) => /^content-type\s*:/i.test(l));
  const declared = type
    ?.replace(/^content-type\s*:\s*/i, "")
    .split(";")[0]
    ?.trim()
    .toLowerCase();
  const plain = part.type === "text/plain" || part.type === "text/html";
  if (type === undefined || declared !== part.type || !plain) return synthesized(part);
  if (!lines.some((l) => /^content-transfer-encoding\s*:/i.test(l))) {
    lines.push(`Content-Transfer-Encoding: ${part.encoding}`);
  }
  return lines.join("\r\n");
}

/** Header lines from the structure; readable types other than text/plain|html are read as plain text. */
function synthesized(part: MimePart): string {
  const type = part.type === "text/html" ? "text/html" : "text/plain";
  const params = ["charset", "format", "delsp"]
    .filter((name) => part.params[name] !== undefined)
    .map((name) => `; ${name}="${(part.params[name] as string).replace(/["\\\r\n]/g, "")}"`)
    .join("");
  return `Content-Type: ${type}${params}\r\nContent-Transfer-Encoding: ${part.encoding.replace(/[\r\n]/g, "")}`;
}

/** Unfolded Content-Type and Content-Transfer-Encoding lines of a header block. */
function contentLines(header: string): string[] {
  const unfolded = header.replace(/\r?\n[ \t]/g, " ").split(/\r?\n/);
  return unfolded.filter((line) => /^content-(type|transfer-encoding)\s*:/i.test(line));
}

function lenientText(part: MimePart, body: Uint8Array): string {
  const bytes = decodeTransfer(part.encoding, body);
  const charset = part.params.charset ?? "utf-8";
  return new TextDecoder(knownCharset(charset) ? charset : "utf-8").decode(bytes);
}

export function knownCharset(label: string): boolean {
  try {
    new TextDecoder(label.trim());
    return true;
  } catch {
    return false;
  }
}
