/**
 * Whom the server's `+` is for (PROTOCOL.md §1 rules 3, 4, 13). At most one command can be waiting
 * for it: the one being written, when its next fragment is a synchronizing literal or a SASL line;
 * else an IDLE that was sent and is not yet idling; else an AUTHENTICATE whose exchange asks for
 * more than PLAIN gives, which is then cancelled with `*` (RFC 3501 §6.2.2).
 */
import type { Entry } from "./entry.js";
import type { Writer } from "./writer.js";

export type ContinuationAction = "grant" | "idle" | "cancel";

export function continuationOwner(
  writer: Writer,
  inFlight: Iterable<Entry>,
): { readonly owner: Entry; readonly action: ContinuationAction } | null {
  const waiting = writer.awaitingGrant();
  if (waiting !== null) return { owner: waiting, action: "grant" };
  for (const entry of inFlight) {
    if (entry.idle !== null && entry.written && !entry.idle.continued)
      return { owner: entry, action: "idle" };
    if (entry.command.name === "AUTHENTICATE" && entry.written && !writer.controlPending) {
      return { owner: entry, action: "cancel" };
    }
  }
  return null;
}
