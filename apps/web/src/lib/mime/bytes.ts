/** Byte helpers shared by the decoders. */

const latin1Decoder = new TextDecoder("latin1");

/** Bytes as one char each (header text, before any charset is known). */
export function latin1(bytes: Uint8Array): string {
  return latin1Decoder.decode(bytes);
}

/** The inverse of `latin1`: one byte per char (code points above 255 are cut to their low byte). */
export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
