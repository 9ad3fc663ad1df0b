/**
 * The selected mailbox as the server describes it, kept up to date by a pure reducer: each untagged
 * response (or response code) in, the new state and a list of what changed out. Data arrive at any
 * time (PROTOCOL.md §1 rule 10), so this is fed every response, not only those of the command that
 * asked. EXISTS never decreases; only EXPUNGE and VANISHED (without EARLIER) shrink the mailbox.
 * Per-message state (flags of message n) is the caller's: FETCH responses are left to it.
 */
import type { NumberRanges, ResponseCode, StatusResponse, UntaggedData } from "../types/response.js";

export interface MailboxState {
  /** The name the client asked for in SELECT/EXAMINE. */
  readonly name: string;
  /** "opening" until SELECT/EXAMINE completes OK. */
  readonly status: "opening" | "selected";
  /** EXAMINE, or `[READ-ONLY]` on the completion. */
  readonly readOnly: boolean;
  readonly exists: number;
  readonly recent: number;
  /** `* FLAGS`: flags defined in the mailbox. */
  readonly flags: readonly string[];
  /** `[PERMANENTFLAGS]`, or null when not sent (then every flag in `flags` is permanent). */
  readonly permanentFlags: readonly string[] | null;
  readonly uidValidity: number | null;
  readonly uidNext: number | null;
  /** `[UNSEEN n]`: the first unseen message's sequence number (IMAP4rev1 only). */
  readonly unseen: number | null;
  /** `[HIGHESTMODSEQ]` (RFC 7162), null when unknown or `[NOMODSEQ]`. */
  readonly highestModseq: bigint | null;
  /** `[NOMODSEQ]`: the mailbox does not support mod-sequences. */
  readonly noModseq: boolean;
}

export type MailboxChange =
  | { readonly kind: "opened"; readonly name: string; readonly readOnly: boolean }
  | { readonly kind: "selected"; readonly name: string; readonly readOnly: boolean }
  | { readonly kind: "closed"; readonly name: string }
  | { readonly kind: "exists"; readonly count: number; readonly previous: number }
  | { readonly kind: "recent"; readonly count: number }
  | { readonly kind: "expunged"; readonly seq: number }
  | { readonly kind: "vanished"; readonly uids: NumberRanges; readonly earlier: boolean }
  | { readonly kind: "flags"; readonly flags: readonly string[] }
  | { readonly kind: "permanentFlags"; readonly flags: readonly string[] }
  | { readonly kind: "uidValidity"; readonly value: number; readonly previous: number | null }
  | { readonly kind: "uidNext"; readonly value: number }
  | { readonly kind: "unseen"; readonly seq: number }
  | { readonly kind: "highestModseq"; readonly value: bigint }
  | { readonly kind: "noModseq" }
  | { readonly kind: "access"; readonly readOnly: boolean };

export interface MailboxUpdate {
  readonly state: MailboxState;
  readonly changes: readonly MailboxChange[];
}

/** The state right after SELECT/EXAMINE is sent: nothing known yet. */
export function openMailbox(name: string, readOnly: boolean): MailboxState {
  return {
    name,
    status: "opening",
    readOnly,
    exists: 0,
    recent: 0,
    flags: [],
    permanentFlags: null,
    uidValidity: null,
    uidNext: null,
    unseen: null,
    highestModseq: null,
    noModseq: false,
  };
}

/** Marks the mailbox selected (its SELECT/EXAMINE completed OK). */
export function confirmMailbox(state: MailboxState): MailboxUpdate {
  const next = { ...state, status: "selected" as const };
  return { state: next, changes: [{ kind: "selected", name: state.name, readOnly: state.readOnly }] };
}

function countRanges(ranges: NumberRanges): number {
  let n = 0;
  for (const [a, b] of ranges) n += b - a + 1;
  return n;
}

/** Applies a response code (from an untagged status or the SELECT completion). */
export function reduceMailboxCode(state: MailboxState, code: ResponseCode): MailboxUpdate | null {
  switch (code.code) {
    case "UIDVALIDITY":
      if (code.value === state.uidValidity) return null;
      return {
        state: { ...state, uidValidity: code.value },
        changes: [{ kind: "uidValidity", value: code.value, previous: state.uidValidity }],
      };
    case "UIDNEXT":
      if (code.value === state.uidNext) return null;
      return { state: { ...state, uidNext: code.value }, changes: [{ kind: "uidNext", value: code.value }] };
    case "UNSEEN":
      return { state: { ...state, unseen: code.value }, changes: [{ kind: "unseen", seq: code.value }] };
    case "PERMANENTFLAGS":
      return {
        state: { ...state, permanentFlags: code.flags },
        changes: [{ kind: "permanentFlags", flags: code.flags }],
      };
    case "HIGHESTMODSEQ":
      if (code.value === state.highestModseq) return null;
      return {
        state: { ...state, highestModseq: code.value, noModseq: false },
        changes: [{ kind: "highestModseq", value: code.value }],
      };
    case "NOMODSEQ":
      return { state: { ...state, highestModseq: null, noModseq: true }, changes: [{ kind: "noModseq" }] };
    case "READ-ONLY":
    case "READ-WRITE": {
      const readOnly = code.code === "READ-ONLY";
      if (readOnly === state.readOnly) return null;
      return { state: { ...state, readOnly }, changes: [{ kind: "access", readOnly }] };
    }
    default:
      return null;
  }
}

/**
 * Applies one response to the selected mailbox. Returns null when the response says nothing about
 * the mailbox. Tagged statuses are ignored here (the session applies their codes when they belong
 * to SELECT/EXAMINE); untagged statuses contribute their response code.
 */
export function reduceMailbox(
  state: MailboxState,
  response: UntaggedData | StatusResponse,
): MailboxUpdate | null {
  switch (response.type) {
    case "status":
      if (response.tag !== null || response.code === null) return null;
      return reduceMailboxCode(state, response.code);
    case "exists":
      return {
        state: { ...state, exists: response.count },
        changes: [{ kind: "exists", count: response.count, previous: state.exists }],
      };
    case "recent":
      return {
        state: { ...state, recent: response.count },
        changes: [{ kind: "recent", count: response.count }],
      };
    case "expunge":
      return {
        state: { ...state, exists: Math.max(0, state.exists - 1) },
        changes: [{ kind: "expunged", seq: response.seq }],
      };
    case "vanished": {
      // VANISHED (EARLIER) reports messages expunged before this session saw them: no count change.
      const exists = response.earlier ? state.exists : Math.max(0, state.exists - countRanges(response.uids));
      return {
        state: { ...state, exists },
        changes: [{ kind: "vanished", uids: response.uids, earlier: response.earlier }],
      };
    }
    case "flags":
      return {
        state: { ...state, flags: response.flags },
        changes: [{ kind: "flags", flags: response.flags }],
      };
    default:
      return null;
  }
}
