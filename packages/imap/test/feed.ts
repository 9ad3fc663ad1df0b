/**
 * Feeding helpers for decoder tests: the same bytes pushed whole, one byte at a time, or split at a
 * given point must give the same events. Streamed body chunks depend on how the input was cut, so
 * each body's `bodyChunk` events are joined into one (copied, since chunk views are only valid until
 * the next push) before comparison.
 */
import { expect } from "vitest";
import type { DecodeEvent } from "../src/codec/decode-event.js";
import { type DecoderOptions, ResponseDecoder } from "../src/codec/decoder.js";

/** A Latin-1/ASCII string as bytes (each code unit one byte). Throws on code units above 0xFF. */
export function bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new RangeError(`bytes(): code unit ${code} at ${i} is not Latin-1`);
    out[i] = code;
  }
  return out;
}

/** Joins byte arrays into one new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Drains `decoder`, joining each body's chunks into one `bodyChunk` event. */
class EventCollector {
  readonly events: DecodeEvent[] = [];
  private body: Uint8Array[] | null = null;

  drain(decoder: ResponseDecoder): void {
    for (let event = decoder.next(); event !== null; event = decoder.next()) {
      if (event.type === "bodyChunk") {
        // Copy: the view is only valid until the next push.
        if (this.body === null) this.body = [];
        this.body.push(event.data.slice());
        continue;
      }
      if (event.type === "bodyEnded" && this.body !== null) {
        this.events.push({ type: "bodyChunk", data: concatBytes(this.body) });
        this.body = null;
      }
      this.events.push(event);
    }
  }
}

/** Pushes `chunks` in order, draining after each push; returns the normalised events. */
export function feedChunks(chunks: Iterable<Uint8Array>, opts?: DecoderOptions): DecodeEvent[] {
  const decoder = new ResponseDecoder(opts);
  const collector = new EventCollector();
  for (const chunk of chunks) {
    decoder.push(chunk);
    collector.drain(decoder);
  }
  return collector.events;
}

/** Decodes `input` pushed as one chunk. */
export function feedWhole(input: Uint8Array, opts?: DecoderOptions): DecodeEvent[] {
  return feedChunks([input], opts);
}

/** Decodes `input` pushed one byte at a time (each byte its own array, as a socket could deliver it). */
export function feedBytewise(input: Uint8Array, opts?: DecoderOptions): DecodeEvent[] {
  function* single(): Generator<Uint8Array> {
    for (let i = 0; i < input.length; i++) yield input.slice(i, i + 1);
  }
  return feedChunks(single(), opts);
}

/** Decodes `input` pushed as two chunks, `[0, at)` and `[at, end)`. */
export function feedSplitAt(input: Uint8Array, at: number, opts?: DecoderOptions): DecodeEvent[] {
  return feedChunks([input.slice(0, at), input.slice(at)], opts);
}

/**
 * Asserts that `input` decodes to the same events whole, byte by byte and split at every point, and
 * returns those events.
 */
export function expectSameEverywhere(input: Uint8Array, opts?: DecoderOptions): DecodeEvent[] {
  const whole = feedWhole(input, opts);
  expect(feedBytewise(input, opts), "fed byte by byte").toEqual(whole);
  for (let at = 1; at < input.length; at++) {
    expect(feedSplitAt(input, at, opts), `split at ${at}`).toEqual(whole);
  }
  return whole;
}
