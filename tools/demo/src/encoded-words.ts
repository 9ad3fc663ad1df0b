/** RFC 2047 encoded-words for Subject and display names. */

/** An encoded-word may be at most 75 characters long (RFC 2047 §2). */
export const MAX_WORD = 75;

/** Characters a Q-encoded word may carry as they are, even inside a phrase (RFC 2047 §5 (3)). */
const Q_SAFE = /^[A-Za-z0-9!*+\-/]$/;

function qEncode(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    if (byte === 0x20) out += "_";
    else if (byte < 0x80 && Q_SAFE.test(char)) out += char;
    else out += `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * One encoded-word holding `bytes` (already in `charset`).
 * @throws Error when it would exceed 75 characters; split the text with {@link utf8Words} instead.
 */
export function encodedWord(bytes: Uint8Array, charset: string, encoding: "B" | "Q"): string {
  const text = encoding === "B" ? Buffer.from(bytes).toString("base64") : qEncode(bytes);
  const word = `=?${charset}?${encoding}?${text}?=`;
  if (word.length > MAX_WORD) throw new Error(`encoded-word of ${word.length} characters: ${word}`);
  return word;
}

/**
 * UTF-8 text as encoded-words of at most 75 characters, split between characters (never inside
 * one), joined by folding white space. ASCII-only text is returned as it is.
 */
export function utf8Words(text: string, encoding: "B" | "Q" = "B"): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = "";
  const fits = (candidate: string) => {
    try {
      encodedWord(Buffer.from(candidate, "utf8"), "UTF-8", encoding);
      return true;
    } catch {
      return false;
    }
  };
  for (const char of text) {
    if (chunk !== "" && !fits(chunk + char)) {
      words.push(encodedWord(Buffer.from(chunk, "utf8"), "UTF-8", encoding));
      chunk = "";
    }
    chunk += char;
  }
  if (chunk !== "") words.push(encodedWord(Buffer.from(chunk, "utf8"), "UTF-8", encoding));
  return words.join("\r\n ");
}
