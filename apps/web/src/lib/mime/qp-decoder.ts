/**
 * Streaming quoted-printable (RFC 2045 §6.7): `=XX` becomes its byte, `=` at the end of a line
 * (optionally followed by blanks) is a soft line break, blanks at the end of a line were added in
 * transport and are dropped, and a malformed `=` is kept as it is. The state carried between chunks
 * is a few bytes: a run of blanks longer than any legal line is passed through, not held.
 */
import type { TransferDecoder } from "./transfer-decoder";

const EQ = 0x3d;
const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;
/** Longest run of blanks held back to see whether a line break follows. */
const MAX_HELD = 998;

enum State {
  Text,
  /** Saw `=`. */
  Equals,
  /** Saw `=` and one hex digit (in `#hex`). */
  Hex,
  /** Saw `=` then blanks (in `#blanks`). */
  EqualsBlanks,
  /** A soft break ended in CR: an LF may follow. */
  SoftCr,
}

export class QuotedPrintableDecoder implements TransferDecoder {
  #state = State.Text;
  #hex = 0;
  /** Blanks not yet known to be content. */
  #blanks: number[] = [];
  #out = new Uint8Array(0);
  #n = 0;

  push(chunk: Uint8Array): Uint8Array {
    // Every byte written was read: this chunk, or the few bytes held from the one before.
    this.#out = new Uint8Array(chunk.length + this.#blanks.length + 2);
    this.#n = 0;
    for (let i = 0; i < chunk.length; i++) this.#step(chunk[i] as number);
    return this.#out.subarray(0, this.#n);
  }

  end(): Uint8Array {
    this.#out = new Uint8Array(2);
    this.#n = 0;
    if (this.#state === State.Equals) this.#emit(EQ);
    else if (this.#state === State.Hex) {
      this.#emit(EQ);
      this.#emit(this.#hex);
    }
    // Blanks left at the very end trail the last line, or follow a final soft break.
    this.#blanks = [];
    this.#state = State.Text;
    return this.#out.subarray(0, this.#n);
  }

  #emit(byte: number): void {
    this.#out[this.#n++] = byte;
  }

  #step(byte: number): void {
    switch (this.#state) {
      case State.Text:
        this.#text(byte);
        return;
      case State.Equals:
        if (hexValue(byte) >= 0) {
          this.#hex = byte;
          this.#state = State.Hex;
        } else if (byte === CR) this.#state = State.SoftCr;
        else if (byte === LF) this.#state = State.Text;
        else if (byte === SP || byte === TAB) {
          this.#blanks.push(byte);
          this.#state = State.EqualsBlanks;
        } else {
          this.#emit(EQ);
          this.#state = State.Text;
          this.#text(byte);
        }
        return;
      case State.Hex: {
        const lo = hexValue(byte);
        this.#state = State.Text;
        if (lo >= 0) this.#emit((hexValue(this.#hex) << 4) | lo);
        else {
          this.#emit(EQ);
          this.#emit(this.#hex);
          this.#text(byte);
        }
        return;
      }
      case State.EqualsBlanks:
        if ((byte === SP || byte === TAB) && this.#blanks.length < MAX_HELD) this.#blanks.push(byte);
        else if (byte === CR || byte === LF) {
          this.#blanks = [];
          this.#state = byte === CR ? State.SoftCr : State.Text;
        } else {
          // Not a soft break after all: the `=` and the blanks were content.
          this.#emit(EQ);
          this.#flushBlanks();
          this.#state = State.Text;
          this.#text(byte);
        }
        return;
      case State.SoftCr:
        this.#state = State.Text;
        if (byte !== LF) this.#text(byte);
        return;
    }
  }

  #text(byte: number): void {
    if (byte === SP || byte === TAB) {
      if (this.#blanks.length >= MAX_HELD) this.#flushBlanks();
      this.#blanks.push(byte);
    } else if (byte === CR || byte === LF) {
      this.#blanks = [];
      this.#emit(byte);
    } else {
      this.#flushBlanks();
      if (byte === EQ) this.#state = State.Equals;
      else this.#emit(byte);
    }
  }

  #flushBlanks(): void {
    for (const blank of this.#blanks) this.#emit(blank);
    this.#blanks = [];
  }
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}
