/**
 * Streaming transfer-encoding decoders for downloads without BINARY: each chunk is decoded as it
 * arrives, whatever the chunk boundaries, and only the bytes of an unfinished quantum or escape are
 * carried over to the next chunk.
 */

export interface StreamDecoder {
  push(chunk: Uint8Array): Uint8Array;
  end(): Uint8Array;
}

const BASE64 = new Int16Array(256).fill(-1);
for (const [i, c] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].entries()) {
  BASE64[c.charCodeAt(0)] = i;
}
BASE64["-".charCodeAt(0)] = 62;
BASE64["_".charCodeAt(0)] = 63;

/** Base64 (RFC 2045): characters outside the alphabet are skipped; `=` ends a quantum early. */
export function base64Decoder(): StreamDecoder {
  const quantum = [0, 0, 0, 0];
  let filled = 0;
  const flushPartial = (out: number[]) => {
    const [a = 0, b = 0, c = 0] = quantum;
    if (filled >= 2) out.push(((a << 2) | (b >> 4)) & 0xff);
    if (filled >= 3) out.push(((b << 4) | (c >> 2)) & 0xff);
    filled = 0;
  };
  return {
    push(chunk) {
      const out = new Uint8Array(Math.ceil(((filled + chunk.length) * 3) / 4) + 3);
      let n = 0;
      const tail: number[] = [];
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i] as number;
        if (byte === 0x3d) {
          if (filled > 0) {
            flushPartial(tail);
            for (const b of tail) out[n++] = b;
            tail.length = 0;
          }
          continue;
        }
        const v = BASE64[byte] as number;
        if (v < 0) continue;
        quantum[filled++] = v;
        if (filled === 4) {
          const [a, b, c, d] = quantum as [number, number, number, number];
          out[n++] = (a << 2) | (b >> 4);
          out[n++] = ((b << 4) | (c >> 2)) & 0xff;
          out[n++] = ((c << 6) | d) & 0xff;
          filled = 0;
        }
      }
      return out.subarray(0, n);
    },
    end() {
      const out: number[] = [];
      flushPartial(out);
      return Uint8Array.from(out);
    },
  };
}

const HEX = new Int8Array(256).fill(-1);
for (const [i, c] of [..."0123456789ABCDEF"].entries()) {
  HEX[c.charCodeAt(0)] = i;
  HEX[c.toLowerCase().charCodeAt(0)] = i;
}

const SP = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const EQ = 0x3d;

/**
 * Quoted-printable (RFC 2045 §6.7): `=XX` escapes, soft line breaks (`=` before the line break, with
 * or without transport padding), and trailing whitespace on a line removed. Hard line breaks are kept
 * as they were sent.
 */
export function quotedPrintableDecoder(): StreamDecoder {
  let carry = new Uint8Array(0);
  const run = (input: Uint8Array, final: boolean): Uint8Array => {
    const out = new Uint8Array(input.length);
    let n = 0;
    let i = 0;
    while (i < input.length) {
      const byte = input[i] as number;
      if (byte === SP || byte === TAB) {
        let j = i;
        while (j < input.length && (input[j] === SP || input[j] === TAB)) j++;
        if (j === input.length) {
          if (final) return out.subarray(0, n);
          carry = input.slice(i);
          return out.subarray(0, n);
        }
        if (input[j] !== CR && input[j] !== LF) for (let k = i; k < j; k++) out[n++] = input[k] as number;
        i = j;
        continue;
      }
      if (byte !== EQ) {
        out[n++] = byte;
        i++;
        continue;
      }
      let j = i + 1;
      while (j < input.length && (input[j] === SP || input[j] === TAB)) j++;
      if (j >= input.length || (input[j] === CR && j + 1 >= input.length)) {
        if (final) return out.subarray(0, n);
        carry = input.slice(i);
        return out.subarray(0, n);
      }
      if (input[j] === LF) {
        i = j + 1;
        continue;
      }
      if (input[j] === CR) {
        i = input[j + 1] === LF ? j + 2 : j + 1;
        continue;
      }
      if (j === i + 1) {
        if (i + 2 >= input.length && !final) {
          carry = input.slice(i);
          return out.subarray(0, n);
        }
        const hi = HEX[input[i + 1] as number] as number;
        const lo = i + 2 < input.length ? (HEX[input[i + 2] as number] as number) : -1;
        if (hi >= 0 && lo >= 0) {
          out[n++] = (hi << 4) | lo;
          i += 3;
          continue;
        }
      }
      out[n++] = EQ;
      i++;
    }
    carry = new Uint8Array(0);
    return out.subarray(0, n);
  };
  return {
    push(chunk) {
      const input = carry.length === 0 ? chunk : concat(carry, chunk);
      carry = new Uint8Array(0);
      return run(input, false);
    },
    end() {
      const input = carry;
      carry = new Uint8Array(0);
      return run(input, true);
    },
  };
}

/** The decoder for a Content-Transfer-Encoding (identity for 7bit, 8bit, binary and unknown ones). */
export function decoderFor(encoding: string): StreamDecoder {
  const e = encoding.toLowerCase();
  if (e === "base64") return base64Decoder();
  if (e === "quoted-printable") return quotedPrintableDecoder();
  return { push: (chunk) => chunk, end: () => new Uint8Array(0) };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}
