/**
 * Text helpers for the core. `lib: ["ES2022"]` has no TextDecoder/TextEncoder types (they are Web and
 * Node globals), so the few members used are declared here once.
 */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

const utf8Decoder = new TextDecoder("utf-8", { fatal: false });
const strictUtf8Decoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** UTF-8 with U+FFFD for invalid sequences. */
export function utf8Decode(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/** UTF-8, or null when the bytes are not valid UTF-8. */
export function utf8DecodeStrict(bytes: Uint8Array): string | null {
  try {
    return strictUtf8Decoder.decode(bytes);
  } catch {
    return null;
  }
}

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Each byte as one code point (ISO-8859-1); never fails, loses nothing. */
export function latin1Decode(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = "";
  // Chunked to stay under the engine's argument-count limit.
  for (let i = start; i < end; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + 8192)) as unknown as number[]);
  }
  return out;
}

/** ASCII text to bytes; the caller guarantees every code unit is below 0x80. */
export function asciiEncode(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
