/**
 * Header text as a person reads it: raw 8-bit UTF-8 shown as text (Latin-1 when it is not UTF-8),
 * then RFC 2047 encoded words decoded in any charset the browser's TextDecoder knows. This runs for
 * every row of the message list, so it stays here, small, instead of pulling the whole MIME parser
 * (postal-mime, loaded with the reading pane) into the first screen's bundle.
 */

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");

/** `=?charset[*lang]?B|Q?text?=` (RFC 2047 §2, RFC 2231 §5 language suffix). */
const ENCODED_WORD = /=\?([^?*\s]+)(?:\*[^?\s]*)?\?([BbQq])\?([^?\s]*)\?=/g;
/** Whitespace between two encoded words is not part of the text (RFC 2047 §6.2). */
const BETWEEN_WORDS = /(\?=)\s+(?==\?)/g;

/** Decodes header bytes (or a string already read) to display text. */
export function headerText(value: Uint8Array | string | null | undefined): string {
  if (value === null || value === undefined) return "";
  const raw = typeof value === "string" ? value : bytesToText(value);
  if (!raw.includes("=?")) return raw;
  return decodeWords(raw.replace(BETWEEN_WORDS, "$1"));
}

type Piece = { readonly text: string } | { readonly charset: string; readonly bytes: number[] };

function decodeWords(text: string): string {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(ENCODED_WORD)) {
    const [word, charset = "", encoding = "", payload = ""] = match;
    const index = match.index ?? 0;
    if (index > last) pieces.push({ text: text.slice(last, index) });
    const bytes = encoding.toUpperCase() === "B" ? base64Bytes(payload) : qBytes(payload);
    pieces.push(bytes === null ? { text: word } : { charset: charset.toLowerCase(), bytes });
    last = index + word.length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  // Adjacent words in one charset are decoded together: a multi-byte character may be split
  // across them (common with Shift_JIS and UTF-8 B-words).
  let out = "";
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as Piece;
    if ("text" in piece) {
      out += piece.text;
      continue;
    }
    const bytes = [...piece.bytes];
    let next = pieces[i + 1];
    while (next !== undefined && "charset" in next && next.charset === piece.charset) {
      bytes.push(...next.bytes);
      i++;
      next = pieces[i + 1];
    }
    out += decodeBytes(piece.charset, bytes);
  }
  return out;
}

function decodeBytes(charset: string, bytes: number[]): string {
  const data = new Uint8Array(bytes);
  try {
    return new TextDecoder(charset).decode(data);
  } catch {
    return bytesToText(data);
  }
}

function base64Bytes(payload: string): number[] | null {
  try {
    const bare = payload.replace(/=+$/, "");
    const binary = atob(bare.padEnd(Math.ceil(bare.length / 4) * 4, "="));
    return Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function qBytes(payload: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < payload.length; i++) {
    const c = payload[i] as string;
    const hex = c === "=" ? payload.slice(i + 1, i + 3) : "";
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(c === "_" ? 0x20 : c.charCodeAt(0) & 0xff);
  }
  return bytes;
}

function bytesToText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}
