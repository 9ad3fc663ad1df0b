/** Test helpers: a message's header fields, unfolded, and RFC 2047 decoding through TextDecoder. */

/** The header section of `message` as (lower-case name, unfolded value) pairs; 8-bit bytes read as UTF-8. */
export function headerFields(message: Uint8Array): [name: string, value: string][] {
  const text = Buffer.from(message).toString("utf8");
  const end = text.search(/\r?\n\r?\n/);
  if (end < 0) throw new Error("no blank line after the header");
  return text
    .slice(0, end)
    .replace(/\r?\n[ \t]+/g, " ")
    .split(/\r?\n/)
    .map((line) => {
      const colon = line.indexOf(":");
      if (colon < 1) throw new Error(`not a header field: ${line}`);
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    });
}

/** The one value of header `name`; throws when it is absent or repeated. */
export function header(message: Uint8Array, name: string): string {
  const values = headerFields(message).filter(([n]) => n === name.toLowerCase());
  if (values.length !== 1) throw new Error(`${values.length} ${name} headers`);
  return (values[0] as [string, string])[1];
}

/** windows-1252's characters for 0x80-0x9F (the five undefined bytes stay C1 controls). */
const CP1252_C1 = "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ";

/**
 * Node 20's TextDecoder decodes windows-1252 (and its WHATWG aliases, such as iso-8859-1) as if it
 * were ISO-8859-1, turning 0x80-0x9F into C1 controls; this maps them to what browsers show.
 */
export function fixCp1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1.charAt(c.charCodeAt(0) - 0x80));
}

/** `bytes` in `charset`, decoded by TextDecoder (fatal: wrong bytes throw). */
export function decodeBytes(bytes: Uint8Array, charset: string): string {
  const decoder = new TextDecoder(charset, { fatal: true });
  const text = decoder.decode(bytes);
  return decoder.encoding === "windows-1252" ? fixCp1252(text) : text;
}

const WORD = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;

function wordBytes(encoding: string, text: string): Buffer {
  if (encoding.toUpperCase() === "B") return Buffer.from(text, "base64");
  return Buffer.from(
    text
      .replace(/_/g, " ")
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    "latin1",
  );
}

/** Decodes every encoded-word with {@link decodeBytes}; white space between encoded-words goes. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(WORD, (_, charset: string, encoding: string, text: string) =>
      decodeBytes(wordBytes(encoding, text), charset),
    );
}

/** The display name of a `Name <address>` value, unquoted and decoded. */
export function displayName(value: string): string {
  const name = value.replace(/\s*<[^>]*>$/, "");
  return decodeWords(name.startsWith('"') ? name.slice(1, -1).replace(/\\(.)/g, "$1") : name);
}
