/**
 * Header text as a person reads it: raw 8-bit UTF-8 shown as text (Latin-1 when it is not UTF-8),
 * then RFC 2047 encoded words decoded in any charset the browser's TextDecoder knows (postal-mime).
 */
import { decodeWords } from "postal-mime";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");

/** Decodes header bytes (or a string already read) to display text. */
export function headerText(value: Uint8Array | string | null | undefined): string {
  if (value === null || value === undefined) return "";
  const raw = typeof value === "string" ? value : bytesToText(value);
  if (!raw.includes("=?")) return raw;
  try {
    return decodeWords(raw);
  } catch {
    return raw;
  }
}

function bytesToText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}
