/**
 * The bounded queue of commands that were accepted by `send` but not yet written. Bounding it is
 * half of flow control (PROTOCOL.md §1 rule 15): a caller that outruns the server gets
 * `IMAP_ERR_QUEUE_FULL` instead of unbounded memory; the other half is that the session produces
 * bytes only when the driver takes them.
 */
import { ImapLocalError } from "../errors.js";

/** Default most commands waiting to be written. */
export const DEFAULT_MAX_QUEUED = 1024;
/** Default most encoded bytes waiting to be written (APPEND bodies count). */
export const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024;

export interface WriteQueueLimits {
  readonly maxItems: number;
  readonly maxBytes: number;
}

/** A FIFO with a count and byte bound; `size` of each item is given when it is added. */
export class WriteQueue<T> {
  readonly #items: { item: T; size: number }[] = [];
  #head = 0;
  #bytes = 0;
  readonly #limits: WriteQueueLimits;

  constructor(limits: Partial<WriteQueueLimits> = {}) {
    this.#limits = {
      maxItems: limits.maxItems ?? DEFAULT_MAX_QUEUED,
      maxBytes: limits.maxBytes ?? DEFAULT_MAX_QUEUED_BYTES,
    };
  }

  get length(): number {
    return this.#items.length - this.#head;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Appends `item`. Throws `IMAP_ERR_QUEUE_FULL` when the count or byte bound would be exceeded; a
   * single item larger than the byte bound is accepted only into an empty queue, so it can be sent.
   */
  push(item: T, size: number): void {
    this.reserve(1, size);
    this.#items.push({ item, size });
    this.#bytes += size;
  }

  /** Throws `IMAP_ERR_QUEUE_FULL` unless `count` more items of `bytes` in total would fit. */
  reserve(count: number, bytes: number): void {
    if (this.length + count > this.#limits.maxItems) {
      throw new ImapLocalError("IMAP_ERR_QUEUE_FULL", `write queue full (${this.#limits.maxItems} commands)`);
    }
    if (this.length > 0 && this.#bytes + bytes > this.#limits.maxBytes) {
      throw new ImapLocalError("IMAP_ERR_QUEUE_FULL", `write queue full (${this.#limits.maxBytes} bytes)`);
    }
  }

  /** Puts `item` first, ignoring the bounds (for commands the session issues itself). */
  pushFront(item: T, size: number): void {
    if (this.#head > 0) {
      this.#head -= 1;
      this.#items[this.#head] = { item, size };
    } else {
      this.#items.unshift({ item, size });
    }
    this.#bytes += size;
  }

  peek(): T | undefined {
    return this.#items[this.#head]?.item;
  }

  shift(): T | undefined {
    const entry = this.#items[this.#head];
    if (entry === undefined) return undefined;
    this.#head += 1;
    this.#bytes -= entry.size;
    if (this.#head > 64 && this.#head * 2 > this.#items.length) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
    return entry.item;
  }

  /** Removes the first item that satisfies `match` and returns it (a withdrawn command). */
  remove(match: (item: T) => boolean): T | undefined {
    for (let i = this.#head; i < this.#items.length; i++) {
      const entry = this.#items[i] as { item: T; size: number };
      if (!match(entry.item)) continue;
      this.#items.splice(i, 1);
      this.#bytes -= entry.size;
      return entry.item;
    }
    return undefined;
  }

  /** Removes every item and returns them in order. */
  clear(): T[] {
    const out = this.#items.slice(this.#head).map((e) => e.item);
    this.#items.length = 0;
    this.#head = 0;
    this.#bytes = 0;
    return out;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.#head; i < this.#items.length; i++) yield (this.#items[i] as { item: T }).item;
  }
}
