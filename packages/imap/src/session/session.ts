/**
 * The sans-IO IMAP client session: bytes in, events out; commands in, bytes out.
 *
 * Theory of operation
 * -------------------
 * The session owns no socket, timer or promise, and reads no clock: the driver passes `now` to
 * every call and it ends up in the events. A driver loop is:
 *
 *   on connect:        (nothing; the greeting arrives as bytes)
 *   on bytes:          session.receive(bytes, now)
 *   on app request:    session.send(command, now)          → CommandHandle (its tag)
 *   on app withdrawal: session.cancel(tag, now)
 *   whenever writable: bytes = session.takeOutgoing(now, budget); write(bytes) while bytes !== null
 *   always:            drain session.nextEvent() until null
 *   on close:          session.transportClosed(now)
 *
 * `send` only queues (after checking the command against the connection state it will run in and
 * encoding it, so argument errors throw at once). Commands leave the queue strictly in order, in
 * `takeOutgoing`, and only when the pipelining table (`pipelining.ts`, PROTOCOL.md §1) allows the
 * head to start next to what is in flight. So bytes are produced only as fast as the driver takes
 * them (flow control, rule 15), and "sent" means "taken by the driver". When a command reaches the
 * head it is judged once more, against what is known by then: the actual state, the capabilities
 * the server offers (`capability-requirements.ts`; unknown capabilities are asked for first), and
 * a `prepare` hook that picks the final command from them (LOGIN or AUTHENTICATE).
 *
 * The writer (`writer.ts`) writes one command at a time, fragment by fragment, holding a fragment
 * that waits for a continuation until `+` arrives (rule 3); a tagged NO/BAD instead of `+` ends the
 * command and drops its unsent fragments (rule 4). IDLE is a barrier until DONE has been written:
 * after its `+` only DONE may go out (rule 13), and a command sent while IDLE runs asks for DONE
 * itself. Once DONE is written, the IDLE still runs (for the EXPUNGE rule) but no longer blocks UID
 * commands.
 *
 * Responses are handled in arrival order, each exactly once:
 *   tagged status   → completes the command with that tag (rule 2; unknown tags are reported, not fatal)
 *   `+`             → the one command that can be waiting for it (a literal, SASL, IDLE)
 *   untagged data   → capabilities / ENABLE bookkeeping, the mailbox reducer, and the in-flight
 *                     commands that asked for it (`routing.ts`)
 *   untagged status → response codes to the reducer; BYE moves to logout
 * After each response the queue head is re-examined: a command whose state can no longer be
 * reached (queued behind a SELECT that failed) fails locally with IMAP_ERR_BAD_STATE.
 *
 * Every command ends with exactly one `commandCompleted` or `commandFailed`. A command cancelled
 * after it was sent fails at once (IMAP_ERR_CANCELLED, or the error given, e.g. a timeout); its late
 * tagged reply still has its effects on the connection and is reported as `commandCompleted` with
 * `cancelled: true`, for traces.
 *
 * What belongs here: the state machine glue and event production. The per-command table is
 * `command-traits.ts`; whether the queue head may go now is `head-status.ts`, which commands may
 * overlap `pipelining.ts`, and what a command needs of the server `capability-requirements.ts`;
 * states, transitions and completion effects are `connection-state.ts`; the bytes out are
 * `writer.ts`, the events out `event-queue.ts`; whom a `+` is for is `continuations.ts`, where
 * untagged data goes `routing.ts` (and `fetch-wants.ts`), which mailbox it describes
 * `mailbox-tracker.ts`, and what it changes there `mailbox-state.ts`. Options are `options.ts`.
 */

import type { DecodeEvent } from "../codec/decode-event.js";
import { ResponseDecoder } from "../codec/decoder.js";
import { encodeCommand, MAX_COMMAND_LINE_OCTETS, splitLongCommand } from "../codec/encoder/index.js";
import type { EncoderOptions } from "../codec/fragment.js";
import { readTag } from "../codec/tag-reader.js";
import { ImapError, ImapLocalError, ImapRemoteError } from "../errors.js";
import type { Command, CommandName } from "../types/command.js";
import type {
  ContinuationResponse,
  Response,
  ResponseCode,
  StatusResponse,
  UnparsedResponse,
  UntaggedData,
} from "../types/response.js";
import { type CapabilitySet, encoderOptionsKey, utf8Enabled } from "./capabilities.js";
import { capabilityRequirements } from "./capability-requirements.js";
import { CapabilityTracker } from "./capability-tracker.js";
import {
  COMPLETION_EFFECTS,
  type ConnectionState,
  completionTrigger,
  nextState,
  projectState,
  type StateTrigger,
  stateProblem,
} from "./connection-state.js";
import { continuationOwner } from "./continuations.js";
import { createEntry, type Entry } from "./entry.js";
import { EventQueue } from "./event-queue.js";
import type { CompletionStatus, SessionClosedEvent, SessionEvent } from "./events.js";
import { fetchWants } from "./fetch-wants.js";
import { type BlockReason, finalizeCommand, type HeadStatus, headStatus } from "./head-status.js";
import type { MailboxState } from "./mailbox-state.js";
import { MailboxTracker, type MailboxTransition } from "./mailbox-tracker.js";
import {
  type CancelOutcome,
  type CommandHandle,
  DEFAULT_MAX_IN_FLIGHT,
  type SendOptions,
  type SessionOptions,
  type SessionQuirks,
} from "./options.js";
import {
  type PipeliningContext,
  type PipeliningProfile,
  pipeliningProfile,
  withoutBarrier,
} from "./pipelining.js";
import { bodyOwner, fetchScope, routeUntagged, streamKey } from "./routing.js";
import { createTagGenerator, type TagGenerator } from "./tags.js";
import { WriteQueue } from "./write-queue.js";
import { Writer } from "./writer.js";

const localError = (code: ImapLocalError["code"], message: string) => new ImapLocalError(code, message);
const remoteError = (code: ImapRemoteError["code"], message: string) => new ImapRemoteError(code, message);

const isSelect = (name: CommandName) => name === "SELECT" || name === "EXAMINE";

/**
 * A sans-IO IMAP4rev1/IMAP4rev2 client session with a pipelining scheduler.
 *
 * @example
 * const session = new Session();
 * session.receive(greetingBytes, Date.now());
 * const login = session.send({ name: "LOGIN", username: "u", password: secret("p") }, Date.now());
 * const bytes = session.takeOutgoing(Date.now()); // "XYZ1 LOGIN u p\r\n"
 * for (let e = session.nextEvent(); e !== null; e = session.nextEvent()) console.log(e.type);
 */
export class Session {
  readonly #decoder: ResponseDecoder;
  readonly #tags: TagGenerator;
  readonly #maxInFlight: number;
  readonly #autoCapability: boolean;
  readonly #checkCapabilities: boolean;
  readonly #quirks: SessionQuirks;
  readonly #queue: WriteQueue<Entry>;
  readonly #inFlight = new Map<string, Entry>();
  readonly #liveTags = new Set<string>();
  readonly #events = new EventQueue();
  readonly #caps: CapabilityTracker;
  readonly #mailboxes = new MailboxTracker();
  readonly #writer: Writer;

  #state: ConnectionState = "awaitingGreeting";
  #closed = false;
  #byeReceived = false;
  #awaitingTls = false;
  #everSelected = false;
  /** The latest IDLE sent (see `#endIdle`). */
  #idle: Entry | null = null;
  /** Tag of the FETCH a streamed body belongs to. */
  #bodyTag: string | null = null;

  constructor(options: SessionOptions = {}) {
    const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
      throw localError("IMAP_ERR_INVALID_ARGUMENT", "maxInFlight must be an integer >= 1");
    }
    this.#maxInFlight = maxInFlight;
    this.#tags =
      options.tags ?? createTagGenerator(options.random === undefined ? {} : { random: options.random });
    this.#decoder = new ResponseDecoder({ ...options.decoder, keepRaw: options.keepRaw === true });
    this.#caps = new CapabilityTracker(options.encoder ?? {});
    this.#autoCapability = options.autoCapability ?? true;
    this.#checkCapabilities = options.checkCapabilities ?? true;
    this.#quirks = { logoutWithoutTaggedOk: options.quirks?.logoutWithoutTaggedOk ?? true };
    this.#queue = new WriteQueue<Entry>({
      ...(options.maxQueued === undefined ? {} : { maxItems: options.maxQueued }),
      ...(options.maxQueuedBytes === undefined ? {} : { maxBytes: options.maxQueuedBytes }),
    });
    this.#writer = new Writer({
      dispatch: (now) => this.#dispatch(now) !== null,
      continuationSent: (event) => this.#events.push(event),
      doneWritten: (entry) => {
        // After DONE the IDLE still runs until its OK (rule 7), but UID commands may follow at once.
        if (entry.profile !== null) entry.profile = withoutBarrier(entry.profile);
      },
    });
  }

  // ---------------------------------------------------------------- introspection

  /** The connection state (RFC 3501 §3). */
  get state(): ConnectionState {
    return this.#state;
  }

  /** True once `sessionClosed` was emitted; nothing more is sent or decoded. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Received bytes the decoder still holds (a partial response); bounded by the decoder limits. */
  get bufferedBytes(): number {
    return this.#decoder.bufferedBytes;
  }

  /** Server capabilities, null until known (and after STARTTLS until re-read). */
  get capabilities(): CapabilitySet | null {
    return this.#caps.capabilities;
  }

  /** True between a login without a CAPABILITY code and the re-read. */
  get capabilitiesStale(): boolean {
    return this.#caps.stale;
  }

  /** True while the session's own CAPABILITY (after login or STARTTLS) is queued or in flight. */
  get capabilitiesRefreshing(): boolean {
    return this.#caps.refreshTag !== null;
  }

  /** Extensions switched on by ENABLE. */
  get enabled(): CapabilitySet {
    return this.#caps.enabled;
  }

  /** The selected (or opening) mailbox, null when none. */
  get mailbox(): MailboxState | null {
    return this.#mailboxes.mailbox;
  }

  /** The encoder options in force (what `splitLongCommand` needs, for instance). */
  get encoderOptions(): EncoderOptions {
    return this.#caps.encoderOptions;
  }

  get inFlightCount(): number {
    return this.#inFlight.size;
  }

  get queuedCount(): number {
    return this.#queue.length;
  }

  /** Tags in flight, in the order they were sent. */
  inFlightTags(): string[] {
    return [...this.#inFlight.keys()];
  }

  /** True while the server is idling and DONE has not been written. */
  get idling(): boolean {
    for (const entry of this.#inFlight.values()) {
      if (entry.idle?.continued === true && !entry.idle.doneWritten) return true;
    }
    return false;
  }

  /** True while the session waits for the driver's TLS handshake after STARTTLS. */
  get awaitingTls(): boolean {
    return this.#awaitingTls;
  }

  /** Why the next queued command is not going out now, or null (queue empty, or it can go). */
  blockedReason(): BlockReason | null {
    const status = this.#headStatus();
    return status.kind === "blocked" ? status.reason : null;
  }

  // ---------------------------------------------------------------- commands in

  /**
   * Queues `command` and returns its tag. Throws `ImapLocalError`: IMAP_ERR_CLOSED after the
   * session closed, IMAP_ERR_BAD_STATE when the command is not valid in the state the connection
   * will be in when it runs (e.g. FETCH with no SELECT before it, anything after LOGOUT),
   * IMAP_ERR_QUEUE_FULL beyond the queue bound, and what the encoder throws for bad arguments.
   * A command sent while an IDLE runs (or is queued) ends that IDLE first: DONE is requested (a
   * new IDLE, too, ends the one before it).
   */
  send(command: Command, now: number, options: SendOptions = {}): CommandHandle {
    this.#checkSendable(command);
    const entry = this.#createEntry(command, now, false, options);
    this.#queue.push(entry, entry.encoded.size);
    this.#liveTags.add(entry.tag);
    this.#emitQueued(entry, now);
    this.#endIdle();
    if (command.name === "IDLE") this.#idle = entry;
    return { tag: entry.tag, name: command.name };
  }

  /**
   * Like `send`, but a FETCH, STORE, COPY, MOVE or UID EXPUNGE whose sequence set would make its line
   * longer than `MAX_COMMAND_LINE_OCTETS` (RFC 7162 §4) is queued as several commands, one per piece
   * of the set, all or none. Returns one handle per command queued.
   */
  sendSplit(command: Command, now: number, options: SendOptions = {}): CommandHandle[] {
    this.#checkSendable(command);
    const pieces = splitLongCommand(command, this.encoderOptions);
    if (pieces.length === 1) return [this.send(command, now, options)];
    this.#queue.reserve(pieces.length, pieces.length * MAX_COMMAND_LINE_OCTETS);
    return pieces.map((piece) => this.send(piece, now, options));
  }

  /** Queues IDLE (RFC 2177); end it with `done`. Untagged data is not collected on the handle. */
  idle(now: number): CommandHandle {
    return this.send({ name: "IDLE" }, now, { collect: false });
  }

  /**
   * Ends the current IDLE: DONE is written as soon as the server's `+` has arrived (at once if it
   * has). Throws IMAP_ERR_BAD_STATE when no IDLE is queued or running; a second call is a no-op.
   */
  done(_now: number): void {
    if (!this.#endIdle()) throw localError("IMAP_ERR_BAD_STATE", "no IDLE to end");
  }

  /**
   * Withdraws the command `tag`. Still queued: it is removed and fails with `error` (default
   * IMAP_ERR_CANCELLED), unsent. Already sent: it fails with `error` now; the rest of it is still
   * written (a half-sent command cannot be taken back), an IDLE is ended with DONE, and its tagged
   * reply, when it comes, has its usual effects and is reported with `cancelled: true`.
   */
  cancel(tag: string, now: number, error?: ImapError): CancelOutcome {
    const failure = error ?? localError("IMAP_ERR_CANCELLED", "the command was cancelled");
    const running = this.#inFlight.get(tag);
    if (running !== undefined) {
      if (running.cancelled) return "unknown";
      running.cancelled = true;
      running.collect = false;
      running.data.length = 0;
      if (running.idle !== null) this.#requestDone(running);
      this.#fail(running, failure, true, now);
      return "abandoned";
    }
    const queued = this.#queue.remove((entry) => entry.tag === tag);
    if (queued === undefined) return "unknown";
    if (queued.tag === this.#caps.refreshTag) this.#caps.refreshEnded();
    this.#fail(queued, failure, false, now);
    this.#settleQueue(now);
    return "withdrawn";
  }

  /**
   * The driver finished the TLS handshake that a successful STARTTLS asked for. Capabilities are
   * re-read (RFC 3501 §6.2.1) before anything else is sent.
   */
  tlsEstablished(now: number): void {
    if (!this.#awaitingTls) throw localError("IMAP_ERR_BAD_STATE", "no STARTTLS awaiting a handshake");
    this.#awaitingTls = false;
    if (this.#autoCapability) this.#queueCapabilityRefresh(now);
  }

  // ---------------------------------------------------------------- bytes out

  /** Whether `takeOutgoing` would return bytes now. */
  hasOutgoing(): boolean {
    if (this.#closed) return false;
    if (this.#writer.hasPending) return true;
    if (this.#writer.busy) return false;
    const status = this.#headStatus();
    return status.kind === "ready" || status.kind === "invalid";
  }

  /**
   * Bytes to write now, at most `maxBytes` (default unlimited), or null when nothing may be written.
   * Several pipelined commands come back in one array. The array may be a view of encoder output:
   * write it, do not modify it. Commands count as sent once their first bytes are taken here.
   */
  takeOutgoing(now: number, maxBytes: number = Number.POSITIVE_INFINITY): Uint8Array | null {
    if (this.#closed || !(maxBytes > 0)) return null;
    return this.#writer.take(now, maxBytes);
  }

  // ---------------------------------------------------------------- bytes in

  /** Feeds server bytes; events are produced at once (drain them with `nextEvent`). */
  receive(bytes: Uint8Array, now: number): void {
    if (this.#closed) return;
    if (this.#awaitingTls) {
      this.#plaintextAfterStarttls(now);
      return;
    }
    this.#events.detachChunks();
    this.#decoder.push(bytes);
    for (let event = this.#decoder.next(); event !== null; event = this.#decoder.next()) {
      this.#handleDecodeEvent(event, now);
      if (this.#closed) return;
      if (this.#awaitingTls && !this.#decoder.atBoundary) {
        this.#plaintextAfterStarttls(now);
        return;
      }
    }
    this.#settleQueue(now);
  }

  /**
   * The transport closed. Commands still queued or in flight fail (IMAP_ERR_BYE after a BYE,
   * IMAP_ERR_TRANSPORT otherwise, or `error` when given) and `sessionClosed` is emitted.
   */
  transportClosed(now: number, error?: ImapError): void {
    if (this.#closed) return;
    if (this.#byeReceived) {
      const logout = [...this.#inFlight.values()].find((e) => e.command.name === "LOGOUT");
      if (logout !== undefined && this.#quirks.logoutWithoutTaggedOk) {
        this.#retire(logout);
        this.#emitCompleted(logout, "OK", null, "", 0, undefined, now, true);
        this.#close("logout", null, now);
        return;
      }
      this.#close("bye", error ?? remoteError("IMAP_ERR_BYE", "the server said BYE"), now);
      return;
    }
    this.#close("transportClosed", error ?? remoteError("IMAP_ERR_TRANSPORT", "the connection closed"), now);
  }

  /** Closes the session from this side: everything pending fails with IMAP_ERR_CLOSED. */
  close(now: number): void {
    if (this.#closed) return;
    this.#close("closedLocally", localError("IMAP_ERR_CLOSED", "session closed locally"), now);
  }

  // ---------------------------------------------------------------- events out

  /** The next event, or null when there is none. */
  nextEvent(): SessionEvent | null {
    return this.#events.next();
  }

  /** Every pending event, in order. */
  takeEvents(): SessionEvent[] {
    return this.#events.takeAll();
  }

  // ================================================================ internals

  #emit(event: SessionEvent): void {
    this.#events.push(event);
  }

  /** A response the session does not act on (see `ResponseRejectedEvent`). */
  #rejected(
    code: string,
    message: string,
    tag: string | null,
    response: UnparsedResponse | null,
    bytes: number,
    raw: Uint8Array | undefined,
    now: number,
  ): void {
    this.#emit({ type: "responseRejected", code, message, tag, response, bytes, ...withRaw(raw), at: now });
  }

  #setState(trigger: StateTrigger, now: number): void {
    const from = this.#state;
    const to = nextState(from, trigger);
    if (to === from) return;
    this.#state = to;
    this.#emit({ type: "stateChanged", from, to, at: now });
  }

  #emitQueued(entry: Entry, now: number): void {
    this.#emit({
      type: "commandQueued",
      tag: entry.tag,
      name: entry.command.name,
      text: entry.encoded.traceText,
      internal: entry.internal,
      at: now,
    });
  }

  // ---------------------------------------------------------------- send-time checks

  #checkSendable(command: Command): void {
    if (this.#closed) throw localError("IMAP_ERR_CLOSED", "the session is closed");
    if (this.#state === "logout") throw localError("IMAP_ERR_CLOSED", "the connection is logging out");
    const pending = [...this.#pendingEntries()].map((entry) => entry.command.name);
    if (pending.includes("LOGOUT")) throw localError("IMAP_ERR_BAD_STATE", "LOGOUT is already queued");
    if (this.#state === "awaitingGreeting") return;
    const projected = projectState(this.#state, pending);
    const problem = stateProblem(command.name, projected.state, this.#everSelected || projected.selects);
    if (problem !== null) throw localError("IMAP_ERR_BAD_STATE", problem);
  }

  /** In-flight then queued entries, in order. */
  *#pendingEntries(): IterableIterator<Entry> {
    yield* this.#inFlight.values();
    yield* this.#queue;
  }

  #nextTag(): string {
    const tag = this.#tags.next();
    if (this.#liveTags.has(tag)) {
      throw localError("IMAP_ERR_INVALID_ARGUMENT", `tag generator repeated a tag in use: ${tag}`);
    }
    return tag;
  }

  #createEntry(command: Command, now: number, internal: boolean, options: SendOptions): Entry {
    const tag = this.#nextTag();
    const encoderOptions = this.encoderOptions;
    return createEntry({
      tag,
      command,
      prepare: options.prepare ?? null,
      needsCapabilities:
        !internal && (command.name === "LOGIN" || capabilityRequirements(command).length > 0),
      internal,
      collect: options.collect ?? command.name !== "IDLE",
      now,
      encoded: encodeCommand(tag, command, encoderOptions),
      encodedKey: encoderOptionsKey(encoderOptions),
    });
  }

  #queueCapabilityRefresh(now: number): void {
    const head = this.#queue.peek();
    if (head !== undefined && head.command.name === "CAPABILITY") {
      this.#caps.refreshTag = head.tag;
      return;
    }
    const entry = this.#createEntry({ name: "CAPABILITY" }, now, true, {});
    this.#queue.pushFront(entry, entry.encoded.size);
    this.#liveTags.add(entry.tag);
    this.#caps.refreshTag = entry.tag;
    this.#emitQueued(entry, now);
  }

  // ---------------------------------------------------------------- IDLE

  /** Requests DONE for the IDLE queued or running, if any; false when there is none. */
  #endIdle(): boolean {
    const entry = this.#idle;
    // Still pending: queued or in flight (a retired or failed command's tag is no longer live).
    if (entry === null || entry.idle === null || entry.idle.doneWritten || !this.#liveTags.has(entry.tag)) {
      return false;
    }
    this.#requestDone(entry);
    return true;
  }

  #requestDone(entry: Entry): void {
    if (entry.idle === null || entry.idle.doneRequested) return;
    entry.idle.doneRequested = true;
    if (entry.idle.continued) this.#writer.scheduleDone(entry);
  }

  // ---------------------------------------------------------------- scheduling

  #context(): PipeliningContext {
    return {
      state: this.#state,
      exists: this.#mailboxes.mailbox?.exists ?? null,
      enabled: this.#caps.enabled,
    };
  }

  /** What would happen to the queue head now; no side effects. */
  #headStatus(): HeadStatus {
    return headStatus({
      head: this.#queue.peek(),
      closed: this.#closed,
      everSelected: this.#everSelected,
      awaitingTls: this.#awaitingTls,
      writerBusy: this.#writer.busy,
      inFlight: this.#inFlight,
      maxInFlight: this.#maxInFlight,
      refreshTag: this.#caps.refreshTag,
      capabilities: this.#caps.current,
      checkCapabilities: this.#checkCapabilities,
      context: this.#context(),
    });
  }

  /**
   * Fails queue heads that can no longer run, so their failure is reported without waiting for a
   * write, and asks for capabilities when the head waits for them and nobody has.
   */
  #settleQueue(now: number): void {
    for (let status = this.#headStatus(); ; status = this.#headStatus()) {
      if (status.kind === "invalid") this.#fail(this.#queue.shift() as Entry, status.error, false, now);
      else if (!this.#askForCapabilities(status, now)) return;
    }
  }

  /** Queues CAPABILITY in front when the head waits for capabilities nobody asked for; true if it did. */
  #askForCapabilities(status: HeadStatus, now: number): boolean {
    if (status.kind !== "blocked" || status.reason !== "capabilitiesUnknown") return false;
    if (this.#caps.refreshTag !== null) return false;
    this.#queueCapabilityRefresh(now);
    return true;
  }

  /** Moves the queue head in flight when the rules allow it; returns it, or null. */
  #dispatch(now: number): Entry | null {
    for (;;) {
      const status = this.#headStatus();
      if (this.#askForCapabilities(status, now)) continue;
      if (status.kind === "empty" || status.kind === "blocked") return null;
      const entry = this.#queue.shift() as Entry;
      if (status.kind === "invalid") {
        this.#fail(entry, status.error, false, now);
        continue;
      }
      const error = this.#finalize(entry);
      if (error !== null) {
        this.#fail(entry, error, false, now);
        continue;
      }
      // `prepare` may have changed the command: its profile is taken afresh.
      this.#start(entry, pipeliningProfile(entry.command, this.#context()), now);
      return entry;
    }
  }

  /** Applies `prepare` and the capability check, and encodes again if what the server accepts changed. */
  #finalize(entry: Entry): ImapError | null {
    const error = finalizeCommand(entry, this.#caps.current, this.#checkCapabilities);
    if (error !== null) return error;
    const options = this.encoderOptions;
    const key = encoderOptionsKey(options);
    if (key === entry.encodedKey) return null;
    try {
      entry.encoded = encodeCommand(entry.tag, entry.command, options);
      entry.encodedKey = key;
      return null;
    } catch (failure) {
      return failure instanceof ImapError
        ? failure
        : localError("IMAP_ERR_INVALID_ARGUMENT", String(failure));
    }
  }

  #start(entry: Entry, profile: PipeliningProfile, now: number): void {
    const command = entry.command;
    entry.profile = profile;
    entry.sentAt = now;
    entry.routeScope = fetchScope(command, this.#mailboxes.mailbox?.exists ?? null);
    entry.wants = fetchWants(command);
    this.#inFlight.set(entry.tag, entry);
    this.#writer.begin(entry);
    this.#emit({
      type: "commandSent",
      tag: entry.tag,
      name: command.name,
      text: entry.encoded.traceText,
      bytes: entry.encoded.size,
      inFlight: this.#inFlight.size,
      internal: entry.internal,
      at: now,
    });
    if (command.name === "SELECT" || command.name === "EXAMINE") {
      const enabled = this.#caps.enabled;
      const marksSwitch = enabled.has("QRESYNC") || enabled.has("IMAP4REV2");
      const readOnly = command.name === "EXAMINE";
      this.#emitMailbox(this.#mailboxes.beginSelect(entry.tag, command.mailbox, readOnly, marksSwitch), now);
    }
  }

  // ---------------------------------------------------------------- responses

  #handleDecodeEvent(event: DecodeEvent, now: number): void {
    switch (event.type) {
      case "response":
        if (this.#state === "awaitingGreeting") this.#onGreeting(event.response, event.size, event.raw, now);
        else this.#onResponse(event.response, event.size, event.raw, now);
        return;
      case "bodyStarted": {
        const owner = bodyOwner(this.#inFlight.values(), event);
        owner?.streamed.add(streamKey(event));
        this.#bodyTag = owner?.tag ?? null;
        this.#emit({
          type: "bodyStarted",
          tag: this.#bodyTag,
          seq: event.seq,
          uid: event.uid,
          item: event.item,
          section: event.section,
          origin: event.origin,
          size: event.size,
          at: now,
        });
        return;
      }
      case "bodyChunk":
        this.#emit({ type: "bodyChunk", tag: this.#bodyTag, data: event.data, at: now });
        return;
      case "bodyEnded":
        this.#emit({ type: "bodyEnded", tag: this.#bodyTag, at: now });
        this.#bodyTag = null;
        return;
      case "responseRejected":
        if (this.#state === "awaitingGreeting") {
          this.#close("notImap", remoteError("IMAP_ERR_NOT_IMAP", event.error.message), now);
          return;
        }
        this.#rejected(event.error.code, event.error.message, event.tag, null, event.size, undefined, now);
        if (event.tag !== null) this.#endUnreadable(event.tag, event.error, now);
        return;
      case "framingLost":
        this.#close("framingLost", event.error, now);
        return;
    }
  }

  #onGreeting(response: Response, bytes: number, raw: Uint8Array | undefined, now: number): void {
    if (
      response.type !== "status" ||
      response.tag !== null ||
      (response.condition !== "OK" && response.condition !== "PREAUTH" && response.condition !== "BYE")
    ) {
      this.#close(
        "notImap",
        remoteError("IMAP_ERR_NOT_IMAP", "the server did not greet with OK, PREAUTH or BYE"),
        now,
      );
      return;
    }
    this.#emit({
      type: "greetingReceived",
      condition: response.condition,
      code: response.code,
      text: response.text,
      bytes,
      ...withRaw(raw),
      at: now,
    });
    if (response.code?.code === "CAPABILITY")
      this.#setCapabilities(response.code.capabilities, "greeting", now);
    if (response.condition === "BYE") {
      this.#setState("greetingBye", now);
      this.#onBye(now);
    } else {
      this.#setState(response.condition === "OK" ? "greetingOk" : "greetingPreauth", now);
    }
  }

  #onResponse(response: Response, bytes: number, raw: Uint8Array | undefined, now: number): void {
    switch (response.type) {
      case "status":
        if (response.tag === null) this.#onUntaggedStatus(response, bytes, raw, now);
        else this.#onTagged(response, bytes, raw, now);
        return;
      case "continuation":
        this.#onContinuation(response, bytes, raw, now);
        return;
      case "unparsed":
        this.#onUnparsed(response, bytes, raw, now);
        return;
      default:
        this.#onUntaggedData(response, bytes, raw, now);
    }
  }

  #onUnparsed(response: UnparsedResponse, bytes: number, raw: Uint8Array | undefined, now: number): void {
    const continuation = response.tag === "+" || response.raw[0] === 0x2b;
    const tag = continuation ? "+" : (response.tag ?? readTag(response.raw));
    this.#rejected(response.reason, "response did not parse", tag, response, bytes, raw, now);
    if (continuation) {
      // A continuation request is a continuation whatever its text: answering it keeps the pipe moving.
      this.#onContinuation({ type: "continuation", code: null, text: "" }, bytes, undefined, now);
    } else if (tag !== null && this.#inFlight.has(tag)) {
      this.#endUnreadable(tag, remoteError("IMAP_ERR_SYNTAX", "the tagged completion did not parse"), now);
    }
  }

  /** A tagged completion arrived but could not be read: the command is over, with an unknown outcome. */
  #endUnreadable(tag: string, error: ImapError, now: number): void {
    const entry = this.#inFlight.get(tag);
    if (entry === undefined) return;
    this.#retire(entry);
    if (isSelect(entry.command.name)) this.#finishSelect(entry.tag, "BAD", null, now);
    if (!entry.cancelled) this.#fail(entry, error, true, now);
    this.#afterCompletion(entry, "BAD", now);
  }

  #onContinuation(
    response: ContinuationResponse,
    bytes: number,
    raw: Uint8Array | undefined,
    now: number,
  ): void {
    const found = continuationOwner(this.#writer, this.#inFlight.values());
    if (found === null) {
      const message = "continuation request while no command waits for one";
      this.#rejected("IMAP_ERR_UNEXPECTED_CONTINUATION", message, "+", null, bytes, raw, now);
      return;
    }
    const { owner, action } = found;
    this.#emit({
      type: "continuationRequested",
      tag: owner.tag,
      name: owner.command.name,
      code: response.code,
      text: response.text,
      bytes,
      ...withRaw(raw),
      at: now,
    });
    if (action === "grant") {
      this.#writer.grant(owner);
    } else if (action === "idle" && owner.idle !== null) {
      owner.idle.continued = true;
      if (owner.idle.doneRequested) this.#writer.scheduleDone(owner);
    } else {
      // The exchange asked for more than PLAIN has to give: cancel it (RFC 3501 §6.2.2).
      this.#writer.scheduleCancel(owner);
    }
  }

  #onUntaggedStatus(status: StatusResponse, bytes: number, raw: Uint8Array | undefined, now: number): void {
    this.#emit({ type: "statusReceived", status, bytes, ...withRaw(raw), at: now });
    const code = status.code;
    if (code?.code === "CAPABILITY") this.#setCapabilities(code.capabilities, "responseCode", now);
    if (status.condition === "BYE") {
      this.#onBye(now);
      return;
    }
    if (code?.code === "CLOSED") {
      this.#onClosedCode(now);
      return;
    }
    if (code !== null) this.#applyToMailbox(status, now);
  }

  #onUntaggedData(data: UntaggedData, bytes: number, raw: Uint8Array | undefined, now: number): void {
    const routed = routeUntagged(this.#inFlight.values(), data);
    for (const { owner, data: part } of routed) if (owner.collect) owner.data.push(part);
    if (data.type === "capability" && routed.length === 0) {
      // Volunteered during a login (some servers do this instead of the response code).
      for (const entry of this.#inFlight.values()) entry.capabilitiesAnnounced = true;
    }
    const tags = routed.map((r) => r.owner.tag);
    this.#emit({ type: "untaggedReceived", data, tags, bytes, ...withRaw(raw), at: now });
    switch (data.type) {
      case "capability":
        this.#setCapabilities(data.capabilities, "capability", now);
        return;
      case "enabled":
        this.#onEnabled(data.capabilities, now);
        return;
      default:
        this.#applyToMailbox(data, now);
    }
  }

  #onTagged(status: StatusResponse, bytes: number, raw: Uint8Array | undefined, now: number): void {
    const tag = status.tag as string;
    const entry = this.#inFlight.get(tag);
    if (entry === undefined) {
      const message = "tagged response for no command in flight";
      this.#rejected("IMAP_ERR_UNEXPECTED_TAG", message, tag, null, bytes, raw, now);
      return;
    }
    const condition = status.condition === "OK" || status.condition === "NO" ? status.condition : "BAD";
    this.#retire(entry);
    if (status.code?.code === "CAPABILITY") {
      entry.capabilitiesAnnounced = true;
      this.#setCapabilities(status.code.capabilities, "responseCode", now);
    }
    if (isSelect(entry.command.name)) this.#finishSelect(entry.tag, condition, status.code, now);
    this.#emitCompleted(entry, condition, status.code, status.text, bytes, raw, now, false);
    this.#afterCompletion(entry, condition, now);
  }

  #emitCompleted(
    entry: Entry,
    status: CompletionStatus,
    code: ResponseCode | null,
    text: string,
    bytes: number,
    raw: Uint8Array | undefined,
    now: number,
    inferred: boolean,
  ): void {
    const name = entry.command.name;
    this.#emit({
      type: "commandCompleted",
      tag: entry.tag,
      name,
      status,
      code,
      text,
      data: entry.data,
      ...(isSelect(name) ? { mailbox: this.#mailboxes.mailbox } : {}),
      queuedAt: entry.queuedAt,
      sentAt: entry.sentAt,
      bytes,
      internal: entry.internal,
      inferred,
      cancelled: entry.cancelled,
      ...withRaw(raw),
      at: now,
    });
  }

  /** Takes a finished command off the writer and out of flight. */
  #retire(entry: Entry): void {
    this.#inFlight.delete(entry.tag);
    this.#liveTags.delete(entry.tag);
    this.#writer.release(entry);
  }

  /** State and capability consequences of a completion (`connection-state.ts` says which). */
  #afterCompletion(entry: Entry, condition: CompletionStatus, now: number): void {
    const name = entry.command.name;
    const trigger = completionTrigger(name, condition === "OK");
    if (trigger !== null && trigger !== "mailboxSelected" && trigger !== "selectFailed")
      this.#setState(trigger, now);
    if (entry.tag === this.#caps.refreshTag) this.#caps.refreshEnded();
    if (condition !== "OK") return;
    switch (COMPLETION_EFFECTS[name]) {
      case "rereadCapabilities":
        if (!entry.capabilitiesAnnounced) {
          this.#caps.markStale();
          if (this.#autoCapability) this.#queueCapabilityRefresh(now);
        }
        return;
      case "mailboxClosed":
        this.#emitMailbox(this.#mailboxes.close(), now);
        return;
      case "awaitTls":
        this.#awaitingTls = true;
        this.#caps.discard();
        this.#emit({ type: "capabilitiesChanged", capabilities: [], source: "discarded", at: now });
        return;
      case "sessionEnded":
        this.#close("logout", null, now);
        return;
      case undefined:
        return;
    }
  }

  /**
   * Bytes arrived after STARTTLS's OK and before the handshake: plaintext injected ahead of TLS
   * (RFC 3501 §6.2.1; the STARTTLS command-injection attacks). Nothing of it may be believed.
   */
  #plaintextAfterStarttls(now: number): void {
    this.#close(
      "tlsFailed",
      remoteError("IMAP_ERR_TLS", "the server sent plaintext after STARTTLS's OK, before the TLS handshake"),
      now,
    );
  }

  #setCapabilities(
    atoms: readonly string[],
    source: "greeting" | "capability" | "responseCode",
    now: number,
  ): void {
    const set = this.#caps.announce(atoms);
    this.#emit({ type: "capabilitiesChanged", capabilities: [...set], source, at: now });
  }

  #onEnabled(atoms: readonly string[], now: number): void {
    const added = this.#caps.enable(atoms);
    if (added.length === 0) return;
    this.#decoder.setUtf8(utf8Enabled(this.#caps.enabled));
    this.#emit({ type: "extensionsEnabled", capabilities: added, enabled: [...this.#caps.enabled], at: now });
  }

  #onBye(now: number): void {
    this.#byeReceived = true;
    this.#setState("loggedOut", now);
    const error = remoteError("IMAP_ERR_BYE", "the server said BYE");
    for (const entry of this.#queue.clear()) this.#fail(entry, error, false, now);
    this.#caps.refreshTag = null;
  }

  // ---------------------------------------------------------------- mailbox

  #emitMailbox(transitions: readonly MailboxTransition[], now: number): void {
    for (const t of transitions)
      this.#emit({ type: "mailboxChanged", mailbox: t.mailbox, changes: t.changes, at: now });
  }

  #applyToMailbox(response: UntaggedData | StatusResponse, now: number): void {
    this.#emitMailbox(this.#mailboxes.apply(response), now);
  }

  #onClosedCode(now: number): void {
    const selecting = [...this.#inFlight.values()].some((e) => isSelect(e.command.name));
    const { transitions, closedByServer } = this.#mailboxes.closedCode(selecting);
    this.#emitMailbox(transitions, now);
    if (closedByServer) this.#setState("mailboxClosed", now);
  }

  #finishSelect(tag: string, condition: CompletionStatus, code: ResponseCode | null, now: number): void {
    this.#emitMailbox(this.#mailboxes.finishSelect(tag, condition === "OK", code), now);
    if (condition === "OK") this.#everSelected = true;
    this.#setState(condition === "OK" ? "mailboxSelected" : "selectFailed", now);
  }

  // ---------------------------------------------------------------- failure

  #fail(entry: Entry, error: ImapError, sent: boolean, now: number): void {
    if (!this.#inFlight.has(entry.tag)) this.#liveTags.delete(entry.tag);
    if (entry.tag === this.#caps.refreshTag) this.#caps.refreshTag = null;
    this.#emit({
      type: "commandFailed",
      tag: entry.tag,
      name: entry.command.name,
      error,
      sent,
      internal: entry.internal,
      at: now,
    });
  }

  #close(reason: SessionClosedEvent["reason"], error: ImapError | null, now: number): void {
    if (this.#closed) return;
    const failure = error ?? localError("IMAP_ERR_CLOSED", "the session closed");
    for (const entry of this.#inFlight.values()) if (!entry.cancelled) this.#fail(entry, failure, true, now);
    this.#inFlight.clear();
    for (const entry of this.#queue.clear()) this.#fail(entry, failure, false, now);
    this.#writer.clear();
    this.#closed = true;
    this.#caps.refreshTag = null;
    if (this.#state !== "logout") {
      this.#emit({ type: "stateChanged", from: this.#state, to: "logout", at: now });
      this.#state = "logout";
    }
    this.#emit({ type: "sessionClosed", reason, error, at: now });
  }
}

/** The `raw` field of an event, present only when the decoder kept the octets. */
function withRaw(raw: Uint8Array | undefined): { raw?: Uint8Array } {
  return raw === undefined ? {} : { raw };
}
