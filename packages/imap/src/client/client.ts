/**
 * A promise-based IMAP client over the sans-IO `Session` and a `Transport`: one typed method per
 * command, each returning its parsed result. The feed loop and the promise bookkeeping are the
 * driver's (`driver.ts`); this file only says what each command sends and what its result is.
 *
 * Every method queues its command synchronously, so commands keep the order of the calls and those
 * issued in one run go out pipelined in one write. Every method takes `signal` and `timeoutMs`.
 * Methods that need a capability either fall back (MOVE without MOVE: COPY, STORE `\Deleted`, UID
 * EXPUNGE) or are refused by the session with IMAP_ERR_NOT_SUPPORTED before anything is sent.
 */
import { ImapError, ImapLocalError, ImapRemoteError } from "../errors.js";
import type { ConnectionState } from "../session/connection-state.js";
import type {
  GreetingReceivedEvent,
  SessionClosedEvent,
  SessionEvent,
  SessionEventType,
} from "../session/events.js";
import type { MailboxState } from "../session/mailbox-state.js";
import type { Session } from "../session/session.js";
import { utf8Encode } from "../text/text.js";
import type {
  Command,
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
import { deferred } from "./deferred.js";
import { SessionDriver } from "./driver.js";
import type { EventOf, Unsubscribe } from "./listeners.js";
import { chooseLogin } from "./login.js";
import { moveByCopy, supportsMove } from "./move-fallback.js";
import type {
  AppendOptions,
  CallOptions,
  CommandOptions,
  FetchOptions,
  IdleHandle,
  ImapClientOptions,
  ListOptions,
  LoginOptions,
  PendingCommand,
  PlainSearchOptions,
  SearchOptions,
  SelectOptions,
  StoreOptions,
  UidOption,
} from "./options.js";
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
import type { Transport } from "./transport.js";

/** Only the call options of `options`, for passing on. */
function call(options: CallOptions): CallOptions {
  return {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
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
  readonly #driver: SessionDriver;

  constructor(transport: Transport, options: ImapClientOptions = {}) {
    this.#driver = new SessionDriver(transport, options);
  }

  // ---------------------------------------------------------------- state

  /** The sans-IO session underneath (read its state; send through the client). */
  get session(): Session {
    return this.#driver.session;
  }

  get state(): ConnectionState {
    return this.session.state;
  }

  /**
   * Upper-cased capabilities, or null while they are unknown: before the server announced them,
   * and between a login or STARTTLS and the re-read (`whenCapabilities` waits for them).
   */
  get capabilities(): ReadonlySet<string> | null {
    return this.session.capabilitiesStale ? null : this.session.capabilities;
  }

  /** The selected mailbox as the session tracks it, or null. */
  get mailbox(): MailboxState | null {
    return this.session.mailbox;
  }

  /** True once the session is over (LOGOUT, BYE, connection lost, `disconnect`). */
  get closed(): boolean {
    return this.session.closed;
  }

  /** Resolves when the session is over and the transport has closed. */
  whenClosed(): Promise<SessionClosedEvent> {
    return this.#driver.closed;
  }

  /**
   * The capabilities once known and current; asks the server (CAPABILITY) when nobody has.
   * Rejects if the session closes first.
   */
  async whenCapabilities(): Promise<ReadonlySet<string>> {
    for (;;) {
      const caps = this.capabilities;
      if (caps !== null) return caps;
      if (this.closed) throw new ImapLocalError("IMAP_ERR_CLOSED", "the session is closed");
      const waiting = () => this.session.capabilitiesRefreshing || this.session.awaitingTls;
      if (this.session.state === "awaitingGreeting") await this.connect();
      else if (waiting()) await this.#until(() => this.capabilities !== null || !waiting());
      else await this.capability();
    }
  }

  /** Resolves after the event upon which `condition` holds; rejects if the session closes first. */
  #until(condition: () => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const off = this.onAny((event) => {
        if (condition()) {
          off();
          resolve();
        } else if (event.type === "sessionClosed") {
          off();
          reject(
            event.error ?? new ImapLocalError("IMAP_ERR_CLOSED", `the session closed (${event.reason})`),
          );
        }
      });
    });
  }

  // ---------------------------------------------------------------- events

  /** Subscribes to one type of session event; returns the unsubscribe function. */
  on<T extends SessionEventType>(type: T, listener: (event: EventOf<T>) => void): Unsubscribe {
    return this.#driver.listeners.on(type, listener);
  }

  /** Subscribes to every session event (a protocol log, a pipelining timeline). */
  onAny(listener: (event: SessionEvent) => void): Unsubscribe {
    return this.#driver.listeners.onAny(listener);
  }

  /**
   * Subscribes to batches: all events one received chunk (or one call) produced, in order, after
   * each was delivered to `on`/`onAny`. Apply a batch as one store update.
   */
  onBatch(listener: (events: readonly SessionEvent[]) => void): Unsubscribe {
    return this.#driver.listeners.onBatch(listener);
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
      if (this.session.closed && type !== "sessionClosed") {
        reject(new ImapLocalError("IMAP_ERR_CLOSED", "the session is closed"));
        return;
      }
      const listeners = this.#driver.listeners;
      const offs: Unsubscribe[] = [];
      const finish = (): void => {
        for (const off of offs) off();
      };
      offs.push(
        listeners.on(type, (event) => {
          if (!predicate(event)) return;
          finish();
          resolve(event);
        }),
      );
      if (type !== "sessionClosed") {
        offs.push(
          listeners.on("sessionClosed", (event) => {
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
    return this.#driver.greeting.promise;
  }

  /**
   * STARTTLS (RFC 3501 §6.2.1) on a transport that can upgrade in place (`Transport.startTls`):
   * sends STARTTLS, upgrades on its OK, then re-reads the capabilities over TLS before anything
   * else is sent. Bytes the server sends between the OK and the handshake close the session
   * (IMAP_ERR_TLS). A failed handshake closes the connection with IMAP_ERR_TLS.
   */
  async startTls(options: CallOptions = {}): Promise<ReadonlySet<string>> {
    const transport = this.#driver.transport;
    if (transport.startTls === undefined) {
      throw new ImapLocalError("IMAP_ERR_NOT_SUPPORTED", "this transport cannot start TLS");
    }
    await this.command({ name: "STARTTLS" }, options);
    if (this.session.closed) {
      // Plaintext followed the OK in the same read: the session refused to go on (IMAP_ERR_TLS).
      const closed = await this.#driver.closed;
      throw closed.error ?? new ImapRemoteError("IMAP_ERR_TLS", "the session closed after STARTTLS");
    }
    try {
      await transport.startTls();
    } catch (error) {
      const failure =
        error instanceof ImapError
          ? error
          : new ImapRemoteError("IMAP_ERR_TLS", `TLS failed: ${String(error)}`);
      if (failure.cause === undefined) failure.cause = error;
      this.disconnect();
      throw failure;
    }
    if (this.session.closed)
      throw new ImapRemoteError("IMAP_ERR_TLS", "the session closed during the TLS handshake");
    this.session.tlsEstablished(this.#driver.now());
    this.#driver.drain();
    this.#driver.flush();
    return this.whenCapabilities();
  }

  /**
   * Logs in: AUTHENTICATE PLAIN when the server advertises it (SASL-IR when possible), else LOGIN.
   * Queued at once — commands issued after it go after it — and chosen when the capabilities are
   * known (the session asks for them first when the greeting had none). LOGIN where the server
   * says LOGINDISABLED is refused locally (IMAP_ERR_NOT_SUPPORTED) and the password never sent.
   * Rejects with an `ImapCommandError` coded IMAP_ERR_AUTH_FAILED when the server refuses the
   * credentials. Resolves once the post-login capabilities are known.
   */
  login(username: string, password: string | Secret, options: LoginOptions = {}): Promise<CommandResult> {
    const pass = secret(password);
    const placeholder: Command = { name: "LOGIN", username, password: pass };
    let result: Promise<CommandResult>;
    try {
      result = this.#driver.start(placeholder, {
        ...call(options),
        prepare: (caps) => chooseLogin(caps, username, pass, options),
      }).pending.result;
    } catch (error) {
      return Promise.reject(error);
    }
    return result.then(async (completed) => {
      await this.whenCapabilities();
      return completed;
    });
  }

  /** LOGOUT, then waits until the connection is closed. */
  async logout(): Promise<void> {
    if (!this.session.closed) {
      try {
        await this.command({ name: "LOGOUT" });
      } catch (error) {
        // The server may drop the connection instead of answering; the session is over either way.
        if (!(error instanceof ImapError) || !this.session.closed) throw error;
      }
    }
    if (this.#driver.transportOpen) this.#driver.closeTransport();
    await this.#driver.closed;
  }

  /** Ends the session at once (pending commands fail with IMAP_ERR_CLOSED) and closes the transport. */
  disconnect(): void {
    this.#driver.disconnect();
  }

  // ---------------------------------------------------------------- commands

  /**
   * Queues a typed command and returns its tag and its completion promise. Throws `ImapLocalError`
   * synchronously when the session refuses it (bad state, invalid argument, queue full).
   */
  send(command: Command, options: CommandOptions = {}): PendingCommand {
    return this.#driver.start(command, options).pending;
  }

  /** A typed command's completion; rejects on NO/BAD (`ImapCommandError`) and on local errors. */
  command(command: Command, options: CommandOptions = {}): Promise<CommandResult> {
    try {
      return this.#driver.start(command, options).pending.result;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async capability(options: CallOptions = {}): Promise<string[]> {
    const result = await this.command({ name: "CAPABILITY" }, options);
    const caps = this.session.capabilities;
    if (caps !== null) return [...caps];
    for (const data of result.data) if (data.type === "capability") return [...data.capabilities];
    return [];
  }

  noop(options: CallOptions = {}): Promise<CommandResult> {
    return this.command({ name: "NOOP" }, options);
  }

  /** ENABLE (RFC 5161); resolves with the extensions the server reported as enabled. */
  async enable(capabilities: readonly string[], options: CallOptions = {}): Promise<string[]> {
    const result = await this.command({ name: "ENABLE", capabilities }, options);
    const out: string[] = [];
    for (const data of result.data) if (data.type === "enabled") out.push(...data.capabilities);
    return out;
  }

  /** ID (RFC 2971); resolves with the server's fields, or null for `* ID NIL`. */
  async id(
    params: Readonly<Record<string, string | null>> | null = null,
    options: CallOptions = {},
  ): Promise<IdResponse["params"]> {
    const result = await this.command({ name: "ID", params }, options);
    for (const data of result.data) if (data.type === "id") return data.params;
    return null;
  }

  async namespace(options: CallOptions = {}): Promise<NamespaceResponse | null> {
    const result = await this.command({ name: "NAMESPACE" }, options);
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
    return listResult(await this.command(command, call(options)));
  }

  async status(
    mailbox: string,
    items: readonly StatusItem[],
    options: CallOptions = {},
  ): Promise<MailboxStatus> {
    return statusResult(await this.command({ name: "STATUS", mailbox, items }, options));
  }

  /** SELECT; resolves with the mailbox state after the completion. */
  select(mailbox: string, options: SelectOptions = {}): Promise<MailboxState> {
    return this.#open("SELECT", mailbox, options);
  }

  /** EXAMINE (read-only SELECT). */
  examine(mailbox: string, options: SelectOptions = {}): Promise<MailboxState> {
    return this.#open("EXAMINE", mailbox, options);
  }

  create(mailbox: string, specialUse?: readonly string[], options: CallOptions = {}): Promise<CommandResult> {
    return this.command(
      { name: "CREATE", mailbox, ...(specialUse === undefined ? {} : { specialUse }) },
      options,
    );
  }

  delete(mailbox: string, options: CallOptions = {}): Promise<CommandResult> {
    return this.command({ name: "DELETE", mailbox }, options);
  }

  rename(from: string, to: string, options: CallOptions = {}): Promise<CommandResult> {
    return this.command({ name: "RENAME", from, to }, options);
  }

  subscribe(mailbox: string, options: CallOptions = {}): Promise<CommandResult> {
    return this.command({ name: "SUBSCRIBE", mailbox }, options);
  }

  unsubscribe(mailbox: string, options: CallOptions = {}): Promise<CommandResult> {
    return this.command({ name: "UNSUBSCRIBE", mailbox }, options);
  }

  /** IMAP CLOSE: expunges `\Deleted` messages silently and leaves the selected state. */
  closeMailbox(options: CallOptions = {}): Promise<CommandResult> {
    return this.command({ name: "CLOSE" }, options);
  }

  /** UNSELECT (RFC 3691): leaves the selected state without expunging. Needs UNSELECT or IMAP4rev2. */
  unselect(options: CallOptions = {}): Promise<CommandResult> {
    return this.command({ name: "UNSELECT" }, options);
  }

  /**
   * FETCH (UID FETCH unless `uid: false`); resolves with one merged response per message, holding
   * only the items this command asked for. Bodies above the stream threshold go to `onBody` as they
   * arrive; their section's `data` is then null.
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
    const result = await this.command(command, {
      ...call(options),
      ...(options.onBody === undefined ? {} : { onBody: options.onBody }),
    });
    return mergeFetches(result.data);
  }

  /**
   * SEARCH (UID SEARCH unless `uid: false`); resolves with the matching numbers. With `compact`
   * (ESEARCH, RFC 4731) the server sends them as ranges, `RETURN (ALL)`, which a large folder needs.
   */
  async search(criteria: readonly SearchKey[], options: PlainSearchOptions = {}): Promise<SearchResult> {
    const uid = options.uid ?? true;
    const command: Command = {
      name: "SEARCH",
      uid,
      criteria,
      ...(options.charset === undefined ? {} : { charset: options.charset }),
      ...(options.compact === true ? { return: ["ALL"] } : {}),
    };
    return searchResult(await this.command(command, call(options)), uid);
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
    return esearchResult(await this.command(command, call(options)));
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
    return storeResult(await this.command(command, call(options)));
  }

  /** COPY (UID COPY unless `uid: false`); resolves with `[COPYUID]` when the server sent it. */
  async copy(set: SequenceSet, mailbox: string, options: UidOption = {}): Promise<CopyUid | null> {
    const result = await this.command(
      { name: "COPY", uid: options.uid ?? true, set, mailbox },
      call(options),
    );
    return copyUid(result.code);
  }

  /**
   * MOVE (RFC 6851; UID MOVE unless `uid: false`); resolves with the `[COPYUID]` if any. Without
   * MOVE, falls back to UID COPY, UID STORE +FLAGS.SILENT (\Deleted) and UID EXPUNGE of just those
   * messages (UIDPLUS), each waiting for the one before, so nothing is deleted unless the copy
   * succeeded; without UIDPLUS either, it is refused (IMAP_ERR_NOT_SUPPORTED), since a plain
   * EXPUNGE would also remove other messages marked \Deleted.
   */
  async move(set: SequenceSet, mailbox: string, options: UidOption = {}): Promise<CopyUid | null> {
    const caps = this.capabilities ?? (await this.whenCapabilities());
    const uid = options.uid ?? true;
    if (!supportsMove(caps)) return moveByCopy(this, caps, set, mailbox, uid, call(options));
    const { pending, waiter } = this.#driver.start({ name: "MOVE", uid, set, mailbox }, call(options));
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
    const command: Command = {
      name: "APPEND",
      mailbox,
      messages: [
        {
          data,
          ...(options.flags === undefined ? {} : { flags: options.flags }),
          ...(options.internalDate === undefined ? {} : { internalDate: options.internalDate }),
        },
      ],
    };
    return appendUid(await this.command(command, call(options)));
  }

  /** EXPUNGE, or UID EXPUNGE of `uids` (needs UIDPLUS or IMAP4rev2). */
  async expunge(uids?: SequenceSet, options: CallOptions = {}): Promise<ExpungeResult> {
    return expungeResult(
      await this.command({ name: "EXPUNGE", ...(uids === undefined ? {} : { uids }) }, options),
    );
  }

  /**
   * Starts IDLE (needs IDLE or IMAP4rev2; `IdleLoop` falls back to NOOP polling). Untagged data
   * meanwhile (EXISTS, EXPUNGE, FETCH flags) arrives as events. Any other command sent meanwhile
   * ends the IDLE (DONE) before it goes out; `done()` ends it explicitly.
   */
  idle(options: CallOptions = {}): IdleHandle {
    const started = deferred<void>();
    const { pending } = this.#driver.start(
      { name: "IDLE" },
      { ...call(options), collect: false, onContinuation: () => started.resolve() },
    );
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
        if (!this.session.closed) {
          try {
            this.session.done(this.#driver.now());
          } catch (error) {
            // The IDLE already ended: its result says how.
            if (!(error instanceof ImapError && error.code === "IMAP_ERR_BAD_STATE")) throw error;
          }
          this.#driver.flush();
        }
        return pending.result;
      },
    };
  }

  // ================================================================ internals

  async #open(name: "SELECT" | "EXAMINE", mailbox: string, options: SelectOptions): Promise<MailboxState> {
    const command: Command = {
      name,
      mailbox,
      ...(options.condstore === undefined ? {} : { condstore: options.condstore }),
      ...(options.qresync === undefined ? {} : { qresync: options.qresync }),
    };
    const result = await this.command(command, call(options));
    const state = result.mailbox ?? this.session.mailbox;
    if (state === null) throw new ImapRemoteError("IMAP_ERR_PROTOCOL", `${name} completed without a mailbox`);
    return state;
  }
}
