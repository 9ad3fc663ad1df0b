/**
 * The scheduler's question: may the command at the head of the queue go out now, must it wait (and
 * why), or can it never run? Answered from a snapshot of the session, without side effects, in the
 * order of how fundamental each reason is: the connection first, then the writer and the window,
 * then capabilities, then the pipelining rules (`pipelining.ts`).
 */
import { ImapError, ImapLocalError, ImapRemoteError } from "../errors.js";
import type { Command } from "../types/command.js";
import type { CapabilitySet } from "./capabilities.js";
import { unsupportedReason } from "./capability-requirements.js";
import { type ConnectionState, stateProblem } from "./connection-state.js";
import type { Entry } from "./entry.js";
import {
  findConflict,
  mayFollow,
  type PipeliningContext,
  type PipeliningProfile,
  type PipeliningRequirement,
  pipeliningProfile,
} from "./pipelining.js";

/** Why the next queued command is not going out now (see `Session.blockedReason`). */
export type BlockReason =
  | PipeliningRequirement
  | "closed"
  | "awaitingGreeting"
  | "awaitingTls"
  | "writerBusy"
  | "maxInFlight"
  | "capabilitiesStale"
  | "capabilitiesUnknown";

export type HeadStatus =
  | { readonly kind: "empty" }
  | { readonly kind: "blocked"; readonly reason: BlockReason }
  | { readonly kind: "invalid"; readonly error: ImapError }
  | { readonly kind: "ready"; readonly profile: PipeliningProfile };

/** What the answer depends on. */
export interface SessionSnapshot {
  readonly head: Entry | undefined;
  readonly closed: boolean;
  readonly everSelected: boolean;
  readonly awaitingTls: boolean;
  readonly writerBusy: boolean;
  readonly inFlight: ReadonlyMap<string, Entry>;
  readonly maxInFlight: number;
  /** Tag of the session's own CAPABILITY, while it is pending. */
  readonly refreshTag: string | null;
  /** Known and current capabilities, or null. */
  readonly capabilities: CapabilitySet | null;
  readonly checkCapabilities: boolean;
  readonly context: PipeliningContext;
}

/** Why `command` cannot run in the current state, as the error it fails with, or null. */
export function invalidIn(command: Command, state: ConnectionState, everSelected: boolean): ImapError | null {
  if (state === "logout") return new ImapRemoteError("IMAP_ERR_BYE", "the connection is logging out");
  const problem = stateProblem(command.name, state, everSelected);
  return problem === null ? null : new ImapLocalError("IMAP_ERR_BAD_STATE", problem);
}

/** Whether `entry` must wait for capabilities: it has a `prepare` hook, or one to check. */
export function needsCapabilities(entry: Entry, check: boolean): boolean {
  return entry.prepare !== null || (check && entry.needsCapabilities);
}

export function headStatus(s: SessionSnapshot): HeadStatus {
  const head = s.head;
  if (head === undefined) return { kind: "empty" };
  if (s.closed) return { kind: "blocked", reason: "closed" };
  const state = s.context.state;
  if (state === "awaitingGreeting") return { kind: "blocked", reason: "awaitingGreeting" };
  const running: PipeliningProfile[] = [];
  for (const entry of s.inFlight.values()) if (entry.profile !== null) running.push(entry.profile);
  // A state change in flight may still make the command valid (or invalid): judge it afterwards.
  if (!running.some((r) => r.behaviors.has("changesState"))) {
    const error = invalidIn(head.command, state, s.everSelected);
    if (error !== null) return { kind: "invalid", error };
  }
  if (s.awaitingTls) return { kind: "blocked", reason: "awaitingTls" };
  if (s.writerBusy) return { kind: "blocked", reason: "writerBusy" };
  if (s.inFlight.size >= s.maxInFlight) return { kind: "blocked", reason: "maxInFlight" };
  if (s.refreshTag !== null && head.tag !== s.refreshTag)
    return { kind: "blocked", reason: "capabilitiesStale" };
  if (needsCapabilities(head, s.checkCapabilities) && s.capabilities === null) {
    return { kind: "blocked", reason: "capabilitiesUnknown" };
  }
  const profile = pipeliningProfile(head.command, s.context);
  const conflict = findConflict(profile, running);
  if (conflict !== null) return { kind: "blocked", reason: conflict };
  // Behind a SELECT in flight it will run in the mailbox that SELECT opens (or be refused).
  const follows = running.some((r) => mayFollow(profile, r));
  const error = follows ? null : invalidIn(head.command, state, s.everSelected);
  if (error !== null) return { kind: "invalid", error };
  return { kind: "ready", profile };
}

/**
 * The head is about to go out: apply `prepare` and check capabilities against `caps` (known by
 * now when the entry needed them). Returns the error that keeps it from going, or null.
 */
export function finalizeCommand(entry: Entry, caps: CapabilitySet | null, check: boolean): ImapError | null {
  try {
    if (entry.prepare !== null && caps !== null) {
      entry.command = entry.prepare(caps);
      entry.prepare = null;
      entry.encodedKey = "";
    }
    if (check && !entry.internal && caps !== null) {
      const reason = unsupportedReason(entry.command, caps);
      if (reason !== null) return new ImapLocalError("IMAP_ERR_NOT_SUPPORTED", reason);
    }
  } catch (error) {
    return error instanceof ImapError
      ? error
      : new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", String(error));
  }
  return null;
}
