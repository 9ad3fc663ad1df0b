/**
 * What the session reports: past-tense facts, one discriminated union. Every event carries `at`, the
 * timestamp the driver passed to the call that produced it (the core reads no clock); events about
 * bytes on the wire carry their byte count, so a protocol timeline can be drawn from them alone.
 * No event carries a credential: commands appear as the encoder's redacted `traceText`, and the
 * bytes of literals and SASL responses only as counts.
 */
import type { ImapError } from "../errors.js";
import type { CommandName } from "../types/command.js";
import type {
  BodySection,
  ResponseCode,
  StatusCondition,
  StatusResponse,
  UnparsedResponse,
  UntaggedData,
} from "../types/response.js";
import type { ConnectionState } from "./connection-state.js";
import type { MailboxChange, MailboxState } from "./mailbox-state.js";

interface Timed {
  /** The driver's timestamp of the call that produced the event. */
  readonly at: number;
}

/** The server's first response (RFC 3501 §7.1: OK, PREAUTH or BYE). */
export interface GreetingReceivedEvent extends Timed {
  readonly type: "greetingReceived";
  readonly condition: "OK" | "PREAUTH" | "BYE";
  readonly code: ResponseCode | null;
  readonly text: string;
  readonly bytes: number;
  /** With the session option `keepRaw`: the response's octets as received (streamed bodies left out). */
  readonly raw?: Uint8Array;
}

/** `send` accepted a command; it waits in the write queue. */
export interface CommandQueuedEvent extends Timed {
  readonly type: "commandQueued";
  readonly tag: string;
  readonly name: CommandName;
  /** The command as text, credentials and literal contents redacted. */
  readonly text: string;
  /** True for commands the session issued itself (CAPABILITY after login). */
  readonly internal: boolean;
}

/** The driver took the first bytes of a command: it is in flight. */
export interface CommandSentEvent extends Timed {
  readonly type: "commandSent";
  readonly tag: string;
  readonly name: CommandName;
  readonly text: string;
  /** Encoded size of the whole command, literals included. */
  readonly bytes: number;
  /** Commands in flight, this one included. */
  readonly inFlight: number;
  readonly internal: boolean;
}

/** `+` arrived for the command named. */
export interface ContinuationRequestedEvent extends Timed {
  readonly type: "continuationRequested";
  readonly tag: string;
  readonly name: CommandName;
  readonly code: ResponseCode | null;
  readonly text: string;
  readonly bytes: number;
  /** With the session option `keepRaw`: the response's octets as received (streamed bodies left out). */
  readonly raw?: Uint8Array;
}

/**
 * Bytes that answer a `+` were taken by the driver: a literal, a SASL response, the IDLE `DONE`
 * or the `*` that cancels an authentication exchange.
 */
export interface ContinuationSentEvent extends Timed {
  readonly type: "continuationSent";
  readonly tag: string;
  readonly name: CommandName;
  readonly kind: "literal" | "line" | "done" | "cancel";
  readonly bytes: number;
}

/** Untagged data (CAPABILITY, LIST, FETCH, EXISTS, ...), with the in-flight commands it was routed to. */
export interface UntaggedReceivedEvent extends Timed {
  readonly type: "untaggedReceived";
  readonly data: UntaggedData;
  /** Tags of the commands that asked for it; empty when unsolicited. */
  readonly tags: readonly string[];
  readonly bytes: number;
  /** With the session option `keepRaw`: the response's octets as received (streamed bodies left out). */
  readonly raw?: Uint8Array;
}

/** An untagged status: `* OK [ALERT] ...`, `* NO ...`, `* BAD ...`, `* BYE ...`. */
export interface StatusReceivedEvent extends Timed {
  readonly type: "statusReceived";
  readonly status: StatusResponse;
  readonly bytes: number;
  /** With the session option `keepRaw`: the response's octets as received (streamed bodies left out). */
  readonly raw?: Uint8Array;
}

/** A large `BODY[...]`/`BINARY[...]` literal starts streaming. */
export interface BodyStartedEvent extends Timed {
  readonly type: "bodyStarted";
  /** The FETCH command it belongs to, or null when unsolicited or ambiguous. */
  readonly tag: string | null;
  readonly seq: number;
  readonly uid: number | null;
  readonly item: BodySection["item"];
  readonly section: string;
  readonly origin: number | null;
  readonly size: number;
}

/** Streamed body bytes: a view valid until the next `receive` (copy to keep). */
export interface BodyChunkEvent extends Timed {
  readonly type: "bodyChunk";
  readonly tag: string | null;
  readonly data: Uint8Array;
}

export interface BodyEndedEvent extends Timed {
  readonly type: "bodyEnded";
  readonly tag: string | null;
}

/** The server's tagged completion for a command. */
export interface CommandCompletedEvent extends Timed {
  readonly type: "commandCompleted";
  readonly tag: string;
  readonly name: CommandName;
  readonly status: CompletionStatus;
  readonly code: ResponseCode | null;
  readonly text: string;
  /** Untagged data routed to this command while it was in flight (unless `collect: false`). */
  readonly data: readonly UntaggedData[];
  /** For SELECT/EXAMINE: the mailbox after the completion (null when it failed). */
  readonly mailbox?: MailboxState | null;
  /** When the command was queued and first sent (driver timestamps). */
  readonly queuedAt: number;
  readonly sentAt: number;
  readonly bytes: number;
  readonly internal: boolean;
  /**
   * True when no tagged response arrived and the completion is inferred: a LOGOUT whose BYE came
   * before the server closed the connection (quirk `logoutWithoutTaggedOk`).
   */
  readonly inferred: boolean;
  /**
   * True for the late reply of a command cancelled after it was sent: its `commandFailed` was
   * reported at the cancel; this completion is for traces and has no one waiting for it.
   */
  readonly cancelled: boolean;
  /** With the session option `keepRaw`: the response's octets as received (streamed bodies left out). */
  readonly raw?: Uint8Array;
}

/**
 * A command ended without a tagged completion: refused locally before it was sent (bad state,
 * invalid argument, not offered by the server), cancelled (`Session.cancel`: IMAP_ERR_CANCELLED or
 * the error given, such as a timeout), or lost because the session closed. Every command gets
 * exactly one `commandCompleted` or `commandFailed`; only a command cancelled after it was sent may
 * also see a late `commandCompleted` with `cancelled: true`.
 */
export interface CommandFailedEvent extends Timed {
  readonly type: "commandFailed";
  readonly tag: string;
  readonly name: CommandName;
  readonly error: ImapError;
  /** Whether any of its bytes had been written. */
  readonly sent: boolean;
  readonly internal: boolean;
}

export interface StateChangedEvent extends Timed {
  readonly type: "stateChanged";
  readonly from: ConnectionState;
  readonly to: ConnectionState;
}

export interface CapabilitiesChangedEvent extends Timed {
  readonly type: "capabilitiesChanged";
  /** Upper-cased atoms; empty when the session discarded them (after STARTTLS). */
  readonly capabilities: readonly string[];
  readonly source: "greeting" | "capability" | "responseCode" | "discarded";
}

/** `* ENABLED` took effect (RFC 5161). */
export interface ExtensionsEnabledEvent extends Timed {
  readonly type: "extensionsEnabled";
  /** Newly enabled extensions, upper-cased. */
  readonly capabilities: readonly string[];
  /** Every extension enabled so far. */
  readonly enabled: readonly string[];
}

/** The selected mailbox changed (reducer output); `mailbox` is null when none is selected. */
export interface MailboxChangedEvent extends Timed {
  readonly type: "mailboxChanged";
  readonly mailbox: MailboxState | null;
  readonly changes: readonly MailboxChange[];
}

/**
 * A response the session did not act on: decoder rejections (over a limit), unparsed responses,
 * completions with an unknown tag, continuations nobody asked for. The session goes on.
 */
export interface ResponseRejectedEvent extends Timed {
  readonly type: "responseRejected";
  readonly code: string;
  readonly message: string;
  readonly tag: string | null;
  /** The raw bytes when the decoder kept them (unparsed responses). */
  readonly response: UnparsedResponse | null;
  readonly bytes: number;
  /** With the session option `keepRaw`: the response's octets as received (streamed bodies left out). */
  readonly raw?: Uint8Array;
}

/**
 * The session is over: the driver should close the transport (if it is still open). Every command
 * still queued or in flight has failed with `error` before this event.
 */
export interface SessionClosedEvent extends Timed {
  readonly type: "sessionClosed";
  /**
   * `logout`: LOGOUT completed; `bye`: the server said BYE; `framingLost`: unreadable stream;
   * `tlsFailed`: plaintext arrived between STARTTLS's OK and the handshake, or the handshake failed.
   */
  readonly reason:
    | "logout"
    | "bye"
    | "framingLost"
    | "notImap"
    | "transportClosed"
    | "closedLocally"
    | "tlsFailed";
  readonly error: ImapError | null;
}

export type SessionEvent =
  | GreetingReceivedEvent
  | CommandQueuedEvent
  | CommandSentEvent
  | ContinuationRequestedEvent
  | ContinuationSentEvent
  | UntaggedReceivedEvent
  | StatusReceivedEvent
  | BodyStartedEvent
  | BodyChunkEvent
  | BodyEndedEvent
  | CommandCompletedEvent
  | CommandFailedEvent
  | StateChangedEvent
  | CapabilitiesChangedEvent
  | ExtensionsEnabledEvent
  | MailboxChangedEvent
  | ResponseRejectedEvent
  | SessionClosedEvent;

export type SessionEventType = SessionEvent["type"];

/** Status conditions a tagged completion can have. */
export type CompletionStatus = Extract<StatusCondition, "OK" | "NO" | "BAD">;
