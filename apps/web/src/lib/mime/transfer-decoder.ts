/**
 * Content-Transfer-Encoding removed as bytes arrive: `push` each chunk as it lands and `end` once,
 * so a download never holds more than one chunk beyond its output.
 */
import { Base64Decoder } from "./base64-decoder";
import { QuotedPrintableDecoder } from "./qp-decoder";

export interface TransferDecoder {
  /** Decoded bytes for this chunk (possibly empty: a partial group waits for the next one). */
  push(chunk: Uint8Array): Uint8Array;
  /** Whatever the last chunk left pending. */
  end(): Uint8Array;
}

/** A decoder for `encoding` (any case); 7bit, 8bit, binary and unknown encodings pass through. */
export function transferDecoder(encoding: string): TransferDecoder {
  switch (encoding.trim().toLowerCase()) {
    case "base64":
      return new Base64Decoder();
    case "quoted-printable":
      return new QuotedPrintableDecoder();
    default:
      return { push: (chunk) => chunk, end: () => new Uint8Array(0) };
  }
}

/** Decodes a whole body at once. */
export function decodeTransfer(encoding: string, body: Uint8Array): Uint8Array {
  const decoder = transferDecoder(encoding);
  const head = decoder.push(body);
  const tail = decoder.end();
  if (tail.length === 0) return head;
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
