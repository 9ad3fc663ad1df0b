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
 *   whenever writable: bytes = session.takeOutgoing(now, budget); write(bytes) while bytes !== null
 *   always:            drain session.nextEvent() until null
 *   on close:          session.transportClosed(now)
 *
 * `send` only queues (after checking the command against the connection state it will run in and
 * encoding it, so argument errors throw at once). Commands leave the queue strictly in order, in
 * `takeOutgoing`, and only when the pipelining table (`pipelining.ts`, PROTOCOL.md §1) allows the
 * head to start next to what is in flight. So bytes are produced only as fast as the driver takes
 * them (flow control, rule 15), and "sent" means "taken by the driver".
 *
 * The writer is a little state machine of its own. A command is written fragment by fragment
 * (`Fragment`): a fragment that waits for a continuation is held until `+` arrives, and nothing
 * behind it may start meanwhile (rule 3). A tagged NO/BAD instead of `+` ends the command and drops
 * its unsent fragments (rule 4). IDLE is a barrier until DONE has been written: after its `+` only
 * DONE may go out (rule 13); once DONE is written, the IDLE still runs (for the EXPUNGE rule) but
 * no longer blocks UID commands.
 *
 * Responses are handled in arrival order, each exactly once:
 *   tagged status   → completes the command with that tag (rule 2; unknown tags are reported, not fatal)
 *   `+`             → the one command that can be waiting for it (a literal, SASL, IDLE)
 *   untagged data   → capabilities / ENABLE bookkeeping, the mailbox reducer, and the in-flight
 *                     commands that asked for it (the routing columns of the table)
 *   untagged status → response codes to the reducer; BYE moves to logout
 * After each response the queue head is re-examined: a command whose state can no longer be
 * reached (queued behind a SELECT that failed) fails locally with IMAP_ERR_BAD_STATE.
 *
 * What belongs here: the state machine, the writer and event production. Which commands may overlap
 * is `pipelining.ts`; state transitions (and the RFC 3501 §3 diagram) are `connection-state.ts`;
 * which command untagged data belongs to is `routing.ts`; which mailbox it describes is
 * `mailbox-tracker.ts`, and what it changes there is `mailbox-state.ts`.
 */

import type { DecodeEvent } from "../codec/decode-event.js";
import { type DecoderOptions, ResponseDecoder } from "../codec/decoder.js";
import {
  encodeCommand,
  encodeDone,
  MAX_COMMAND_LINE_OCTETS,
  splitLongCommand,
} from "../codec/encoder/index.js";
import type { EncodedCommand, EncoderOptions } from "../codec/fragment.js";
import { ImapError, type ImapErrorCode, ImapLocalError, ImapRemoteError } from "../errors.js";
import type { Command, CommandName } from "../types/command.js";
import type {
  ContinuationResponse,
  Response,
  ResponseCode,
  StatusResponse,
  UnparsedResponse,
  UntaggedData,
} from "../types/response.js";
import {
  type CapabilitySet,
  capabilitySet,
  encoderOptionsFor,
  encoderOptionsKey,
  utf8Enabled,
} from "./capabilities.js";
import { type ConnectionState, nextState, type StateTrigger } from "./connection-state.js";
import type { CompletionStatus, SessionClosedEvent, SessionEvent } from "./events.js";
import type { MailboxState } from "./mailbox-state.js";
import { MailboxTracker, type MailboxTransition } from "./mailbox-tracker.js";
import type { MessageScope } from "./message-set.js";
import {
  COMMAND_TRAITS,
  findConflict,
  type PipeliningProfile,
  type PipeliningRequirement,
  pipeliningProfile,
  withoutBarrier,
} from "./pipelining.js";
import { bodyOwner, fetchScope, routeUntagged } from "./routing.js";
import { createTagGenerator, type TagGenerator } from "./tags.js";
import { WriteQueue } from "./write-queue.js";

/** Default most commands in flight. Enough to fill a long-latency link; 1 means strictly sequential. */
export const DEFAULT_MAX_IN_FLIGHT = 64;

/** Tolerances for servers that bend the rules; each is on by default. */
export interface SessionQuirks {
  /**
   * A LOGOUT counts as completed when the server said BYE and then closed the connection without
   * the tagged OK (RFC 3501 §6.1.3 asks for both; several servers close right after BYE).
   */
  readonly logoutWithoutTaggedOk: boolean;
}

export interface SessionOptions {
  /** Tag source. Default: `createTagGenerator({ random })`. */
  readonly tags?: TagGenerator;
  /** Random source for the default tag prefix. Default `Math.random`. */
  readonly random?: () => number;
  /** Most commands in flight (>= 1). Default `DEFAULT_MAX_IN_FLIGHT`. */
  readonly maxInFlight?: number;
  /** Most commands waiting to be written; `send` throws IMAP_ERR_QUEUE_FULL beyond. Default 1024. */
  readonly maxQueued?: number;
  /** Most encoded bytes waiting to be written. Default 64 MiB. */
  readonly maxQueuedBytes?: number;
  /** Decoder limits and parser quirks (see `DecoderLimits`, `ParserQuirks`). */
  readonly decoder?: Omit<DecoderOptions, "utf8">;
  /** Force encoder features on or off regardless of capabilities (e.g. `{ literalPlus: false }`). */
  readonly encoder?: Partial<EncoderOptions>;
  /** Send CAPABILITY after login/STARTTLS when the server did not volunteer them. Default true. */
  readonly autoCapability?: boolean;
  readonly quirks?: Partial<SessionQuirks>;
}

export interface SendOptions {
  /** Keep the untagged data routed to this command for its `commandCompleted`. Default true (IDLE: false). */
  readonly collect?: boolean;
}

/** What `send` returns: the tag under which the command's events will appear. */
export interface CommandHandle {
  readonly tag: string;
  readonly name: CommandName;
}

/** Why the queue head is not being sent (see `blockedReason`). */
export type BlockReason =
  | PipeliningRequirement
  | "closed"
  | "awaitingGreeting"
  | "awaitingTls"
  | "writerBusy"
  | "maxInFlight"
  | "capabilitiesStale";

interface IdleProgress {
  /** The server's `+` arrived: the server is idling. */
  continued: boolean;
  doneRequested: boolean;
  doneWritten: boolean;
}

/** Bytes the session writes on its own for a command in flight (DONE, or `*` to cancel SASL). */
interface ControlWrite {
  readonly entry: Entry;
  readonly kind: "done" | "cancel";
  readonly bytes: Uint8Array;
  offset: number;
}

interface Entry {
  readonly tag: string;
  readonly command: Command;
  readonly internal: boolean;
  readonly collect: boolean;
  readonly queuedAt: number;
  encoded: EncodedCommand;
  encodedKey: string;
  sentAt: number;
  profile: PipeliningProfile | null;
  /** Messages a FETCH/STORE addresses, for routing FETCH responses. */
  routeScope: MessageScope | null;
  fragmentIndex: number;
  fragmentOffset: number;
  /** `+` arrived for the fragment at `fragmentIndex`. */
  granted: boolean;
  written: boolean;
  /** LOGIN/AUTHENTICATE: the server announced capabilities while it ran or on its completion. */
  capabilitiesAnnounced: boolean;
  readonly data: UntaggedData[];
  readonly idle: IdleProgress | null;
}

type HeadStatus =
  | { readonly kind: "empty" }
  | { readonly kind: "blocked"; readonly reason: BlockReason }
  | { readonly kind: "invalid"; readonly error: ImapError }
  | { readonly kind: "ready"; readonly profile: PipeliningProfile };

const CANCEL = new Uint8Array([0x2a, 0x0d, 0x0a]);

/** The first token of a response (up to SP or line end), when it is short printable ASCII. */
function leadingToken(raw: Uint8Array): string | null {
  let out = "";
  for (let i = 0; i < raw.length && i < 64; i++) {
    const c = raw[i] as number;
    if (c === 0x20 || c === 0x0d || c === 0x0a) return out.length > 0 ? out : null;
    if (c < 0x21 || c > 0x7e) return null;
    out += String.fromCharCode(c);
  }
  return null;
}

function localError(code: ImapErrorCode, message: string): ImapLocalError {
  return new ImapLocalError(code, message);
}

function remoteError(code: ImapErrorCode, message: string): ImapRemoteError {
  return new ImapRemoteError(code, message);
}

/**
 * A sans-IO IMAP4rev1/IMAP4rev2 client session with a pipelining scheduler.
 *
 * @example
 * const session = new Session();
 * session.receive(greetingBytes, Date.now());
 * const login = session.send({ name: "LOGIN", username: "u", password: "p" }, Date.now());
 * const bytes = session.takeOutgoing(Date.now()); // "XYZ1 LOGIN u p\r\n"
 * for (let e = session.nextEvent(); e !== null; e = session.nextEvent()) console.log(e.type);
 */
export class Session {
  readonly #decoder: ResponseDecoder;
  readonly #tags: TagGenerator;
  readonly #maxInFlight: number;
  readonly #encoderOverrides: Partial<EncoderOptions>;
  readonly #autoCapability: boolean;
  readonly #quirks: SessionQuirks;
  readonly #queue: WriteQueue<Entry>;
  readonly #inFlight = new Map<string, Entry>();
  readonly #liveTags = new Set<string>();

  #events: SessionEvent[] = [];
  #eventHead = 0;
  #undrainedChunks = 0;

  #state: ConnectionState = "awaitingGreeting";
  #closed = false;
  #byeReceived = false;
  #awaitingTls = false;
  #capabilities: CapabilitySet | null = null;
  #capabilitiesStale = false;
  /** Tag of the CAPABILITY whose completion ends the staleness gate. */
  #capabilityRefreshTag: string | null = null;
  #enabled: Set<string> = new Set();
  #everSelected = false;
  readonly #mailboxes = new MailboxTracker();

  /** The command whose fragments are being written (at most one: rule 3). */
  #writing: Entry | null = null;
  #control: ControlWrite | null = null;
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
    this.#decoder = new ResponseDecoder(options.decoder ?? {});
    this.#encoderOverrides = options.encoder ?? {};
    this.#autoCapability = options.autoCapability ?? true;
    this.#quirks = { logoutWithoutTaggedOk: options.quirks?.logoutWithoutTaggedOk ?? true };
    this.#queue = new WriteQueue<Entry>({
      ...(options.maxQueued === undefined ? {} : { maxItems: options.maxQueued }),
      ...(options.maxQueuedBytes === undefined ? {} : { maxBytes: options.maxQueuedBytes }),
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
    return this.#capabilities;
  }

  /** True between a login without a CAPABILITY code and the re-read. */
  get capabilitiesStale(): boolean {
    return this.#capabilitiesStale;
  }

  /** Extensions switched on by ENABLE. */
  get enabled(): CapabilitySet {
    return this.#enabled;
  }

  /** The selected (or opening) mailbox, null when none. */
  get mailbox(): MailboxState | null {
    return this.#mailboxes.mailbox;
  }

  /** The encoder options in force (what `splitLongCommand` needs, for instance). */
  get encoderOptions(): EncoderOptions {
    return encoderOptionsFor(this.#capabilities, this.#enabled, this.#encoderOverrides);
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
   */
  send(command: Command, now: number, options: SendOptions = {}): CommandHandle {
    this.#checkSendable(command);
    const entry = this.#createEntry(command, now, false, options.collect ?? command.name !== "IDLE");
    this.#queue.push(entry, entry.encoded.size);
    this.#liveTags.add(entry.tag);
    this.#emitQueued(entry, now);
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
    const entry = this.#findIdle();
    if (entry === null || entry.idle === null) throw localError("IMAP_ERR_BAD_STATE", "no IDLE to end");
    if (entry.idle.doneRequested) return;
    entry.idle.doneRequested = true;
    if (entry.idle.continued) this.#scheduleDone(entry);
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
    if (this.#control !== null) return true;
    if (this.#writing !== null) return this.#writableNow(this.#writing);
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
    const chunks: Uint8Array[] = [];
    let total = 0;
    while (total < maxBytes) {
      const control = this.#control;
      if (control !== null) {
        const n = Math.min(control.bytes.length - control.offset, maxBytes - total);
        chunks.push(control.bytes.subarray(control.offset, control.offset + n));
        control.offset += n;
        total += n;
        if (control.offset === control.bytes.length) this.#finishControl(control, now);
        continue;
      }
      const writing = this.#writing;
      if (writing !== null) {
        if (!this.#writableNow(writing)) break;
        const fragment = writing.encoded.fragments[writing.fragmentIndex];
        if (fragment === undefined) {
          this.#finishWriting(writing);
          continue;
        }
        const n = Math.min(fragment.bytes.length - writing.fragmentOffset, maxBytes - total);
        if (n > 0) chunks.push(fragment.bytes.subarray(writing.fragmentOffset, writing.fragmentOffset + n));
        writing.fragmentOffset += n;
        total += n;
        if (writing.fragmentOffset === fragment.bytes.length) {
          if (fragment.waitForContinuation) {
            this.#emit({
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
          if (writing.fragmentIndex === writing.encoded.fragments.length) this.#finishWriting(writing);
        }
        continue;
      }
      if (this.#dispatch(now) === null) break;
    }
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

  // ---------------------------------------------------------------- bytes in

  /** Feeds server bytes; events are produced at once (drain them with `nextEvent`). */
  receive(bytes: Uint8Array, now: number): void {
    if (this.#closed) return;
    if (this.#undrainedChunks > 0) this.#detachUndrainedChunks();
    this.#decoder.push(bytes);
    for (let event = this.#decoder.next(); event !== null; event = this.#decoder.next()) {
      this.#handleDecodeEvent(event, now);
      if (this.#closed) return;
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
        this.#emitCompleted(logout, "OK", null, "", 0, now, true);
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
    const event = this.#events[this.#eventHead];
    if (event === undefined) return null;
    this.#eventHead += 1;
    if (event.type === "bodyChunk") this.#undrainedChunks -= 1;
    if (this.#eventHead === this.#events.length) {
      this.#events = [];
      this.#eventHead = 0;
    }
    return event;
  }

  /** Every pending event, in order. */
  takeEvents(): SessionEvent[] {
    const out = this.#events.slice(this.#eventHead);
    this.#events = [];
    this.#eventHead = 0;
    this.#undrainedChunks = 0;
    return out;
  }

  // ================================================================ internals

  #emit(event: SessionEvent): void {
    if (event.type === "bodyChunk") this.#undrainedChunks += 1;
    this.#events.push(event);
  }

  /** Body chunks are views valid until the next decoder push: copy the ones still queued. */
  #detachUndrainedChunks(): void {
    for (let i = this.#eventHead; i < this.#events.length; i++) {
      const event = this.#events[i];
      if (event?.type === "bodyChunk") this.#events[i] = { ...event, data: event.data.slice() };
    }
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
    const traits = COMMAND_TRAITS[command.name];
    let projected: ConnectionState | null = this.#state === "awaitingGreeting" ? null : this.#state;
    let selects = this.#everSelected;
    for (const entry of this.#pendingEntries()) {
      const name = entry.command.name;
      if (name === "LOGOUT") throw localError("IMAP_ERR_BAD_STATE", "LOGOUT is already queued");
      if (name === "SELECT" || name === "EXAMINE") selects = true;
      const onOk = COMMAND_TRAITS[name].onOk;
      if (projected !== null && onOk !== null) projected = nextState(projected, onOk);
    }
    if (projected !== null && !traits.states.includes(projected)) {
      throw localError("IMAP_ERR_BAD_STATE", `${command.name} is not valid in state ${projected}`);
    }
    if (command.name === "ENABLE" && selects) {
      throw localError("IMAP_ERR_BAD_STATE", "ENABLE is only valid before the first SELECT (RFC 5161)");
    }
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

  #createEntry(command: Command, now: number, internal: boolean, collect: boolean): Entry {
    const tag = this.#nextTag();
    const options = this.encoderOptions;
    const encoded = encodeCommand(tag, command, options);
    return {
      tag,
      command,
      internal,
      collect,
      queuedAt: now,
      encoded,
      encodedKey: encoderOptionsKey(options),
      sentAt: now,
      profile: null,
      routeScope: null,
      fragmentIndex: 0,
      fragmentOffset: 0,
      granted: false,
      written: false,
      capabilitiesAnnounced: false,
      data: [],
      idle: command.name === "IDLE" ? { continued: false, doneRequested: false, doneWritten: false } : null,
    };
  }

  #queueCapabilityRefresh(now: number): void {
    const head = this.#queue.peek();
    if (head !== undefined && head.command.name === "CAPABILITY") {
      this.#capabilityRefreshTag = head.tag;
      return;
    }
    const entry = this.#createEntry({ name: "CAPABILITY" }, now, true, true);
    this.#queue.pushFront(entry, entry.encoded.size);
    this.#liveTags.add(entry.tag);
    this.#capabilityRefreshTag = entry.tag;
    this.#emitQueued(entry, now);
  }

  // ---------------------------------------------------------------- scheduling

  #context(): { state: ConnectionState; exists: number | null; enabled: CapabilitySet } {
    return { state: this.#state, exists: this.#mailboxes.mailbox?.exists ?? null, enabled: this.#enabled };
  }

  #runningProfiles(): PipeliningProfile[] {
    const out: PipeliningProfile[] = [];
    for (const entry of this.#inFlight.values()) if (entry.profile !== null) out.push(entry.profile);
    return out;
  }

  #invalidIn(command: Command): ImapError | null {
    if (this.#state === "logout") return remoteError("IMAP_ERR_BYE", "the connection is logging out");
    if (!COMMAND_TRAITS[command.name].states.includes(this.#state)) {
      return localError("IMAP_ERR_BAD_STATE", `${command.name} is not valid in state ${this.#state}`);
    }
    if (command.name === "ENABLE" && this.#everSelected) {
      return localError("IMAP_ERR_BAD_STATE", "ENABLE is only valid before the first SELECT (RFC 5161)");
    }
    return null;
  }

  /** What would happen to the queue head now; no side effects. */
  #headStatus(): HeadStatus {
    const head = this.#queue.peek();
    if (head === undefined) return { kind: "empty" };
    if (this.#closed) return { kind: "blocked", reason: "closed" };
    if (this.#state === "awaitingGreeting") return { kind: "blocked", reason: "awaitingGreeting" };
    const running = this.#runningProfiles();
    // A state change in flight may still make the command valid (or invalid): judge it afterwards.
    if (!running.some((r) => r.behaviors.has("changesState"))) {
      const error = this.#invalidIn(head.command);
      if (error !== null) return { kind: "invalid", error };
    }
    if (this.#awaitingTls) return { kind: "blocked", reason: "awaitingTls" };
    if (this.#writing !== null || this.#control !== null) return { kind: "blocked", reason: "writerBusy" };
    if (this.#inFlight.size >= this.#maxInFlight) return { kind: "blocked", reason: "maxInFlight" };
    if (this.#capabilityRefreshTag !== null && head.tag !== this.#capabilityRefreshTag) {
      return { kind: "blocked", reason: "capabilitiesStale" };
    }
    const profile = pipeliningProfile(head.command, this.#context());
    const conflict = findConflict(profile, running);
    if (conflict !== null) return { kind: "blocked", reason: conflict };
    const error = this.#invalidIn(head.command);
    if (error !== null) return { kind: "invalid", error };
    return { kind: "ready", profile };
  }

  /** Fails queue heads that can no longer run, so their failure is reported without waiting for a write. */
  #settleQueue(now: number): void {
    for (let status = this.#headStatus(); status.kind === "invalid"; status = this.#headStatus()) {
      const entry = this.#queue.shift() as Entry;
      this.#fail(entry, status.error, false, now);
    }
  }

  /** Moves the queue head in flight when the rules allow it; returns it, or null. */
  #dispatch(now: number): Entry | null {
    for (;;) {
      const status = this.#headStatus();
      if (status.kind === "empty" || status.kind === "blocked") return null;
      const entry = this.#queue.shift() as Entry;
      if (status.kind === "invalid") {
        this.#fail(entry, status.error, false, now);
        continue;
      }
      const options = this.encoderOptions;
      const key = encoderOptionsKey(options);
      if (key !== entry.encodedKey) {
        // Capabilities or ENABLE changed since `send`: encode again for what the server now accepts.
        try {
          entry.encoded = encodeCommand(entry.tag, entry.command, options);
          entry.encodedKey = key;
        } catch (error) {
          const failure =
            error instanceof ImapError ? error : localError("IMAP_ERR_INVALID_ARGUMENT", String(error));
          this.#fail(entry, failure, false, now);
          continue;
        }
      }
      this.#start(entry, status.profile, now);
      return entry;
    }
  }

  #start(entry: Entry, profile: PipeliningProfile, now: number): void {
    const command = entry.command;
    entry.profile = profile;
    entry.sentAt = now;
    entry.routeScope = fetchScope(command, this.#mailboxes.mailbox?.exists ?? null);
    this.#inFlight.set(entry.tag, entry);
    this.#writing = entry;
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
      const marksSwitch = this.#enabled.has("QRESYNC") || this.#enabled.has("IMAP4REV2");
      const transitions = this.#mailboxes.beginSelect(
        entry.tag,
        command.mailbox,
        command.name === "EXAMINE",
        marksSwitch,
      );
      this.#emitMailbox(transitions, now);
    }
  }

  /** Whether the writer may write the next bytes of `entry` now. */
  #writableNow(entry: Entry): boolean {
    const fragment = entry.encoded.fragments[entry.fragmentIndex];
    if (fragment === undefined) return true;
    return entry.fragmentOffset > 0 || !fragment.waitForContinuation || entry.granted;
  }

  #finishWriting(entry: Entry): void {
    entry.written = true;
    if (this.#writing === entry) this.#writing = null;
  }

  #scheduleDone(entry: Entry): void {
    if (entry.idle === null || entry.idle.doneWritten || this.#control !== null) return;
    this.#control = { entry, kind: "done", bytes: encodeDone(), offset: 0 };
  }

  #finishControl(control: ControlWrite, now: number): void {
    this.#control = null;
    const entry = control.entry;
    if (control.kind === "done" && entry.idle !== null) {
      entry.idle.doneWritten = true;
      // After DONE the IDLE still runs until its OK (rule 7), but UID commands may follow at once.
      if (entry.profile !== null) entry.profile = withoutBarrier(entry.profile);
    }
    this.#emit({
      type: "continuationSent",
      tag: entry.tag,
      name: entry.command.name,
      kind: control.kind,
      bytes: control.bytes.length,
      at: now,
    });
  }

  #findIdle(): Entry | null {
    for (const entry of this.#pendingEntries()) {
      if (entry.idle !== null && !entry.idle.doneWritten) return entry;
    }
    return null;
  }

  // ---------------------------------------------------------------- responses

  #handleDecodeEvent(event: DecodeEvent, now: number): void {
    switch (event.type) {
      case "response":
        if (this.#state === "awaitingGreeting") this.#onGreeting(event.response, event.size, now);
        else this.#onResponse(event.response, event.size, now);
        return;
      case "bodyStarted": {
        const owner = bodyOwner(this.#inFlight.values(), event.seq, event.uid);
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
        this.#emit({
          type: "responseRejected",
          code: event.error.code,
          message: event.error.message,
          tag: event.tag,
          response: null,
          bytes: event.size,
          at: now,
        });
        if (event.tag !== null) this.#endUnreadable(event.tag, event.error, now);
        return;
      case "framingLost":
        this.#close("framingLost", event.error, now);
        return;
    }
  }

  #onGreeting(response: Response, bytes: number, now: number): void {
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

  #onResponse(response: Response, bytes: number, now: number): void {
    switch (response.type) {
      case "status":
        if (response.tag === null) this.#onUntaggedStatus(response, bytes, now);
        else this.#onTagged(response, bytes, now);
        return;
      case "continuation":
        this.#onContinuation(response, bytes, now);
        return;
      case "unparsed":
        this.#onUnparsed(response, bytes, now);
        return;
      default:
        this.#onUntaggedData(response, bytes, now);
    }
  }

  #onUnparsed(response: UnparsedResponse, bytes: number, now: number): void {
    const tag = response.tag ?? leadingToken(response.raw);
    const entry = tag === null ? undefined : this.#inFlight.get(tag);
    this.#emit({
      type: "responseRejected",
      code: response.reason,
      message: "response did not parse",
      tag,
      response,
      bytes,
      at: now,
    });
    if (tag === "+") {
      // A continuation request is a continuation whatever its text: answering it keeps the pipe moving.
      this.#onContinuation({ type: "continuation", code: null, text: "" }, bytes, now);
    } else if (entry !== undefined) {
      this.#endUnreadable(
        tag as string,
        remoteError("IMAP_ERR_SYNTAX", "the tagged completion did not parse"),
        now,
      );
    }
  }

  /** A tagged completion arrived but could not be read: the command is over, with an unknown outcome. */
  #endUnreadable(tag: string, error: ImapError, now: number): void {
    const entry = this.#inFlight.get(tag);
    if (entry === undefined) return;
    this.#retire(entry);
    const name = entry.command.name;
    if (name === "SELECT" || name === "EXAMINE") this.#finishSelect(entry.tag, "BAD", null, now);
    this.#fail(entry, error, true, now);
    this.#afterCompletion(entry, "BAD", now);
  }

  #onContinuation(response: ContinuationResponse, bytes: number, now: number): void {
    const writing = this.#writing;
    let owner: Entry | null = null;
    let action: "grant" | "idle" | "cancel" = "grant";
    if (
      writing !== null &&
      writing.fragmentIndex > 0 &&
      writing.fragmentOffset === 0 &&
      writing.encoded.fragments[writing.fragmentIndex]?.waitForContinuation === true &&
      !writing.granted
    ) {
      owner = writing;
    } else {
      for (const entry of this.#inFlight.values()) {
        if (entry.idle !== null && entry.written && !entry.idle.continued) {
          owner = entry;
          action = "idle";
          break;
        }
        if (entry.command.name === "AUTHENTICATE" && entry.written && this.#control === null) {
          owner = entry;
          action = "cancel";
          break;
        }
      }
    }
    if (owner === null) {
      this.#emit({
        type: "responseRejected",
        code: "IMAP_ERR_UNEXPECTED_CONTINUATION",
        message: "continuation request while no command waits for one",
        tag: "+",
        response: null,
        bytes,
        at: now,
      });
      return;
    }
    this.#emit({
      type: "continuationRequested",
      tag: owner.tag,
      name: owner.command.name,
      code: response.code,
      text: response.text,
      bytes,
      at: now,
    });
    if (action === "grant") {
      owner.granted = true;
    } else if (action === "idle" && owner.idle !== null) {
      owner.idle.continued = true;
      if (owner.idle.doneRequested) this.#scheduleDone(owner);
    } else {
      // The exchange asked for more than PLAIN has to give: cancel it (RFC 3501 §6.2.2).
      this.#control = { entry: owner, kind: "cancel", bytes: CANCEL.slice(), offset: 0 };
    }
  }

  #onUntaggedStatus(status: StatusResponse, bytes: number, now: number): void {
    this.#emit({ type: "statusReceived", status, bytes, at: now });
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

  #onUntaggedData(data: UntaggedData, bytes: number, now: number): void {
    const owners = routeUntagged(this.#inFlight.values(), data);
    for (const owner of owners) if (owner.collect) owner.data.push(data);
    if (data.type === "capability" && owners.length === 0) {
      // Volunteered during a login (some servers do this instead of the response code).
      for (const entry of this.#inFlight.values()) entry.capabilitiesAnnounced = true;
    }
    this.#emit({ type: "untaggedReceived", data, tags: owners.map((o) => o.tag), bytes, at: now });
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

  #onTagged(status: StatusResponse, bytes: number, now: number): void {
    const tag = status.tag as string;
    const entry = this.#inFlight.get(tag);
    if (entry === undefined) {
      this.#emit({
        type: "responseRejected",
        code: "IMAP_ERR_UNEXPECTED_TAG",
        message: "tagged response for no command in flight",
        tag,
        response: null,
        bytes,
        at: now,
      });
      return;
    }
    const condition = status.condition === "OK" || status.condition === "NO" ? status.condition : "BAD";
    this.#retire(entry);
    if (status.code?.code === "CAPABILITY") {
      entry.capabilitiesAnnounced = true;
      this.#setCapabilities(status.code.capabilities, "responseCode", now);
    }
    const name = entry.command.name;
    if (name === "SELECT" || name === "EXAMINE") this.#finishSelect(entry.tag, condition, status.code, now);
    this.#emitCompleted(entry, condition, status.code, status.text, bytes, now, false);
    this.#afterCompletion(entry, condition, now);
  }

  #emitCompleted(
    entry: Entry,
    status: CompletionStatus,
    code: ResponseCode | null,
    text: string,
    bytes: number,
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
      ...(name === "SELECT" || name === "EXAMINE" ? { mailbox: this.#mailboxes.mailbox } : {}),
      queuedAt: entry.queuedAt,
      sentAt: entry.sentAt,
      bytes,
      internal: entry.internal,
      inferred,
      at: now,
    });
  }

  /** Takes a finished command off the writer and out of flight. */
  #retire(entry: Entry): void {
    this.#inFlight.delete(entry.tag);
    this.#liveTags.delete(entry.tag);
    if (this.#writing === entry) this.#writing = null;
    if (this.#control?.entry === entry) this.#control = null;
  }

  /** State and capability consequences of a completion (the table's onOk/onFailure columns). */
  #afterCompletion(entry: Entry, condition: CompletionStatus, now: number): void {
    const name = entry.command.name;
    const traits = COMMAND_TRAITS[name];
    const trigger = condition === "OK" ? traits.onOk : traits.onFailure;
    if (trigger !== null && trigger !== "mailboxSelected" && trigger !== "selectFailed")
      this.#setState(trigger, now);
    if (entry.tag === this.#capabilityRefreshTag) {
      this.#capabilityRefreshTag = null;
      this.#capabilitiesStale = false;
    }
    if (condition !== "OK") return;
    switch (name) {
      case "LOGIN":
      case "AUTHENTICATE":
        if (!entry.capabilitiesAnnounced) {
          this.#capabilitiesStale = true;
          if (this.#autoCapability) this.#queueCapabilityRefresh(now);
        }
        return;
      case "CLOSE":
      case "UNSELECT":
        this.#emitMailbox(this.#mailboxes.close(), now);
        return;
      case "STARTTLS":
        this.#awaitingTls = true;
        this.#capabilities = null;
        this.#emit({ type: "capabilitiesChanged", capabilities: [], source: "discarded", at: now });
        return;
      case "LOGOUT":
        this.#close("logout", null, now);
        return;
      default:
        return;
    }
  }

  #setCapabilities(
    atoms: readonly string[],
    source: "greeting" | "capability" | "responseCode",
    now: number,
  ): void {
    this.#capabilities = capabilitySet(atoms);
    this.#capabilitiesStale = false;
    this.#emit({ type: "capabilitiesChanged", capabilities: [...this.#capabilities], source, at: now });
  }

  #onEnabled(atoms: readonly string[], now: number): void {
    const added: string[] = [];
    for (const atom of atoms) {
      const upper = atom.toUpperCase();
      if (!this.#enabled.has(upper)) {
        this.#enabled.add(upper);
        added.push(upper);
      }
    }
    if (added.length === 0) return;
    this.#decoder.setUtf8(utf8Enabled(this.#enabled));
    this.#emit({ type: "extensionsEnabled", capabilities: added, enabled: [...this.#enabled], at: now });
  }

  #onBye(now: number): void {
    this.#byeReceived = true;
    this.#setState("loggedOut", now);
    const error = remoteError("IMAP_ERR_BYE", "the server said BYE");
    for (const entry of this.#queue.clear()) this.#fail(entry, error, false, now);
    this.#capabilityRefreshTag = null;
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
    const selecting = [...this.#inFlight.values()].some(
      (e) => e.command.name === "SELECT" || e.command.name === "EXAMINE",
    );
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
    this.#liveTags.delete(entry.tag);
    if (entry.tag === this.#capabilityRefreshTag) this.#capabilityRefreshTag = null;
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
    for (const entry of this.#inFlight.values()) this.#fail(entry, failure, true, now);
    this.#inFlight.clear();
    for (const entry of this.#queue.clear()) this.#fail(entry, failure, false, now);
    this.#writing = null;
    this.#control = null;
    this.#closed = true;
    this.#capabilityRefreshTag = null;
    if (this.#state !== "logout") {
      this.#emit({ type: "stateChanged", from: this.#state, to: "logout", at: now });
      this.#state = "logout";
    }
    this.#emit({ type: "sessionClosed", reason, error, at: now });
  }
}
