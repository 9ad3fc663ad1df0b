/**
 * Push for one mailbox: the second connection of DESIGN.md, kept in IDLE (RFC 2177) on the open
 * folder, delivering EXISTS, EXPUNGE, VANISHED and FETCH flag changes as they arrive.
 *
 * Theory of operation
 * -------------------
 * `watch(mailbox)` opens the mailbox (EXAMINE by default) and enters IDLE once the connection is
 * quiet. The connection stays usable: a command sent through the client meanwhile makes the session
 * end the IDLE with DONE before it goes out, and the loop enters IDLE again once nothing has been
 * queued or in flight for `resumeAfterMs`. IDLE is re-issued every `restartMs`, under RFC 2177's 29
 * minutes and under the gateway's idle limit (`IDLE_TIMEOUT_MS`, 35 minutes by default), so
 * neither the server nor a proxy drops a quiet connection. Without IDLE (neither `IDLE` nor
 * `IMAP4rev2` offered, or the server refuses it) the loop polls with NOOP every `pollMs`.
 *
 * Updates are delivered per received chunk, as the client's batches: only mailbox data that no
 * caller's command asked for (what IDLE, the loop's NOOPs, or the server on its own sent).
 */
import { ImapError, ImapRemoteError } from "../errors.js";
import { MAILBOX_UPDATES } from "../session/command-traits.js";
import type { MailboxState } from "../session/mailbox-state.js";
import type { Command } from "../types/command.js";
import type { UntaggedData } from "../types/response.js";
import type { ImapClient } from "./client.js";
import type { Unsubscribe } from "./listeners.js";
import type { IdleHandle } from "./options.js";
import type { CommandResult } from "./results.js";
import { globalTimers, type Timers } from "./timers.js";

/** Re-issue IDLE after 25 minutes by default. */
export const DEFAULT_IDLE_RESTART_MS = 25 * 60_000;
/** Poll with NOOP every 30 s by default when the server has no IDLE. */
export const DEFAULT_POLL_MS = 30_000;
/** Resume IDLE 100 ms after the caller's last command by default. */
export const DEFAULT_RESUME_AFTER_MS = 100;

export interface IdleLoopOptions {
  /** Open the mailbox with EXAMINE (default) rather than SELECT. */
  readonly readOnly?: boolean;
  readonly restartMs?: number;
  readonly pollMs?: number;
  readonly resumeAfterMs?: number;
  readonly timers?: Timers;
}

/** What the loop is doing. */
export type IdleMode = "stopped" | "opening" | "waiting" | "idling" | "polling";

/** Untagged data that describes the watched mailbox. */
const UPDATE_TYPES: ReadonlySet<UntaggedData["type"]> = new Set(MAILBOX_UPDATES);

export class IdleLoop {
  readonly #client: ImapClient;
  readonly #timers: Timers;
  readonly #readOnly: boolean;
  readonly #restartMs: number;
  readonly #pollMs: number;
  readonly #resumeAfterMs: number;
  readonly #updateListeners = new Set<(updates: readonly UntaggedData[]) => void>();
  readonly #errorListeners = new Set<(error: ImapError) => void>();
  /** Tags of the loop's own commands (EXAMINE, IDLE, NOOP). */
  readonly #own = new Set<string>();
  readonly #offs: Unsubscribe[] = [];
  /** Updates of the batch being delivered. */
  #pending: UntaggedData[] = [];
  #mode: IdleMode = "stopped";
  #mailbox: string | null = null;
  #idle: IdleHandle | null = null;
  #polling = false;
  /** The server refused IDLE once: poll from then on. */
  #idleRefused = false;
  #timer: unknown = null;
  /** Bumped by `watch` and `stop`: work of an earlier generation is dropped. */
  #generation = 0;

  constructor(client: ImapClient, options: IdleLoopOptions = {}) {
    this.#client = client;
    this.#timers = options.timers ?? globalTimers();
    this.#readOnly = options.readOnly ?? true;
    this.#restartMs = options.restartMs ?? DEFAULT_IDLE_RESTART_MS;
    this.#pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.#resumeAfterMs = options.resumeAfterMs ?? DEFAULT_RESUME_AFTER_MS;
  }

  get mode(): IdleMode {
    return this.#mode;
  }

  /** The watched mailbox, or null when stopped. */
  get mailbox(): string | null {
    return this.#mailbox;
  }

  /** Mailbox updates, one call per received chunk. */
  onUpdates(listener: (updates: readonly UntaggedData[]) => void): Unsubscribe {
    this.#updateListeners.add(listener);
    return () => this.#updateListeners.delete(listener);
  }

  /** The connection ended while the loop ran (the app reconnects); the loop has stopped. */
  onError(listener: (error: ImapError) => void): Unsubscribe {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  /** Opens `mailbox` and keeps IDLE (or NOOP polling) on it; resolves with its state once open. */
  async watch(mailbox: string): Promise<MailboxState> {
    const generation = ++this.#generation;
    this.#clearTimer();
    if (this.#offs.length === 0) this.#subscribe();
    this.#mailbox = mailbox;
    this.#mode = "opening";
    const open = this.#send({ name: this.#readOnly ? "EXAMINE" : "SELECT", mailbox });
    const result = await open;
    const state = result.mailbox ?? this.#client.mailbox;
    if (state === null || state === undefined) {
      throw new ImapRemoteError("IMAP_ERR_PROTOCOL", `${mailbox} opened without a mailbox state`);
    }
    if (generation === this.#generation) this.#whenQuiet();
    return state;
  }

  /** Ends IDLE (DONE) and polling; the mailbox stays open. */
  async stop(): Promise<void> {
    this.#generation++;
    this.#mode = "stopped";
    this.#mailbox = null;
    this.#clearTimer();
    for (const off of this.#offs.splice(0)) off();
    const idle = this.#idle;
    this.#idle = null;
    if (idle !== null && !this.#client.closed) await idle.done().catch(() => undefined);
  }

  // ---------------------------------------------------------------- internals

  #subscribe(): void {
    const client = this.#client;
    this.#offs.push(
      // Judged as each response arrives (the loop's tags are still known then), delivered per batch.
      client.on("untaggedReceived", (event) => {
        if (!UPDATE_TYPES.has(event.data.type)) return;
        if (event.tags.every((tag) => this.#own.has(tag))) this.#pending.push(event.data);
      }),
      client.onBatch(() => {
        if (this.#pending.length === 0) return;
        const updates = this.#pending;
        this.#pending = [];
        for (const listener of [...this.#updateListeners]) listener(updates);
      }),
      client.on("commandQueued", (event) => {
        if (!this.#own.has(event.tag)) this.#clearTimer();
      }),
      client.on("commandCompleted", (event) => this.#ended(event.tag)),
      client.on("commandFailed", (event) => this.#ended(event.tag)),
      client.on("sessionClosed", (event) => {
        const running = this.#mode !== "stopped";
        void this.stop();
        if (running && event.error !== null)
          for (const listener of [...this.#errorListeners]) listener(event.error);
      }),
    );
  }

  /** Sends one of the loop's own commands. */
  #send(command: Command): Promise<CommandResult> {
    const pending = this.#client.send(command);
    this.#own.add(pending.tag);
    return pending.result;
  }

  #ended(tag: string): void {
    this.#own.delete(tag);
    if (this.#mode === "waiting" || this.#mode === "idling" || this.#mode === "polling") this.#whenQuiet();
  }

  /** Enters IDLE (or the next poll) once nothing is queued or in flight for `resumeAfterMs`. */
  #whenQuiet(): void {
    if (this.#mode === "stopped" || this.#idle !== null || this.#polling) return;
    const session = this.#client.session;
    if (session.inFlightCount > 0 || session.queuedCount > 0) {
      this.#mode = "waiting";
      return;
    }
    this.#mode = "waiting";
    const generation = this.#generation;
    this.#setTimer(this.#resumeAfterMs, () => {
      if (generation === this.#generation) this.#resume();
    });
  }

  #supportsIdle(): boolean {
    const caps = this.#client.capabilities;
    return caps !== null && (caps.has("IDLE") || caps.has("IMAP4REV2"));
  }

  #resume(): void {
    const session = this.#client.session;
    if (this.#client.closed || session.inFlightCount > 0 || session.queuedCount > 0) return;
    if (this.#supportsIdle() && !this.#idleRefused) this.#startIdle();
    else this.#schedulePoll();
  }

  #startIdle(): void {
    const generation = this.#generation;
    const idle = this.#client.idle();
    this.#idle = idle;
    this.#own.add(idle.tag);
    this.#mode = "idling";
    this.#setTimer(this.#restartMs, () => {
      if (this.#idle === idle) void idle.done().catch(() => undefined);
    });
    idle.result.then(
      () => this.#idleEnded(idle, generation, false),
      (error: unknown) => this.#idleEnded(idle, generation, isRefusal(error)),
    );
  }

  #idleEnded(idle: IdleHandle, generation: number, refused: boolean): void {
    if (this.#idle === idle) this.#idle = null;
    if (generation !== this.#generation || this.#client.closed) return;
    this.#clearTimer();
    if (refused) this.#idleRefused = true;
    this.#mode = "waiting";
    this.#whenQuiet();
  }

  #schedulePoll(): void {
    this.#mode = "polling";
    const generation = this.#generation;
    this.#setTimer(this.#pollMs, () => {
      if (generation !== this.#generation || this.#client.closed) return;
      const session = this.#client.session;
      if (session.inFlightCount > 0 || session.queuedCount > 0) {
        this.#schedulePoll();
        return;
      }
      this.#polling = true;
      this.#send({ name: "NOOP" })
        .catch(() => undefined)
        .then(() => {
          this.#polling = false;
          if (generation === this.#generation && !this.#client.closed) this.#schedulePoll();
        });
    });
  }

  #setTimer(ms: number, callback: () => void): void {
    this.#clearTimer();
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      callback();
    }, ms);
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/** The server refused IDLE itself (NO/BAD) or the session did (not offered): poll instead. */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof ImapError &&
    (error.code === "IMAP_ERR_NO" || error.code === "IMAP_ERR_BAD" || error.code === "IMAP_ERR_NOT_SUPPORTED")
  );
}
