/**
 * Which in-flight command asked for a piece of untagged data (PROTOCOL.md §1 rule 9). Untagged
 * responses carry no tag, so the owner is found by what the data is keyed by: ESEARCH by its
 * `(TAG "x")` correlator, FETCH by the message number or UID the command addressed *and* the items
 * it asked for (`fetch-wants.ts`: each owner gets only its own items), STATUS by mailbox name, the
 * rest by kind (the `receives` column of the command table). Commands that
 * only poll (NOOP, CHECK, IDLE) get what no other command claims. Routing is a convenience for
 * callers that want "the result of my command"; every response is also reported on its own.
 */
import type { Command } from "../types/command.js";
import type { FetchResponse, UntaggedData } from "../types/response.js";
import { COMMAND_TRAITS } from "./command-traits.js";
import {
  claimFetch,
  type FetchWants,
  responseItemKeys,
  sectionKey,
  wantedPart,
  wantsItem,
} from "./fetch-wants.js";
import { intervalsContain, type MessageScope, messageScope } from "./message-set.js";
import { normalizeMailboxName, type PipeliningProfile } from "./pipelining.js";

/** What routing needs to know about a command in flight. */
export interface RoutedCommand {
  readonly tag: string;
  readonly command: Command;
  /** Its pipelining profile (tells whether its SEARCH results are correlated). */
  readonly profile: PipeliningProfile | null;
  /** For FETCH/STORE: the messages it addresses (see `fetchScope`). */
  readonly routeScope: MessageScope | null;
  /** For FETCH/STORE: the items it asked for (see `fetchWants`). */
  readonly wants: FetchWants | null;
  /** Streamed bodies it already received, by `streamKey`, so a second request for one goes elsewhere. */
  readonly streamed?: Set<string>;
  /** FETCH items it already received, by message and item key (see `routeFetch`). */
  readonly received?: Set<string>;
}

/** One owner of a piece of untagged data and the part of it that is the owner's. */
export interface Routed<T> {
  readonly owner: T;
  readonly data: UntaggedData;
}

/** The messages a FETCH or STORE addresses, for routing; null for other commands. */
export function fetchScope(command: Command, exists: number | null): MessageScope | null {
  if (command.name !== "FETCH" && command.name !== "STORE") return null;
  return messageScope(command.set, command.uid, command.uid ? null : exists);
}

function inScope(entry: RoutedCommand, data: FetchResponse): boolean {
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
    default:
      return true;
  }
}

/** The in-flight commands that asked for `data` (specific receivers, else the polling ones), each with its part. */
export function routeUntagged<T extends RoutedCommand>(
  inFlight: Iterable<T>,
  data: UntaggedData,
): Routed<T>[] {
  const primary: T[] = [];
  const fallback: T[] = [];
  for (const entry of inFlight) {
    const traits = COMMAND_TRAITS[entry.command.name];
    if (!traits.receives.includes(data.type)) continue;
    if (data.type === "fetch" ? !inScope(entry, data) : !claims(entry, data)) continue;
    (traits.fallbackReceiver ? fallback : primary).push(entry);
  }
  if (data.type === "fetch") {
    const routed = routeFetch(primary, data);
    return routed.length > 0 ? routed : fallback.map((owner) => ({ owner, data }));
  }
  return (primary.length > 0 ? primary : fallback).map((owner) => ({ owner, data }));
}

/**
 * Gives each item of a FETCH response to one command that asked for it: a streamed section to the
 * first command that received its bytes and not yet its response; anything else to the first command that has not received that
 * item of that message yet (two identical FETCHes in flight each get one copy), else the first that
 * asked. Each owner's part holds only its items. What a command receives is remembered only while
 * another command in scope competes for it: a row that reached the only FETCH in scope is not
 * recorded, so a server that answered a later identical FETCH for that message while the first still
 * runs would give that answer to the first (servers answer pipelined FETCHes in order).
 */
function routeFetch<T extends RoutedCommand>(candidates: readonly T[], data: FetchResponse): Routed<T>[] {
  const only = candidates.length === 1 ? (candidates[0] as T) : null;
  if (only !== null) {
    // One command in scope (the usual case): nothing to share out, nothing to remember.
    const part = only.wants === null ? data : wantedPart(only.wants, data);
    return part === null ? [] : [{ owner: only, data: part }];
  }
  const message = data.items.uid ?? `#${data.seq}`;
  const streamedKeys = new Set(
    (data.items.sections ?? [])
      .filter((s) => s.streamedSize !== undefined)
      .map((s) => sectionKey(s.item, s.section, s.origin)),
  );
  const owners = new Map<string, T>();
  for (const key of responseItemKeys(data.items)) {
    const wanting = candidates.filter((c) => c.wants === null || wantsItem(c.wants, key));
    const id = `${message} ${key}`;
    const owner = streamedKeys.has(key)
      ? (wanting.find(
          (c) => c.streamed?.has(`#${data.seq} ${key}`) === true && c.received?.has(id) !== true,
        ) ?? wanting[0])
      : (wanting.find((c) => c.received?.has(id) !== true) ?? wanting[0]);
    if (owner !== undefined) owners.set(key, owner);
  }
  const out: Routed<T>[] = [];
  for (const owner of new Set(owners.values())) {
    const part = owner.wants === null ? data : claimFetch(data, (key) => owners.get(key) === owner);
    if (part === null) continue;
    for (const [key, o] of owners) if (o === owner) owner.received?.add(`${message} ${key}`);
    out.push({ owner, data: part });
  }
  return out;
}

/** A streamed body as it is about to start. */
export interface StreamStart {
  readonly seq: number;
  /** Known only when the server sent UID before the body. */
  readonly uid: number | null;
  readonly item: string;
  readonly section: string;
  readonly origin: number | null;
}

/** Identifies one streamed body of one message for `RoutedCommand.streamed`. */
export function streamKey(start: Pick<StreamStart, "seq" | "item" | "section" | "origin">): string {
  // By sequence number: the UID may not be known yet when a body starts streaming.
  return `#${start.seq} ${sectionKey(start.item, start.section, start.origin)}`;
}

/**
 * The FETCH in flight that asked for the body about to stream: the message in its scope (when the
 * UID is not known yet, any UID FETCH may be the owner) and that very section in its items. With
 * two such commands, the first that has not received this body yet.
 */
export function bodyOwner<T extends RoutedCommand>(inFlight: Iterable<T>, start: StreamStart): T | null {
  const probe: FetchResponse = {
    type: "fetch",
    seq: start.seq,
    items: start.uid === null ? {} : { uid: start.uid },
  };
  const key = sectionKey(start.item, start.section, start.origin);
  const received = streamKey(start);
  let first: T | null = null;
  for (const entry of inFlight) {
    if (entry.command.name !== "FETCH" || entry.wants?.sections.has(key) !== true) continue;
    const scoped = start.uid === null && entry.routeScope?.uid === true ? true : inScope(entry, probe);
    if (!scoped) continue;
    if (entry.streamed?.has(received) !== true) return entry;
    first ??= entry;
  }
  return first;
}
