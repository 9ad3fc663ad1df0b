/**
 * Modified UTF-7 for mailbox names (RFC 3501 §5.1.3; IMAP4rev2 keeps it for servers without UTF-8).
 *
 * Theory of operation. Printable US-ASCII (0x20-0x7E) stands for itself, except `&`, which is written
 * `&-`. Every other character is written as UTF-16 code units in "modified base64": `&`, then base64
 * of the big-endian code units with `,` in place of `/` and no `=` padding, then `-`. A run of
 * non-printable characters is one shifted section, so the encoding of a name is unique.
 *
 * The decoder accepts exactly that canonical form and returns null for anything else, so a caller can
 * keep the raw bytes of a name the server got wrong instead of showing a corrupted one:
 * - bytes outside 0x20-0x7E (8-bit, controls) outside a shifted section;
 * - an unterminated shift (`&Jjo`), or one with characters outside the modified base64 alphabet;
 * - a bit count that is not whole code units plus fewer than 6 zero padding bits (`&AA-`, `&AGEA-`);
 * - non-zero padding bits (`&AGF-`);
 * - printable ASCII (including `&`) inside a shift: it must stand for itself (`&AGE-` for `a`);
 * - two adjacent shifted sections (`&Jjo-&Jjo-`): the canonical form merges them;
 * - unpaired UTF-16 surrogates.
 */
import { ImapLocalError } from "../errors.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

/** Byte value of a modified-base64 character → 6-bit value, or -1. */
const DECODE_TABLE: Int8Array = (() => {
  const table = new Int8Array(256).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

const AMPERSAND = 0x26;
const HYPHEN = 0x2d;

function isPrintable(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

/**
 * Encodes a mailbox name as modified UTF-7. Throws `IMAP_ERR_INVALID_ARGUMENT` for a string holding an
 * unpaired surrogate, which is not Unicode text and has no UTF-8 form either.
 */
export function encodeMutf7(name: string): string {
  let out = "";
  let i = 0;
  while (i < name.length) {
    const code = name.charCodeAt(i);
    if (isPrintable(code)) {
      out += code === AMPERSAND ? "&-" : name[i];
      i++;
      continue;
    }
    // Collect the whole run of non-printable code units into one shifted section.
    const start = i;
    while (i < name.length && !isPrintable(name.charCodeAt(i))) {
      const unit = name.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const next = name.charCodeAt(i + 1);
        if (!(next >= 0xdc00 && next <= 0xdfff)) throw unpairedSurrogate(i);
        i += 2;
      } else if (unit >= 0xdc00 && unit <= 0xdfff) {
        throw unpairedSurrogate(i);
      } else {
        i++;
      }
    }
    out += `&${encodeUnits(name, start, i)}-`;
  }
  return out;
}

function unpairedSurrogate(index: number): ImapLocalError {
  return new ImapLocalError(
    "IMAP_ERR_INVALID_ARGUMENT",
    `mailbox name has an unpaired surrogate at ${index}`,
  );
}

function encodeUnits(name: string, start: number, end: number): string {
  let out = "";
  let bits = 0;
  let bitCount = 0;
  for (let i = start; i < end; i++) {
    bits = ((bits << 16) | name.charCodeAt(i)) & 0x3fffff;
    bitCount += 16;
    while (bitCount >= 6) {
      bitCount -= 6;
      out += ALPHABET.charAt((bits >> bitCount) & 0x3f);
    }
  }
  if (bitCount > 0) out += ALPHABET.charAt((bits << (6 - bitCount)) & 0x3f);
  return out;
}

/**
 * Decodes a modified UTF-7 mailbox name, or returns null when the bytes are not canonical modified
 * UTF-7 (see the module header for what is refused).
 */
export function decodeMutf7(bytes: Uint8Array): string | null {
  let out = "";
  let i = 0;
  let previousWasShift = false;
  while (i < bytes.length) {
    const byte = bytes[i] as number;
    if (!isPrintable(byte)) return null;
    if (byte !== AMPERSAND) {
      out += String.fromCharCode(byte);
      previousWasShift = false;
      i++;
      continue;
    }
    if (bytes[i + 1] === HYPHEN) {
      out += "&";
      previousWasShift = false;
      i += 2;
      continue;
    }
    if (previousWasShift) return null;
    const end = bytes.indexOf(HYPHEN, i + 1);
    if (end < 0) return null;
    const decoded = decodeUnits(bytes, i + 1, end);
    if (decoded === null) return null;
    out += decoded;
    previousWasShift = true;
    i = end + 1;
  }
  return out;
}

function decodeUnits(bytes: Uint8Array, start: number, end: number): string | null {
  let out = "";
  let bits = 0;
  let bitCount = 0;
  let pendingHigh = -1;
  for (let i = start; i < end; i++) {
    const value = DECODE_TABLE[bytes[i] as number] as number;
    if (value < 0) return null;
    bits = ((bits << 6) | value) & 0x3fffff;
    bitCount += 6;
    if (bitCount < 16) continue;
    bitCount -= 16;
    const unit = (bits >> bitCount) & 0xffff;
    if (pendingHigh >= 0) {
      if (unit < 0xdc00 || unit > 0xdfff) return null;
      out += String.fromCharCode(pendingHigh, unit);
      pendingHigh = -1;
    } else if (unit >= 0xd800 && unit <= 0xdbff) {
      pendingHigh = unit;
    } else if ((unit >= 0xdc00 && unit <= 0xdfff) || isPrintable(unit)) {
      return null;
    } else {
      out += String.fromCharCode(unit);
    }
  }
  // Leftover bits must be padding: fewer than 6 and all zero. An empty section (`&` directly
  // followed by `-`) never reaches here: the caller reads it as `&-`.
  if (pendingHigh >= 0 || bitCount >= 6 || (bits & ((1 << bitCount) - 1)) !== 0) return null;
  return out.length > 0 ? out : null;
}
