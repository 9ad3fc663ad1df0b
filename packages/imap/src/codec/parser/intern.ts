/**
 * Byte ranges to strings without the allocations that dominate parsing cost. Atoms repeat endlessly
 * (`\Seen`, `TEXT`, `PLAIN`, `UTF-8`, `BASE64`, capability names), so short ASCII ranges go through a
 * direct-mapped cache: a hit compares the bytes against the cached string and returns it, allocating
 * nothing. Collisions simply overwrite the slot.
 */
import { latin1Decode, utf8Decode, utf8DecodeStrict } from "../../text/text.js";
import { UPPER } from "./chars.js";

const CACHE_BITS = 11;
const CACHE_MASK = (1 << CACHE_BITS) - 1;
/** Longer atoms are rare and seldom repeat. */
const MAX_INTERNED = 32;

const exactCache: string[] = new Array<string>(1 << CACHE_BITS).fill("");
const upperCache: string[] = new Array<string>(1 << CACHE_BITS).fill("");

function asciiOf(buf: Uint8Array, s: number, e: number, table: Uint8Array | null): string {
  // Short strings concatenate into flat strings; longer ones would become ropes. ASCII is UTF-8.
  if (table === null && e - s > 12) return utf8Decode(buf.subarray(s, e));
  let out = "";
  if (table === null) for (let i = s; i < e; i++) out += String.fromCharCode(buf[i] as number);
  else for (let i = s; i < e; i++) out += String.fromCharCode(table[buf[i] as number] as number);
  return out;
}

/** Bytes that are not all ASCII: UTF-8 when valid, else each byte as Latin-1. */
function nonAscii(buf: Uint8Array, s: number, e: number, upper: boolean): string {
  const view = buf.subarray(s, e);
  const text = utf8DecodeStrict(view) ?? latin1Decode(view);
  return upper ? text.replace(/[a-z]+/g, (m) => m.toUpperCase()) : text;
}

function lookup(buf: Uint8Array, s: number, e: number, cache: string[], table: Uint8Array | null): string {
  const len = e - s;
  if (len === 0) return "";
  if (len > MAX_INTERNED) {
    for (let i = s; i < e; i++) if ((buf[i] as number) >= 0x80) return nonAscii(buf, s, e, table !== null);
    return table === null ? latin1Decode(buf, s, e) : asciiOf(buf, s, e, table);
  }
  // The slot comes from the length and the first two and last two bytes: no loop, and distinct
  // enough for the vocabulary that repeats. The comparison below is the only pass over the bytes.
  const first = buf[s] as number;
  const last = buf[e - 1] as number;
  let h = Math.imul(len, 0x9e3779b1) ^ (first << 7) ^ ((buf[s + (len >> 1)] as number) << 14) ^ (last << 3);
  h ^= h >>> 15;
  const slot = h & CACHE_MASK;
  const hit = cache[slot] as string;
  if (hit.length === len) {
    let i = 0;
    if (table === null) {
      while (i < len && hit.charCodeAt(i) === buf[s + i]) i++;
    } else {
      while (i < len && hit.charCodeAt(i) === table[buf[s + i] as number]) i++;
    }
    if (i === len) return hit;
  }
  for (let i = s; i < e; i++) if ((buf[i] as number) >= 0x80) return nonAscii(buf, s, e, table !== null);
  const str = asciiOf(buf, s, e, table);
  cache[slot] = str;
  return str;
}

/** The bytes `[s, e)` as a string, as sent (ASCII fast path; UTF-8 or Latin-1 otherwise). */
export function atomString(buf: Uint8Array, s: number, e: number): string {
  return lookup(buf, s, e, exactCache, null);
}

/** The bytes `[s, e)` as an ASCII-upper-cased string. */
export function upperString(buf: Uint8Array, s: number, e: number): string {
  return lookup(buf, s, e, upperCache, UPPER);
}

/** Human-readable text (resp-text, ID values, dates): UTF-8 with replacement. */
export function textString(buf: Uint8Array, s: number, e: number): string {
  return s === e ? "" : utf8Decode(buf.subarray(s, e));
}

/**
 * Text of a date-time string. `"dd-Mon-yyyy hh:mm:ss +zzzz"` (26 bytes, every INTERNALDATE) is built
 * with one fixed-arity call, several times faster than a decoder call for so short a string.
 */
export function shortText(b: Uint8Array, s: number, e: number): string {
  if (e - s === 26) {
    let high = 0;
    for (let i = s; i < e; i++) high |= b[i] as number;
    if (high < 0x80) {
      // biome-ignore format: one row per eight bytes
      return String.fromCharCode(
        b[s] as number, b[s + 1] as number, b[s + 2] as number, b[s + 3] as number, b[s + 4] as number,
        b[s + 5] as number, b[s + 6] as number, b[s + 7] as number, b[s + 8] as number, b[s + 9] as number,
        b[s + 10] as number, b[s + 11] as number, b[s + 12] as number, b[s + 13] as number,
        b[s + 14] as number, b[s + 15] as number, b[s + 16] as number, b[s + 17] as number,
        b[s + 18] as number, b[s + 19] as number, b[s + 20] as number, b[s + 21] as number,
        b[s + 22] as number, b[s + 23] as number, b[s + 24] as number, b[s + 25] as number,
      );
    }
  }
  return textString(b, s, e);
}
