/**
 * The session's outgoing events, drained by the driver with `next` or `takeAll`. Streamed body
 * chunks are views of the decoder's input, valid until its next push: before more bytes are pushed,
 * the chunks still queued are copied (`detachChunks`), so a driver that drains late loses nothing.
 */
import type { SessionEvent } from "./events.js";

export class EventQueue {
  #events: SessionEvent[] = [];
  #head = 0;
  #undrainedChunks = 0;

  push(event: SessionEvent): void {
    if (event.type === "bodyChunk") this.#undrainedChunks += 1;
    this.#events.push(event);
  }

  /** The next event, or null when there is none. */
  next(): SessionEvent | null {
    const event = this.#events[this.#head];
    if (event === undefined) return null;
    this.#head += 1;
    if (event.type === "bodyChunk") this.#undrainedChunks -= 1;
    if (this.#head === this.#events.length) {
      this.#events = [];
      this.#head = 0;
    }
    return event;
  }

  /** Every pending event, in order. */
  takeAll(): SessionEvent[] {
    const out = this.#events.slice(this.#head);
    this.#events = [];
    this.#head = 0;
    this.#undrainedChunks = 0;
    return out;
  }

  /** Copies the body chunks still queued: their views are about to become invalid. */
  detachChunks(): void {
    if (this.#undrainedChunks === 0) return;
    for (let i = this.#head; i < this.#events.length; i++) {
      const event = this.#events[i];
      if (event?.type === "bodyChunk") this.#events[i] = { ...event, data: event.data.slice() };
    }
  }
}
