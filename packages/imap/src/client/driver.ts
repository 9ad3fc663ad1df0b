/**
 * The session's driver: the feed loop between a `Transport` and the sans-IO `Session`, and the
 * bookkeeping that turns session events into settled promises.
 *
 * Theory of operation
 * -------------------
 * Bytes from the transport go to `session.receive`; the session's events are then drained to the
 * listeners (one by one, then as one batch) and to the waiting commands; and what
 * `session.takeOutgoing` gives is written — never more than the high-water mark minus what the
 * transport still buffers, continuing on `onDrain` (flow control, PROTOCOL.md §1 rule 15). Time
 * comes from the injected `now` and is passed to every session call.
 *
 * Commands are queued in the session at once but written on the next microtask, so every command
 * issued in one synchronous run goes out in one transport write, pipelined as far as the session's
 * rules allow. Each command's promise settles on its own tagged completion (correlated by tag,
 * never by order): OK resolves with the completion and the untagged data routed to it; NO/BAD
 * rejects with an `ImapCommandError`; a command that never completed (refused before it was sent,
 * cancelled, timed out, or lost with the connection) rejects with the session's `ImapError`.
 *
 * Event listeners run synchronously while events are drained, before any promise continuation.
 * Streamed body chunks are views valid only during the callback that receives them.
 */
import { ImapError, ImapLocalError, ImapRemoteError } from "../errors.js";
import type {
  BodyChunkEvent,
  BodyEndedEvent,
  BodyStartedEvent,
  CommandCompletedEvent,
  GreetingReceivedEvent,
  SessionClosedEvent,
  SessionEvent,
} from "../session/events.js";
import type { SendOptions } from "../session/options.js";
import { Session } from "../session/session.js";
import type { Command, CommandName } from "../types/command.js";
import { ImapCommandError } from "./command-error.js";
import { type Deferred, deferred } from "./deferred.js";
import { Listeners } from "./listeners.js";
import type { BodySink, CommandOptions, ImapClientOptions, PendingCommand } from "./options.js";
import { type CommandResult, type CopyUid, copyUid } from "./results.js";
import { globalTimers, type Timers } from "./timers.js";
import { DEFAULT_HIGH_WATER_MARK, type Transport } from "./transport.js";

/** What the driver keeps for a command until it settles. */
export interface Waiter {
  readonly name: CommandName;
  readonly done: Deferred<CommandResult>;
  readonly onBody: BodySink | null;
  /** IDLE: called when the server's `+` arrives. */
  readonly onContinuation: (() => void) | null;
  /** An untagged `[COPYUID]` attributed to this MOVE (RFC 6851 §3.3). */
  copyUid: CopyUid | null;
  sinkError: unknown;
  /** Its `commandSent` event was seen. */
  sent: boolean;
  /** Stops its timeout and abort listener. */
  release: () => void;
}

/** `CommandOptions` plus what the client's own methods add. */
export interface StartOptions extends CommandOptions {
  readonly prepare?: SendOptions["prepare"];
  readonly onContinuation?: () => void;
}

export class SessionDriver {
  readonly session: Session;
  readonly transport: Transport;
  readonly listeners = new Listeners();
  readonly now: () => number;
  readonly timers: Timers;
  readonly greeting = deferred<GreetingReceivedEvent>();
  readonly closed: Promise<SessionClosedEvent>;
  readonly #highWaterMark: number;
  readonly #defaultTimeoutMs: number | undefined;
  readonly #waiters = new Map<string, Waiter>();
  readonly #sessionClosed = deferred<SessionClosedEvent>();
  readonly #transportClosed = deferred<void>();
  #draining = false;
  #flushing = false;
  #flushScheduled = false;
  #transportOpen = true;

  constructor(transport: Transport, options: ImapClientOptions) {
    const highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    if (!(Number.isSafeInteger(highWaterMark) && highWaterMark > 0)) {
      throw new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", "highWaterMark must be a positive integer");
    }
    this.#highWaterMark = highWaterMark;
    this.#defaultTimeoutMs = options.commandTimeoutMs;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? globalTimers();
    this.session = new Session(options.session ?? {});
    this.transport = transport;
    this.closed = Promise.all([this.#sessionClosed.promise, this.#transportClosed.promise]).then(([e]) => e);
    transport.onDrain = () => this.flush();
    transport.onClose = (error) => this.#onTransportClosed(error);
    transport.onData = (bytes) => this.#onData(bytes);
  }

  get transportOpen(): boolean {
    return this.#transportOpen;
  }

  /**
   * Queues `command` in the session and returns its tag and completion. Throws `ImapLocalError`
   * synchronously when the session refuses it (bad state, invalid argument, queue full).
   */
  start(command: Command, options: StartOptions = {}): { pending: PendingCommand; waiter: Waiter } {
    const signal = options.signal;
    if (signal?.aborted === true) throw cancelled(signal.reason);
    const handle = this.session.send(command, this.now(), {
      ...(options.collect === undefined ? {} : { collect: options.collect }),
      ...(options.prepare === undefined ? {} : { prepare: options.prepare }),
    });
    const tag = handle.tag;
    let timer: unknown = null;
    const onAbort = (): void => this.cancel(tag, cancelled(signal?.reason));
    const waiter: Waiter = {
      name: command.name,
      done: deferred<CommandResult>(),
      onBody: options.onBody ?? null,
      onContinuation: options.onContinuation ?? null,
      copyUid: null,
      sinkError: undefined,
      sent: false,
      release: () => {
        if (timer !== null) this.timers.clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      },
    };
    this.#waiters.set(tag, waiter);
    const timeoutMs = options.timeoutMs ?? (command.name === "IDLE" ? undefined : this.#defaultTimeoutMs);
    if (timeoutMs !== undefined) {
      timer = this.timers.setTimeout(() => {
        timer = null;
        this.cancel(
          tag,
          new ImapRemoteError("IMAP_ERR_TIMEOUT", `${command.name} had no reply within ${timeoutMs} ms`),
        );
      }, timeoutMs);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    this.drain();
    this.#scheduleFlush();
    return { pending: { tag, name: handle.name, result: waiter.done.promise }, waiter };
  }

  /** Withdraws a command (see `Session.cancel`); its promise rejects with `error`. */
  cancel(tag: string, error: ImapError): void {
    if (this.session.closed) return;
    this.session.cancel(tag, this.now(), error);
    this.drain();
    this.flush();
  }

  /** Ends the session at once (pending commands fail with IMAP_ERR_CLOSED) and closes the transport. */
  disconnect(): void {
    this.session.close(this.now());
    this.drain();
    if (this.#transportOpen) this.closeTransport();
  }

  closeTransport(): void {
    this.#transportOpen = false;
    this.transport.close();
  }

  /** Writes what the session has, within the high-water mark. */
  flush(): void {
    if (this.#flushing || !this.#transportOpen) return;
    this.#flushing = true;
    try {
      for (;;) {
        const room = this.#highWaterMark - this.transport.bufferedAmount;
        if (room <= 0) break;
        const bytes = this.session.takeOutgoing(this.now(), room);
        if (bytes === null) break;
        this.transport.write(bytes);
      }
    } catch (error) {
      this.#flushing = false;
      this.closeTransport();
      this.#onTransportClosed(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.#flushing = false;
    this.drain();
  }

  /** Drains session events to the listeners and the waiting promises. */
  drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    const batch: SessionEvent[] | null = this.listeners.wantsBatches ? [] : null;
    try {
      for (let event = this.session.nextEvent(); event !== null; event = this.session.nextEvent()) {
        this.listeners.emit(event);
        this.#handle(event);
        batch?.push(event);
      }
    } finally {
      this.#draining = false;
    }
    if (batch !== null && batch.length > 0) this.listeners.emitBatch(batch);
  }

  #onData(bytes: Uint8Array): void {
    if (this.session.closed) return;
    this.session.receive(bytes, this.now());
    this.drain();
    this.flush();
  }

  #onTransportClosed(error: Error | null): void {
    this.#transportOpen = false;
    this.session.transportClosed(this.now(), transportError(error));
    this.drain();
    this.#transportClosed.resolve();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    void Promise.resolve().then(() => {
      this.#flushScheduled = false;
      this.flush();
    });
  }

  #settle(tag: string): Waiter | undefined {
    const waiter = this.#waiters.get(tag);
    if (waiter === undefined) return undefined;
    this.#waiters.delete(tag);
    waiter.release();
    return waiter;
  }

  #handle(event: SessionEvent): void {
    switch (event.type) {
      case "greetingReceived":
        if (event.condition === "BYE") {
          this.greeting.reject(
            new ImapRemoteError("IMAP_ERR_BYE", `the server refused the connection: ${event.text}`),
          );
        } else {
          this.greeting.resolve(event);
        }
        return;
      case "commandSent": {
        const waiter = this.#waiters.get(event.tag);
        if (waiter !== undefined) waiter.sent = true;
        return;
      }
      case "continuationRequested":
        this.#waiters.get(event.tag)?.onContinuation?.();
        return;
      case "commandCompleted": {
        const waiter = this.#settle(event.tag);
        if (waiter === undefined) return;
        if (waiter.sinkError !== undefined) waiter.done.reject(asError(waiter.sinkError));
        else if (event.status === "OK") waiter.done.resolve(event);
        else waiter.done.reject(commandError(event));
        return;
      }
      case "commandFailed":
        this.#settle(event.tag)?.done.reject(event.error);
        return;
      case "bodyStarted":
      case "bodyChunk":
      case "bodyEnded":
        this.#toSink(event);
        return;
      case "statusReceived": {
        const copied = copyUid(event.status.code);
        if (copied !== null) this.#attributeCopyUid(copied);
        return;
      }
      case "sessionClosed":
        this.greeting.reject(
          event.error ??
            new ImapLocalError("IMAP_ERR_CLOSED", `the session closed before the greeting (${event.reason})`),
        );
        this.#sessionClosed.resolve(event);
        if (this.#transportOpen) this.closeTransport();
        return;
      default:
        return;
    }
  }

  #toSink(event: BodyStartedEvent | BodyChunkEvent | BodyEndedEvent): void {
    if (event.tag === null) return;
    const waiter = this.#waiters.get(event.tag);
    const sink = waiter?.onBody;
    if (waiter === undefined || sink === undefined || sink === null || waiter.sinkError !== undefined) return;
    try {
      if (event.type === "bodyStarted") sink.start?.(event);
      else if (event.type === "bodyChunk") sink.chunk(event.data, event);
      else sink.end?.(event);
    } catch (error) {
      // The command still runs to its completion; it then rejects with this error.
      waiter.sinkError = error ?? new Error("body sink failed");
    }
  }

  /** An untagged `[COPYUID]` belongs to the MOVE in flight (RFC 6851 §3.3) when there is exactly one. */
  #attributeCopyUid(copied: CopyUid): void {
    let move: Waiter | null = null;
    for (const waiter of this.#waiters.values()) {
      if (waiter.name !== "MOVE" || !waiter.sent) continue;
      if (move !== null) return;
      move = waiter;
    }
    if (move !== null) move.copyUid = copied;
  }
}

function cancelled(reason: unknown): ImapLocalError {
  const error = new ImapLocalError("IMAP_ERR_CANCELLED", "the command was cancelled");
  if (reason !== undefined) error.cause = reason;
  return error;
}

function commandError(event: CommandCompletedEvent): ImapCommandError {
  const status = event.status === "NO" ? "NO" : "BAD";
  const login = event.name === "LOGIN" || event.name === "AUTHENTICATE";
  const code =
    login && status === "NO" ? "IMAP_ERR_AUTH_FAILED" : status === "NO" ? "IMAP_ERR_NO" : "IMAP_ERR_BAD";
  return new ImapCommandError(code, {
    tag: event.tag,
    command: event.name,
    status,
    responseCode: event.code,
    text: event.text,
    data: event.data,
  });
}

function transportError(error: Error | null): ImapError | undefined {
  if (error === null) return undefined;
  if (error instanceof ImapError) return error;
  const wrapped = new ImapRemoteError("IMAP_ERR_TRANSPORT", error.message);
  wrapped.cause = error;
  return wrapped;
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
