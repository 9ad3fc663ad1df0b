/**
 * Streaming base64 (RFC 2045 §6.8): characters outside the alphabet (line breaks, garbage) are
 * skipped, and `=` ends the current group, so bodies padded line by line decode as well.
 */
import type { TransferDecoder } from "./transfer-decoder";

const PAD = -2;
const SKIP = -1;
const TABLE = new Int8Array(256).fill(SKIP);
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
for (let i = 0; i < ALPHABET.length; i++) TABLE[ALPHABET.charCodeAt(i)] = i;
// The URL-safe alphabet shows up in the wild; it never clashes with the standard one.
TABLE["-".charCodeAt(0)] = 62;
TABLE["_".charCodeAt(0)] = 63;
TABLE["=".charCodeAt(0)] = PAD;

export class Base64Decoder implements TransferDecoder {
  /** Bits of the group so far, six per character. */
  #bits = 0;
  #count = 0;

  push(chunk: Uint8Array): Uint8Array {
    const out = new Uint8Array(Math.floor(((this.#count + chunk.length) * 3) / 4) + 3);
    let n = 0;
    let bits = this.#bits;
    let count = this.#count;
    for (let i = 0; i < chunk.length; i++) {
      const value = TABLE[chunk[i] as number] as number;
      if (value >= 0) {
        bits = (bits << 6) | value;
        if (++count === 4) {
          out[n++] = (bits >> 16) & 0xff;
          out[n++] = (bits >> 8) & 0xff;
          out[n++] = bits & 0xff;
          bits = 0;
          count = 0;
        }
      } else if (value === PAD && count > 0) {
        n = flush(out, n, bits, count);
        bits = 0;
        count = 0;
      }
    }
    this.#bits = bits;
    this.#count = count;
    return out.subarray(0, n);
  }

  end(): Uint8Array {
    const out = new Uint8Array(3);
    const n = flush(out, 0, this.#bits, this.#count);
    this.#bits = 0;
    this.#count = 0;
    return out.subarray(0, n);
  }
}

/** The bytes of a group cut short (2 characters → 1 byte, 3 → 2; a lone character carries none). */
function flush(out: Uint8Array, n: number, bits: number, count: number): number {
  if (count === 2) {
    out[n++] = (bits >> 4) & 0xff;
  } else if (count === 3) {
    out[n++] = (bits >> 10) & 0xff;
    out[n++] = (bits >> 2) & 0xff;
  }
  return n;
}
