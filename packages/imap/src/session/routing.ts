/**
 * Which in-flight command asked for a piece of untagged data (PROTOCOL.md §1 rule 9). Untagged
 * responses carry no tag, so the owner is found by what the data is keyed by: ESEARCH by its
 * `(TAG "x")` correlator, FETCH by the message number or UID the command addressed, STATUS by
 * mailbox name, the rest by kind (the `receives` column of the pipelining table). Commands that
 * only poll (NOOP, CHECK, IDLE) get what no other command claims. Routing is a convenience for
 * callers that want "the result of my command"; every response is also reported on its own.
 */
import type { Command } from "../types/command.js";
import type { FetchResponse, UntaggedData } from "../types/response.js";
import { intervalsContain, type MessageScope, messageScope } from "./message-set.js";
import { COMMAND_TRAITS, normalizeMailboxName, type PipeliningProfile } from "./pipelining.js";

/** What routing needs to know about a command in flight. */
export interface RoutedCommand {
  readonly tag: string;
  readonly command: Command;
  /** Its pipelining profile (tells whether its SEARCH results are correlated). */
  readonly profile: PipeliningProfile | null;
  /** For FETCH/STORE: the messages it addresses (see `fetchScope`). */
  readonly routeScope: MessageScope | null;
}

/** The messages a FETCH or STORE addresses, for routing; null for other commands. */
export function fetchScope(command: Command, exists: number | null): MessageScope | null {
  if (command.name !== "FETCH" && command.name !== "STORE") return null;
  return messageScope(command.set, command.uid, command.uid ? null : exists);
}

function fetchClaims(entry: RoutedCommand, data: FetchResponse): boolean {
  const scope = entry.routeScope;
  if (scope === null) return true;
  if (scope.uid) {
    const uid = data.items.uid;
    return uid !== undefined && (scope.intervals === null || intervalsContain(scope.intervals, uid));
  }
  return scope.intervals === null || intervalsContain(scope.intervals, data.seq);
}

function claims(entry: RoutedCommand, data: UntaggedData): boolean {
  const command = entry.command;
  switch (data.type) {
    case "list":
      return data.command === "LSUB" ? command.name === "LSUB" : command.name === "LIST";
    case "mailboxStatus":
      if (command.name === "STATUS") {
        return normalizeMailboxName(command.mailbox) === normalizeMailboxName(data.mailbox.name);
      }
      return command.name === "LIST" && command.returnStatus !== undefined;
    case "search":
      return entry.profile?.result === "search";
    case "esearch":
      return data.tag !== null ? data.tag === entry.tag : entry.profile?.result === "search";
    case "fetch":
      return fetchClaims(entry, data);
    default:
      return true;
  }
}

/** The in-flight commands that asked for `data`: specific receivers, else the polling ones. */
export function routeUntagged<T extends RoutedCommand>(inFlight: Iterable<T>, data: UntaggedData): T[] {
  const primary: T[] = [];
  const fallback: T[] = [];
  for (const entry of inFlight) {
    const traits = COMMAND_TRAITS[entry.command.name];
    if (!traits.receives.includes(data.type) || !claims(entry, data)) continue;
    (traits.fallbackReceiver ? fallback : primary).push(entry);
  }
  return primary.length > 0 ? primary : fallback;
}

/**
 * The FETCH in flight that a streamed body of message `seq` belongs to. `uid` is known only when
 * the server sent UID before the body; without it, a UID FETCH may still be the owner.
 */
export function bodyOwner<T extends RoutedCommand>(
  inFlight: Iterable<T>,
  seq: number,
  uid: number | null,
): T | null {
  const probe: FetchResponse = { type: "fetch", seq, items: uid === null ? {} : { uid } };
  for (const entry of inFlight) {
    if (entry.command.name !== "FETCH") continue;
    if (uid === null && entry.routeScope?.uid === true) return entry;
    if (fetchClaims(entry, probe)) return entry;
  }
  return null;
}
