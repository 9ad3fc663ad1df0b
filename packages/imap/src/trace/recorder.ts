/**
 * A bounded raw history of a session for a protocol panel: every event goes through `record`, its raw
 * lines (`raw.ts`) are kept in a ring of at most `maxLines` lines and `maxTextBytes` of text, oldest
 * dropped first. Appending is O(1) amortised whatever the history's size, so recording never slows
 * the app; reading (`lines`, `linesFor`) costs the history's size and is for when the panel draws.
 * Counts cover everything recorded, dropped lines included.
 */
import type { SessionEvent } from "../session/events.js";
import { type RawLine, type RawOptions, rawLines } from "./raw.js";
import { Ring } from "./ring.js";

export interface TraceRecorderOptions extends RawOptions {
  /** Most lines kept. Default 5000. */
  readonly maxLines?: number;
  /** Most text kept, summed over the lines' `text` (escaped, so one byte per character). Default 1 MiB. */
  readonly maxTextBytes?: number;
}

export interface TraceCounts {
  /** Lines recorded since the start (or `clear`), dropped ones included. */
  readonly lines: number;
  /** Lines dropped to stay within the bounds. */
  readonly dropped: number;
  /** Octets the client sent: commands (literals included), DONE and `*`. */
  readonly sentBytes: number;
  /** Octets the server sent, streamed bodies included. */
  readonly receivedBytes: number;
}

export const DEFAULT_MAX_LINES = 5000;
export const DEFAULT_MAX_TEXT_BYTES = 1024 * 1024;

/** Octets the client wrote for `event` that no earlier event counted. */
function sentBytes(event: SessionEvent): number {
  if (event.type === "commandSent") return event.bytes;
  // A literal or SASL line is part of its command's `bytes`; DONE and `*` are written on their own.
  if (event.type === "continuationSent" && (event.kind === "done" || event.kind === "cancel")) {
    return event.bytes;
  }
  return 0;
}

/** Octets the server sent for `event`. */
function receivedBytes(event: SessionEvent): number {
  switch (event.type) {
    case "greetingReceived":
    case "continuationRequested":
    case "untaggedReceived":
    case "statusReceived":
    case "commandCompleted":
    case "responseRejected":
      return event.bytes;
    default:
      return 0;
  }
}

export class TraceRecorder {
  readonly #ring: Ring<RawLine>;
  readonly #maxTextBytes: number;
  readonly #rawOptions: RawOptions;
  #textBytes = 0;
  #lines = 0;
  #dropped = 0;
  #sentBytes = 0;
  #receivedBytes = 0;

  constructor(options: TraceRecorderOptions = {}) {
    this.#ring = new Ring(options.maxLines ?? DEFAULT_MAX_LINES);
    this.#maxTextBytes = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
    this.#rawOptions = options.maxLineOctets === undefined ? {} : { maxLineOctets: options.maxLineOctets };
  }

  /** Records `event`'s raw lines; returns them (empty for events not on the wire). */
  record(event: SessionEvent): readonly RawLine[] {
    this.#sentBytes += sentBytes(event);
    this.#receivedBytes += receivedBytes(event);
    const lines = rawLines(event, this.#rawOptions);
    for (const line of lines) this.#append(line);
    return lines;
  }

  #append(line: RawLine): void {
    this.#lines++;
    const dropped = this.#ring.push(line);
    this.#textBytes += line.text.length;
    if (dropped !== undefined) this.#forget(dropped);
    while (this.#textBytes > this.#maxTextBytes && this.#ring.size > 1) {
      this.#forget(this.#ring.shift() as RawLine);
    }
  }

  #forget(line: RawLine): void {
    this.#dropped++;
    this.#textBytes -= line.text.length;
  }

  /** Lines kept. */
  get size(): number {
    return this.#ring.size;
  }

  /** The number of the oldest line kept, counting every line recorded from 0 (a stable key). */
  get first(): number {
    return this.#dropped;
  }

  get counts(): TraceCounts {
    return {
      lines: this.#lines,
      dropped: this.#dropped,
      sentBytes: this.#sentBytes,
      receivedBytes: this.#receivedBytes,
    };
  }

  /** The lines kept, oldest first. */
  lines(): RawLine[] {
    return [...this.#ring];
  }

  /** The lines kept that belong to the command tagged `tag`, oldest first. */
  linesFor(tag: string): RawLine[] {
    return this.lines().filter((line) => line.tags.includes(tag));
  }

  /** Forgets every line and resets the counts. */
  clear(): void {
    this.#ring.clear();
    this.#textBytes = 0;
    this.#lines = 0;
    this.#dropped = 0;
    this.#sentBytes = 0;
    this.#receivedBytes = 0;
  }
}
