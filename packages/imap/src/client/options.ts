/** The options and handles of `ImapClient`'s API. */
import type { BodyChunkEvent, BodyEndedEvent, BodyStartedEvent } from "../session/events.js";
import type { SessionOptions } from "../session/options.js";
import type { CommandName, SequenceSet, StatusItem } from "../types/command.js";
import type { CommandResult } from "./results.js";
import type { AbortSignalLike, Timers } from "./timers.js";

export interface ImapClientOptions {
  /** Options of the underlying session (tags, `maxInFlight`, decoder limits, `keepRaw`, ...). */
  readonly session?: SessionOptions;
  /** Clock for event timestamps, in milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** Timers for command timeouts. Default the host's. */
  readonly timers?: Timers;
  /** Most bytes left in the transport's write buffer. Default `DEFAULT_HIGH_WATER_MARK` (256 KiB). */
  readonly highWaterMark?: number;
  /**
   * Default for every command's `timeoutMs` (IDLE excepted). Default none: a command waits for
   * its reply as long as the connection lives.
   */
  readonly commandTimeoutMs?: number;
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

/** What every command method accepts. */
export interface CallOptions {
  /**
   * Withdraws the command when it aborts: still queued, it never goes out; already sent, its
   * promise rejects at once (IMAP_ERR_CANCELLED) and its late reply is consumed.
   */
  readonly signal?: AbortSignalLike;
  /** Rejects with IMAP_ERR_TIMEOUT when the command has not completed this long after the call. */
  readonly timeoutMs?: number;
}

export interface CommandOptions extends CallOptions {
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

export interface LoginOptions extends CallOptions {
  /**
   * `auto` (default): AUTHENTICATE PLAIN when the server advertises `AUTH=PLAIN`, else LOGIN,
   * chosen once the capabilities are known.
   */
  readonly mechanism?: "auto" | "PLAIN" | "LOGIN";
  /** SASL authorization identity for PLAIN. */
  readonly authzid?: string;
}

export interface SelectOptions extends CallOptions {
  readonly condstore?: boolean;
  readonly qresync?: {
    readonly uidValidity: number;
    readonly modseq: bigint;
    readonly knownUids?: SequenceSet;
  };
}

export interface ListOptions extends CallOptions {
  readonly selectOptions?: readonly string[];
  readonly specialUse?: boolean;
  readonly subscribed?: boolean;
  readonly children?: boolean;
  /** LIST-STATUS items (RFC 5819). */
  readonly status?: readonly StatusItem[];
}

/** UID forms are the default everywhere (DESIGN.md: UIDs everywhere); `uid: false` for sequence numbers. */
export interface UidOption extends CallOptions {
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

/** `search()` only: ask for ESEARCH's compact `RETURN (ALL)` ranges, expanded into the same numbers. */
export interface PlainSearchOptions extends SearchOptions {
  readonly compact?: boolean;
}

export interface StoreOptions extends UidOption {
  readonly silent?: boolean;
  readonly unchangedSince?: bigint;
}

export interface AppendOptions extends CallOptions {
  readonly flags?: readonly string[];
  readonly internalDate?: Date;
}
