/** What a `Session` is built with, and what `send` and `cancel` take and give. */
import type { DecoderOptions } from "../codec/decoder.js";
import type { EncoderOptions } from "../codec/fragment.js";
import type { Command, CommandName } from "../types/command.js";
import type { CapabilitySet } from "./capabilities.js";
import type { TagGenerator } from "./tags.js";

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
  readonly decoder?: Omit<DecoderOptions, "utf8" | "keepRaw">;
  /** Force encoder features on or off regardless of capabilities (e.g. `{ literalPlus: false }`). */
  readonly encoder?: Partial<EncoderOptions>;
  /** Send CAPABILITY after login/STARTTLS when the server did not volunteer them. Default true. */
  readonly autoCapability?: boolean;
  /**
   * Refuse, with IMAP_ERR_NOT_SUPPORTED, commands that need a capability the server does not offer
   * (MOVE without MOVE, ...). Default true.
   */
  readonly checkCapabilities?: boolean;
  /** Put each response's octets on its event as `raw` (for a protocol log). Default false. */
  readonly keepRaw?: boolean;
  readonly quirks?: Partial<SessionQuirks>;
}

export interface SendOptions {
  /** Keep the untagged data routed to this command for its `commandCompleted`. Default true (IDLE: false). */
  readonly collect?: boolean;
  /**
   * Picks the command to send from the server's capabilities, once they are known and the command
   * is about to go out (asking for them first when nobody has). The result must be valid in the
   * same states as `command`, which stands for it until then; throwing an `ImapError` fails it.
   */
  readonly prepare?: (capabilities: CapabilitySet) => Command;
}

/** What `send` returns: the tag under which the command's events will appear. */
export interface CommandHandle {
  readonly tag: string;
  readonly name: CommandName;
}

/** What `cancel` did. */
export type CancelOutcome =
  /** It was still queued: it never goes out. */
  | "withdrawn"
  /** It was sent: it failed now, and its reply will be consumed when it comes. */
  | "abandoned"
  /** No such command is pending (it ended already). */
  | "unknown";
