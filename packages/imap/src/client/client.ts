/**
 * A promise-based IMAP client over the sans-IO `Session` and a `Transport`.
 *
 * Theory of operation
 * -------------------
 * The client is the session's driver: it feeds the transport's bytes to `session.receive`, drains
 * the session's events, and writes what `session.takeOutgoing` gives — never more than the
 * high-water mark minus what the transport still buffers, continuing on `onDrain` (flow control,
 * PROTOCOL.md §1 rule 15). Time comes from the injected `now` and is passed to every session call.
 *
 * Commands are queued in the session at once but written on the next microtask, so every command
 * issued in one synchronous run goes out in one transport write, pipelined as far as the session's
 * rules allow. Each command's promise settles on its own tagged completion (correlated by tag,
 * never by order): OK resolves with the completion and the untagged data routed to it; NO/BAD
 * rejects with an `ImapCommandError`; a command that never completed (refused before it was sent,
 * or lost with the connection) rejects with the session's `ImapError`.
 *
 * Event listeners run synchronously while events are drained, before any promise continuation.
 * Streamed body chunks are views valid only during the callback that receives them.
 */

import { ImapError, ImapLocalError, ImapRemoteError } from "../errors.js";
import { hasCapability } from "../session/capabilities.js";
import type { ConnectionState } from "../session/connection-state.js";
import type {
  BodyChunkEvent,
  BodyEndedEvent,
  BodyStartedEvent,
  CommandCompletedEvent,
  GreetingReceivedEvent,
  SessionClosedEvent,
  SessionEvent,
  SessionEventType,
} from "../session/events.js";
import type { MailboxState } from "../session/mailbox-state.js";
import { Session, type SessionOptions } from "../session/session.js";
import { utf8Encode } from "../text/text.js";
import type {
  Command,
  CommandName,
  FetchAttribute,
  SearchKey,
  SearchReturnOption,
  SequenceSet,
  StatusItem,
  StoreOperation,
} from "../types/command.js";
import type {
  EsearchResponse,
  FetchResponse,
  IdResponse,
  MailboxStatus,
  NamespaceResponse,
} from "../types/response.js";
import { type Secret, secret } from "../types/secret.js";
import { ImapCommandError } from "./command-error.js";
import { type EventOf, Listeners, type Unsubscribe } from "./listeners.js";
import {
  type AppendUid,
  appendUid,
  type CommandResult,
  type CopyUid,
  copyUid,
  type ExpungeResult,
  esearchResult,
  expungeResult,
  type ListedMailbox,
  listResult,
  mergeFetches,
  type SearchResult,
  type StoreResult,
  searchResult,
  statusResult,
  storeResult,
} from "./results.js";
import { DEFAULT_HIGH_WATER_MARK, type Transport } from "./transport.js";

export interface ImapClientOptions {
  /** Options of the underlying session (tags, `maxInFlight`, decoder limits, ...). */
  readonly session?: SessionOptions;
  /** Clock for event timestamps, in milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** Most bytes left in the transport's write buffer. Default `DEFAULT_HIGH_WATER_MARK` (256 KiB). */
  readonly highWaterMark?: number;
}

/**
 * Receives a large `BODY[...]`/`BINARY[...]` literal of a FETCH as it arrives (literals above the
 * session's stream threshold, 64 KiB by default; smaller ones come materialised in the FETCH data).
 */
export interface BodySink {
  start?(event: BodyStartedEvent): void;
  /** `data` is a view valid only during this call: copy it to keep it. */
  chunk(data: Uint8Array, event: BodyChunkEvent): void;
  end?(event: BodyEndedEvent): void;
}

export interface CommandOptions {
  /** Streamed bodies of this command (a FETCH). */
  readonly onBody?: BodySink;
  /** Keep the untagged data routed to the command on its result. Default true (IDLE: false). */
  readonly collect?: boolean;
}

/** A command handed to the session: its tag at once, its completion later. */
export interface PendingCommand {
  readonly tag: string;
  readonly name: CommandName;
  readonly result: Promise<CommandResult>;
}

/** A running IDLE (RFC 2177). Watch `mailboxChanged`/`untaggedReceived` events meanwhile. */
export interface IdleHandle {
  readonly tag: string;
  /** Settles when the server's `+` arrived (the server is idling), or rejects if IDLE ended first. */
  readonly started: Promise<void>;
  /** The IDLE's completion. */
  readonly result: Promise<CommandResult>;
  /** Sends DONE (once the server is idling) and waits for the completion. */
  done(): Promise<CommandResult>;
}

export interface LoginOptions {
  /**
   * `auto` (default): AUTHENTICATE PLAIN when the server advertises `AUTH=PLAIN`, else LOGIN.
   */
  readonly mechanism?: "auto" | "PLAIN" | "LOGIN";
  /** SASL authorization identity for PLAIN. */
  readonly authzid?: string;
}

export interface SelectOptions {
  readonly condstore?: boolean;
  readonly qresync?: {
    readonly uidValidity: number;
    readonly modseq: bigint;
    readonly knownUids?: SequenceSet;
  };
}

export interface ListOptions {
  readonly selectOptions?: readonly string[];
  readonly specialUse?: boolean;
  readonly subscribed?: boolean;
  readonly children?: boolean;
  /** LIST-STATUS items (RFC 5819). */
  readonly status?: readonly StatusItem[];
}

/** UID forms are the default everywhere (DESIGN.md: UIDs everywhere); `uid: false` for sequence numbers. */
export interface UidOption {
  readonly uid?: boolean;
}

export interface FetchOptions extends UidOption {
  readonly changedSince?: bigint;
  readonly vanished?: boolean;
  readonly onBody?: BodySink;
}

export interface SearchOptions extends UidOption {
  readonly charset?: string;
}

export interface StoreOptions extends UidOption {
  readonly silent?: boolean;
  readonly unchangedSince?: bigint;
}

export interface AppendOptions {
  readonly flags?: readonly string[];
  readonly internalDate?: Date;
}

interface Waiter {
  readonly name: CommandName;
  readonly resolve: (result: CommandResult) => void;
  readonly reject: (error: Error) => void;
  readonly onBody: BodySink | null;
  /** IDLE: called when the server's `+` arrives. */
  onContinuation: (() => void) | null;
  copyUid: CopyUid | null;
  sinkError: unknown;
  /** Its `commandSent` event was seen (events are handled in order, after the session moved on). */
  sent: boolean;
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
  settled: boolean;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Rejections are for whoever awaits; an unobserved one is not an error of its own.
  promise.catch(() => {});
  const d: Deferred<T> = {
    promise,
    settled: false,
    resolve(value) {
      if (d.settled) return;
      d.settled = true;
      resolve(value);
    },
    reject(error) {
      if (d.settled) return;
      d.settled = true;
      reject(error);
    },
  };
  return d;
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

/**
 * Promise-based IMAP client.
 *
 * @example
 * const client = new ImapClient(await connectTcp({ host: "127.0.0.1", port: 143 }));
 * await client.connect();
 * await client.login("alice", "secret");
 * const inbox = await client.select("INBOX");
 * const [first, second] = await Promise.all([
 *   client.fetch("1:10", ["UID", "FLAGS", "ENVELOPE"]),   // both go out in one write
 *   client.status("Sent", ["MESSAGES"]),
 * ]);
 * await client.logout();
 */
export class ImapClient {
  readonly #session: Session;
  readonly #transport: Transport;
  readonly #now: () => number;
  readonly #highWaterMark: number;
  readonly #listeners = new Listeners();
  readonly #waiters = new Map<string, Waiter>();
  readonly #greeting = deferred<GreetingReceivedEvent>();
  readonly #sessionClosed = deferred<SessionClosedEvent>();
  readonly #transportClosed = deferred<void>();
  readonly #closed: Promise<SessionClosedEvent>;
  #draining = false;
  #flushing = false;
  #flushScheduled = false;
  #transportOpen = true;

  constructor(transport: Transport, options: ImapClientOptions = {}) {
    const highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    if (!(Number.isSafeInteger(highWaterMark) && highWaterMark > 0)) {
      throw new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", "highWaterMark must be a positive integer");
    }
    this.#highWaterMark = highWaterMark;
    this.#now = options.now ?? Date.now;
    this.#session = new Session(options.session ?? {});
    this.#transport = transport;
    this.#closed = Promise.all([this.#sessionClosed.promise, this.#transportClosed.promise]).then(([e]) => e);
    transport.onDrain = () => this.#flush();
    transport.onClose = (error) => this.#onTransportClosed(error);
    transport.onData = (bytes) => this.#onData(bytes);
  }

  // ---------------------------------------------------------------- state

  /** The sans-IO session underneath (read its state; send through the client). */
  get session(): Session {
    return this.#session;
  }

  get state(): ConnectionState {
    return this.#session.state;
  }

  /** Upper-cased capabilities, or null until known. */
  get capabilities(): ReadonlySet<string> | null {
    return this.#session.capabilities;
  }

  /** The selected mailbox as the session tracks it, or null. */
  get mailbox(): MailboxState | null {
    return this.#session.mailbox;
  }

  /** True once the session is over (LOGOUT, BYE, connection lost, `disconnect`). */
  get closed(): boolean {
    return this.#session.closed;
  }

  /** Resolves when the session is over and the transport has closed. */
  whenClosed(): Promise<SessionClosedEvent> {
    return this.#closed;
  }

  // ---------------------------------------------------------------- events

  /** Subscribes to one type of session event; returns the unsubscribe function. */
  on<T extends SessionEventType>(type: T, listener: (event: EventOf<T>) => void): Unsubscribe {
    return this.#listeners.on(type, listener);
  }

  /** Subscribes to every session event (a protocol log, a pipelining timeline). */
  onAny(listener: (event: SessionEvent) => void): Unsubscribe {
    return this.#listeners.onAny(listener);
  }

  /**
   * The next event of `type` that satisfies `predicate`, e.g. an `untaggedReceived` EXISTS during
   * IDLE. Rejects with the session's error if the session closes first.
   */
  next<T extends SessionEventType>(
    type: T,
    predicate: (event: EventOf<T>) => boolean = () => true,
  ): Promise<EventOf<T>> {
    return new Promise((resolve, reject) => {
      if (this.#session.closed && type !== "sessionClosed") {
        reject(new ImapLocalError("IMAP_ERR_CLOSED", "the session is closed"));
        return;
      }
      const offs: Unsubscribe[] = [];
      const finish = (): void => {
        for (const off of offs) off();
      };
      offs.push(
        this.#listeners.on(type, (event) => {
          if (!predicate(event)) return;
          finish();
          resolve(event);
        }),
      );
      if (type !== "sessionClosed") {
        offs.push(
          this.#listeners.on("sessionClosed", (event) => {
            finish();
            reject(
              event.error ?? new ImapLocalError("IMAP_ERR_CLOSED", `the session closed (${event.reason})`),
            );
          }),
        );
      }
    });
  }

  // ---------------------------------------------------------------- connection

  /**
   * Waits for the server's greeting. Rejects with IMAP_ERR_BYE when the server refuses the
   * connection, IMAP_ERR_NOT_IMAP when it does not speak IMAP, or the transport's error.
   */
  connect(): Promise<GreetingReceivedEvent> {
    return this.#greeting.promise;
  }

  /**
   * Logs in: AUTHENTICATE PLAIN when the server advertises it (SASL-IR when possible), else LOGIN.
   * Rejects with an `ImapCommandError` coded IMAP_ERR_AUTH_FAILED when the server refuses the
   * credentials. Capabilities are re-read afterwards by the session before anything else is sent.
   */
  async login(username: string, pass: string | Secret, options: LoginOptions = {}): Promise<CommandResult> {
    const password = secret(pass);
    await this.#greeting.promise;
    if (this.#session.capabilities === null) await this.capability();
    const caps = this.#session.capabilities;
    const mechanism = options.mechanism ?? "auto";
    const plain = mechanism === "PLAIN" || (mechanism === "auto" && hasCapability(caps, "AUTH=PLAIN"));
    if (!plain && hasCapability(caps, "LOGINDISABLED")) {
      throw new ImapLocalError("IMAP_ERR_NOT_SUPPORTED", "the server refuses LOGIN here (LOGINDISABLED)");
    }
    const command: Command = plain
      ? {
          name: "AUTHENTICATE",
          mechanism: "PLAIN",
          username,
          password,
          ...(options.authzid === undefined ? {} : { authzid: options.authzid }),
        }
      : { name: "LOGIN", username, password };
    return this.command(command);
  }

  /** LOGOUT, then waits until the connection is closed. */
  async logout(): Promise<void> {
    if (!this.#session.closed) {
      try {
        await this.command({ name: "LOGOUT" });
      } catch (error) {
        // The server may drop the connection instead of answering; the session is over either way.
        if (!(error instanceof ImapError) || !this.#session.closed) throw error;
      }
    }
    if (this.#transportOpen) this.#closeTransport();
    await this.#closed;
  }

  /** Ends the session at once (pending commands fail with IMAP_ERR_CLOSED) and closes the transport. */
  disconnect(): void {
    this.#session.close(this.#now());
    this.#drain();
    if (this.#transportOpen) this.#closeTransport();
  }

  // ---------------------------------------------------------------- commands

  /**
   * Queues a typed command and returns its tag and its completion promise. Throws `ImapLocalError`
   * synchronously when the session refuses it (bad state, invalid argument, queue full).
   */
  send(command: Command, options: CommandOptions = {}): PendingCommand {
    return this.#start(command, options).pending;
  }

  /** A typed command's completion; rejects on NO/BAD (`ImapCommandError`) and on local errors. */
  command(command: Command, options: CommandOptions = {}): Promise<CommandResult> {
    try {
      return this.send(command, options).result;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async capability(): Promise<string[]> {
    const result = await this.command({ name: "CAPABILITY" });
    const caps = this.#session.capabilities;
    if (caps !== null) return [...caps];
    for (const data of result.data) if (data.type === "capability") return [...data.capabilities];
    return [];
  }

  noop(): Promise<CommandResult> {
    return this.command({ name: "NOOP" });
  }

  /** ENABLE (RFC 5161); resolves with the extensions the server reported as enabled. */
  async enable(capabilities: readonly string[]): Promise<string[]> {
    const result = await this.command({ name: "ENABLE", capabilities });
    const out: string[] = [];
    for (const data of result.data) if (data.type === "enabled") out.push(...data.capabilities);
    return out;
  }

  /** ID (RFC 2971); resolves with the server's fields, or null for `* ID NIL`. */
  async id(params: Readonly<Record<string, string | null>> | null = null): Promise<IdResponse["params"]> {
    const result = await this.command({ name: "ID", params });
    for (const data of result.data) if (data.type === "id") return data.params;
    return null;
  }

  async namespace(): Promise<NamespaceResponse | null> {
    const result = await this.command({ name: "NAMESPACE" });
    for (const data of result.data) if (data.type === "namespace") return data;
    return null;
  }

  /** LIST; `patterns` may be one pattern or several (LIST-EXTENDED). */
  async list(
    reference: string,
    patterns: string | readonly string[],
    options: ListOptions = {},
  ): Promise<ListedMailbox[]> {
    const command: Command = {
      name: "LIST",
      reference,
      patterns: typeof patterns === "string" ? [patterns] : patterns,
      ...(options.selectOptions === undefined ? {} : { selectOptions: options.selectOptions }),
      ...(options.specialUse === undefined ? {} : { returnSpecialUse: options.specialUse }),
      ...(options.subscribed === undefined ? {} : { returnSubscribed: options.subscribed }),
      ...(options.children === undefined ? {} : { returnChildren: options.children }),
      ...(options.status === undefined ? {} : { returnStatus: options.status }),
    };
    return listResult(await this.command(command));
  }

  async status(mailbox: string, items: readonly StatusItem[]): Promise<MailboxStatus> {
    return statusResult(await this.command({ name: "STATUS", mailbox, items }));
  }

  /** SELECT; resolves with the mailbox state after the completion. */
  select(mailbox: string, options: SelectOptions = {}): Promise<MailboxState> {
    return this.#open("SELECT", mailbox, options);
  }

  /** EXAMINE (read-only SELECT). */
  examine(mailbox: string, options: SelectOptions = {}): Promise<MailboxState> {
    return this.#open("EXAMINE", mailbox, options);
  }

  create(mailbox: string, specialUse?: readonly string[]): Promise<CommandResult> {
    return this.command({ name: "CREATE", mailbox, ...(specialUse === undefined ? {} : { specialUse }) });
  }

  delete(mailbox: string): Promise<CommandResult> {
    return this.command({ name: "DELETE", mailbox });
  }

  rename(from: string, to: string): Promise<CommandResult> {
    return this.command({ name: "RENAME", from, to });
  }

  subscribe(mailbox: string): Promise<CommandResult> {
    return this.command({ name: "SUBSCRIBE", mailbox });
  }

  unsubscribe(mailbox: string): Promise<CommandResult> {
    return this.command({ name: "UNSUBSCRIBE", mailbox });
  }

  /** IMAP CLOSE: expunges `\Deleted` messages silently and leaves the selected state. */
  closeMailbox(): Promise<CommandResult> {
    return this.command({ name: "CLOSE" });
  }

  unselect(): Promise<CommandResult> {
    return this.command({ name: "UNSELECT" });
  }

  /**
   * FETCH (UID FETCH unless `uid: false`); resolves with one merged response per message. Bodies
   * above the stream threshold go to `onBody` as they arrive; their section's `data` is then null.
   */
  async fetch(
    set: SequenceSet,
    attributes: readonly FetchAttribute[],
    options: FetchOptions = {},
  ): Promise<FetchResponse[]> {
    const command: Command = {
      name: "FETCH",
      uid: options.uid ?? true,
      set,
      attributes,
      ...(options.changedSince === undefined ? {} : { changedSince: options.changedSince }),
      ...(options.vanished === undefined ? {} : { vanished: options.vanished }),
    };
    const result = await this.command(
      command,
      options.onBody === undefined ? {} : { onBody: options.onBody },
    );
    return mergeFetches(result.data);
  }

  /** SEARCH (UID SEARCH unless `uid: false`); resolves with the matching numbers. */
  async search(criteria: readonly SearchKey[], options: SearchOptions = {}): Promise<SearchResult> {
    const uid = options.uid ?? true;
    const command: Command = {
      name: "SEARCH",
      uid,
      criteria,
      ...(options.charset === undefined ? {} : { charset: options.charset }),
    };
    return searchResult(await this.command(command), uid);
  }

  /** SEARCH RETURN (...) (ESEARCH, RFC 4731): correlated by tag, so several may overlap. */
  async esearch(
    criteria: readonly SearchKey[],
    returns: readonly SearchReturnOption[],
    options: SearchOptions = {},
  ): Promise<EsearchResponse | null> {
    const command: Command = {
      name: "SEARCH",
      uid: options.uid ?? true,
      criteria,
      return: returns,
      ...(options.charset === undefined ? {} : { charset: options.charset }),
    };
    return esearchResult(await this.command(command));
  }

  /** STORE (UID STORE unless `uid: false`). */
  async store(
    set: SequenceSet,
    operation: StoreOperation,
    flags: readonly string[],
    options: StoreOptions = {},
  ): Promise<StoreResult> {
    const command: Command = {
      name: "STORE",
      uid: options.uid ?? true,
      set,
      operation,
      flags,
      ...(options.silent === undefined ? {} : { silent: options.silent }),
      ...(options.unchangedSince === undefined ? {} : { unchangedSince: options.unchangedSince }),
    };
    return storeResult(await this.command(command));
  }

  /** COPY (UID COPY unless `uid: false`); resolves with `[COPYUID]` when the server sent it. */
  async copy(set: SequenceSet, mailbox: string, options: UidOption = {}): Promise<CopyUid | null> {
    const result = await this.command({ name: "COPY", uid: options.uid ?? true, set, mailbox });
    return copyUid(result.code);
  }

  /** MOVE (RFC 6851; UID MOVE unless `uid: false`); resolves with the untagged `[COPYUID]` if any. */
  async move(set: SequenceSet, mailbox: string, options: UidOption = {}): Promise<CopyUid | null> {
    const { pending, waiter } = this.#start({ name: "MOVE", uid: options.uid ?? true, set, mailbox }, {});
    const result = await pending.result;
    return copyUid(result.code) ?? waiter.copyUid;
  }

  /** APPEND one message; resolves with `[APPENDUID]` when the server sent it (UIDPLUS). */
  async append(
    mailbox: string,
    message: Uint8Array | string,
    options: AppendOptions = {},
  ): Promise<AppendUid | null> {
    const data = typeof message === "string" ? utf8Encode(message) : message;
    const result = await this.command({
      name: "APPEND",
      mailbox,
      messages: [
        {
          data,
          ...(options.flags === undefined ? {} : { flags: options.flags }),
          ...(options.internalDate === undefined ? {} : { internalDate: options.internalDate }),
        },
      ],
    });
    return appendUid(result);
  }

  /** EXPUNGE, or UID EXPUNGE of `uids` (UIDPLUS). */
  async expunge(uids?: SequenceSet): Promise<ExpungeResult> {
    return expungeResult(await this.command({ name: "EXPUNGE", ...(uids === undefined ? {} : { uids }) }));
  }

  /**
   * Starts IDLE. Untagged data meanwhile (EXISTS, EXPUNGE, FETCH flags) arrives as events; call
   * `done()` before sending other commands that need the connection.
   */
  idle(): IdleHandle {
    const started = deferred<void>();
    const { pending } = this.#start({ name: "IDLE" }, { collect: false }, () => started.resolve());
    pending.result.then(
      () =>
        started.reject(new ImapRemoteError("IMAP_ERR_PROTOCOL", "IDLE completed before the server idled")),
      (error: Error) => started.reject(error),
    );
    return {
      tag: pending.tag,
      started: started.promise,
      result: pending.result,
      done: () => {
        if (!this.#session.closed) {
          try {
            this.#session.done(this.#now());
          } catch (error) {
            // The IDLE already ended: its result says how.
            if (!(error instanceof ImapError && error.code === "IMAP_ERR_BAD_STATE")) throw error;
          }
          this.#flush();
        }
        return pending.result;
      },
    };
  }

  // ================================================================ internals

  async #open(name: "SELECT" | "EXAMINE", mailbox: string, options: SelectOptions): Promise<MailboxState> {
    const result = await this.command({
      name,
      mailbox,
      ...(options.condstore === undefined ? {} : { condstore: options.condstore }),
      ...(options.qresync === undefined ? {} : { qresync: options.qresync }),
    });
    const state = result.mailbox ?? this.#session.mailbox;
    if (state === null)
      throw new ImapRemoteError("IMAP_ERR_PROTOCOL", `${name} completed without a mailbox`);
    return state;
  }

  #start(
    command: Command,
    options: CommandOptions,
    onContinuation: (() => void) | null = null,
  ): { pending: PendingCommand; waiter: Waiter } {
    const now = this.#now();
    const handle = this.#session.send(
      command,
      now,
      options.collect === undefined ? {} : { collect: options.collect },
    );
    const done = deferred<CommandResult>();
    const waiter: Waiter = {
      name: command.name,
      resolve: done.resolve,
      reject: done.reject,
      onBody: options.onBody ?? null,
      onContinuation,
      copyUid: null,
      sinkError: undefined,
      sent: false,
    };
    this.#waiters.set(handle.tag, waiter);
    this.#drain();
    this.#scheduleFlush();
    return { pending: { tag: handle.tag, name: handle.name, result: done.promise }, waiter };
  }

  #onData(bytes: Uint8Array): void {
    if (this.#session.closed) return;
    this.#session.receive(bytes, this.#now());
    this.#drain();
    this.#flush();
  }

  #onTransportClosed(error: Error | null): void {
    this.#transportOpen = false;
    this.#session.transportClosed(this.#now(), transportError(error));
    this.#drain();
    this.#transportClosed.resolve();
  }

  #closeTransport(): void {
    this.#transportOpen = false;
    this.#transport.close();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    void Promise.resolve().then(() => {
      this.#flushScheduled = false;
      this.#flush();
    });
  }

  /** Writes what the session has, within the high-water mark. */
  #flush(): void {
    if (this.#flushing || !this.#transportOpen) return;
    this.#flushing = true;
    try {
      for (;;) {
        const room = this.#highWaterMark - this.#transport.bufferedAmount;
        if (room <= 0) break;
        const bytes = this.#session.takeOutgoing(this.#now(), room);
        if (bytes === null) break;
        this.#transport.write(bytes);
      }
    } catch (error) {
      this.#flushing = false;
      this.#closeTransport();
      this.#onTransportClosed(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.#flushing = false;
    this.#drain();
  }

  /** Drains session events to the listeners and the waiting promises. */
  #drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    try {
      for (let event = this.#session.nextEvent(); event !== null; event = this.#session.nextEvent()) {
        this.#listeners.emit(event);
        this.#handle(event);
      }
    } finally {
      this.#draining = false;
    }
  }

  #handle(event: SessionEvent): void {
    switch (event.type) {
      case "greetingReceived":
        if (event.condition === "BYE") {
          this.#greeting.reject(
            new ImapRemoteError("IMAP_ERR_BYE", `the server refused the connection: ${event.text}`),
          );
        } else {
          this.#greeting.resolve(event);
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
        const waiter = this.#waiters.get(event.tag);
        if (waiter === undefined) return;
        this.#waiters.delete(event.tag);
        if (waiter.sinkError !== undefined) waiter.reject(asError(waiter.sinkError));
        else if (event.status === "OK") waiter.resolve(event);
        else waiter.reject(commandError(event));
        return;
      }
      case "commandFailed": {
        const waiter = this.#waiters.get(event.tag);
        if (waiter === undefined) return;
        this.#waiters.delete(event.tag);
        waiter.reject(event.error);
        return;
      }
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
        this.#greeting.reject(
          event.error ??
            new ImapLocalError("IMAP_ERR_CLOSED", `the session closed before the greeting (${event.reason})`),
        );
        this.#sessionClosed.resolve(event);
        if (this.#transportOpen) this.#closeTransport();
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

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
