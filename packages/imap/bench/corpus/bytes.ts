/** Byte-level building blocks for the corpora: a growable writer and the 16 KiB pre-cutting. */

/** The chunk size every case is fed in: what a socket typically delivers per read. */
export const CHUNK_SIZE = 16 * 1024;

const encoder = new TextEncoder();

/** Appends ASCII/UTF-8 text and raw bytes into one contiguous, growing buffer. */
export class ByteWriter {
  private buf = new Uint8Array(1 << 20);
  private len = 0;

  get length(): number {
    return this.len;
  }

  private reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Writes text as UTF-8. */
  text(s: string): this {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    this.reserve(s.length * 3);
    this.len += encoder.encodeInto(s, this.buf.subarray(this.len)).written;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  /** Writes a synchronizing literal: `{n}` CRLF and the bytes. */
  literal(b: Uint8Array): this {
    return this.text(`{${b.length}}\r\n`).bytes(b);
  }

  /** A copy of everything written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/**
 * Cuts a corpus into chunks of `size` bytes (the last one shorter). Each chunk is a copy with its
 * own ArrayBuffer, as socket reads are, so no implementation can profit from one contiguous buffer.
 */
export function cutChunks(bytes: Uint8Array, size = CHUNK_SIZE): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, Math.min(bytes.length, i + size)));
  return chunks;
}
