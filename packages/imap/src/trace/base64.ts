/**
 * Base64 (RFC 4648 §4, padded) for byte values that are not UTF-8 in JSON. The core has no `btoa`;
 * this is the same algorithm as the encoder's SASL base64, which `trace/` may not import (codec/ is
 * above it).
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function base64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += ALPHABET.charAt(n >> 18) + ALPHABET.charAt((n >> 12) & 63);
    out += ALPHABET.charAt((n >> 6) & 63) + ALPHABET.charAt(n & 63);
  }
  const rest = bytes.length - i;
  if (rest === 0) return out;
  const n = ((bytes[i] as number) << 16) | (rest === 2 ? (bytes[i + 1] as number) << 8 : 0);
  out += ALPHABET.charAt(n >> 18) + ALPHABET.charAt((n >> 12) & 63);
  return out + (rest === 2 ? `${ALPHABET.charAt((n >> 6) & 63)}=` : "==");
}
