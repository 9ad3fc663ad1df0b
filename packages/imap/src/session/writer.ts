/**
 * The session's writer: the bytes of the one command being written, and of the control lines the
 * session writes on its own for a command in flight (IDLE's `DONE`, the `*` that cancels a SASL
 * exchange).
 *
 * A command is written fragment by fragment (`Fragment`): a fragment that waits for a continuation
 * is held until `grant` (the server's `+`), and nothing behind it may start meanwhile (PROTOCOL.md
 * §1 rule 3). A control line goes out before anything else. Nothing is written that the driver did
 * not ask for: `take` fills at most `maxBytes`, and asks `dispatch` for the next command only when
 * the current one is fully written.
 */
import { encodeDone } from "../codec/encoder/index.js";
import type { Entry } from "./entry.js";
import type { ContinuationSentEvent } from "./events.js";

const CANCEL = new Uint8Array([0x2a, 0x0d, 0x0a]);

interface ControlWrite {
  readonly entry: Entry;
  readonly kind: "done" | "cancel";
  readonly bytes: Uint8Array;
  offset: number;
}

/** What the writer tells the session. */
export interface WriterHost {
  /** Moves the next queued command into the writer (via `begin`); false when none may go now. */
  dispatch(now: number): boolean;
  continuationSent(event: ContinuationSentEvent): void;
  /** DONE was fully written for this IDLE. */
  doneWritten(entry: Entry): void;
}

export class Writer {
  #writing: Entry | null = null;
  #control: ControlWrite | null = null;
  readonly #host: WriterHost;

  constructor(host: WriterHost) {
    this.#host = host;
  }

  /** A command or control line is being written: no other command may start (rule 3). */
  get busy(): boolean {
    return this.#writing !== null || this.#control !== null;
  }

  /** Whether `take` would produce bytes without dispatching a new command. */
  get hasPending(): boolean {
    if (this.#control !== null) return true;
    return this.#writing !== null && writableNow(this.#writing);
  }

  begin(entry: Entry): void {
    this.#writing = entry;
  }

  /** The command whose next fragment waits for the server's `+`, if any. */
  awaitingGrant(): Entry | null {
    const w = this.#writing;
    if (w === null || w.fragmentIndex === 0 || w.fragmentOffset !== 0 || w.granted) return null;
    return w.encoded.fragments[w.fragmentIndex]?.waitForContinuation === true ? w : null;
  }

  grant(entry: Entry): void {
    entry.granted = true;
  }

  /** Queues IDLE's DONE (once). */
  scheduleDone(entry: Entry): void {
    if (entry.idle === null || entry.idle.doneWritten || this.#control !== null) return;
    this.#control = { entry, kind: "done", bytes: encodeDone(), offset: 0 };
  }

  /** Queues `*`, cancelling the SASL exchange of `entry` (RFC 3501 §6.2.2). */
  scheduleCancel(entry: Entry): void {
    if (this.#control === null) this.#control = { entry, kind: "cancel", bytes: CANCEL.slice(), offset: 0 };
  }

  get controlPending(): boolean {
    return this.#control !== null;
  }

  /** `entry` is over: drop what remains of it. */
  release(entry: Entry): void {
    if (this.#writing === entry) this.#writing = null;
    if (this.#control?.entry === entry) this.#control = null;
  }

  clear(): void {
    this.#writing = null;
    this.#control = null;
  }

  /** Up to `maxBytes` to write now, or null. Several pipelined commands come back in one array. */
  take(now: number, maxBytes: number): Uint8Array | null {
    const chunks: Uint8Array[] = [];
    let total = 0;
    while (total < maxBytes) {
      const room = maxBytes - total;
      const control = this.#control;
      if (control !== null) {
        total += this.#takeControl(control, room, chunks, now);
        continue;
      }
      const writing = this.#writing;
      if (writing === null) {
        if (!this.#host.dispatch(now)) break;
        continue;
      }
      if (!writableNow(writing)) break;
      total += this.#takeFragment(writing, room, chunks, now);
    }
    return concat(chunks, total);
  }

  #takeControl(control: ControlWrite, room: number, chunks: Uint8Array[], now: number): number {
    const n = Math.min(control.bytes.length - control.offset, room);
    chunks.push(control.bytes.subarray(control.offset, control.offset + n));
    control.offset += n;
    if (control.offset === control.bytes.length) {
      this.#control = null;
      const entry = control.entry;
      if (control.kind === "done" && entry.idle !== null) {
        entry.idle.doneWritten = true;
        this.#host.doneWritten(entry);
      }
      this.#host.continuationSent({
        type: "continuationSent",
        tag: entry.tag,
        name: entry.command.name,
        kind: control.kind,
        bytes: control.bytes.length,
        at: now,
      });
    }
    return n;
  }

  #takeFragment(writing: Entry, room: number, chunks: Uint8Array[], now: number): number {
    const fragment = writing.encoded.fragments[writing.fragmentIndex];
    if (fragment === undefined) {
      this.#finish(writing);
      return 0;
    }
    const n = Math.min(fragment.bytes.length - writing.fragmentOffset, room);
    if (n > 0) chunks.push(fragment.bytes.subarray(writing.fragmentOffset, writing.fragmentOffset + n));
    writing.fragmentOffset += n;
    if (writing.fragmentOffset === fragment.bytes.length) {
      if (fragment.waitForContinuation) {
        this.#host.continuationSent({
          type: "continuationSent",
          tag: writing.tag,
          name: writing.command.name,
          kind: fragment.kind === "literal" ? "literal" : "line",
          bytes: fragment.bytes.length,
          at: now,
        });
      }
      writing.fragmentIndex += 1;
      writing.fragmentOffset = 0;
      writing.granted = false;
      if (writing.fragmentIndex === writing.encoded.fragments.length) this.#finish(writing);
    }
    return n;
  }

  #finish(entry: Entry): void {
    entry.written = true;
    if (this.#writing === entry) this.#writing = null;
  }
}

/** Whether the next bytes of `entry` may be written now. */
function writableNow(entry: Entry): boolean {
  const fragment = entry.encoded.fragments[entry.fragmentIndex];
  if (fragment === undefined) return true;
  return entry.fragmentOffset > 0 || !fragment.waitForContinuation || entry.granted;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array | null {
  if (chunks.length === 0) return null;
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
