/**
 * The pipelining rules of RFC 3501 §5.5 / RFC 9051 §5.5 (PROTOCOL.md §1) as data.
 *
 * Every command is described twice, in the manner of swift-nio-imap's `PipeliningRequirement` and
 * `PipeliningBehavior`:
 *
 * - its **behaviours** while it is in flight ("changes the mailbox", "the server may send EXPUNGE
 *   while it runs", "reads flags of messages 1:5", "is a barrier", ...), and
 * - its **requirements** before it may be sent ("no EXPUNGE may arrive while it runs", "nothing that
 *   depends on the selected mailbox is running", ...).
 *
 * A queued command may go out when none of its requirements is violated by the behaviour of any
 * command in flight; `REQUIREMENT_CHECKS` says which behaviour violates which requirement. The
 * static part of each command's profile is the `COMMAND_TRAITS` table; `pipeliningProfile` adds what
 * depends on the arguments (UID or sequence numbers, flag-reading FETCH items, search keys, the
 * target mailbox) and on the session (mailbox size for `*`, ENABLEd extensions). The static part
 * is the `COMMAND_TRAITS` table of `command-traits.ts`.
 *
 * Rules that concern the writer rather than command pairs (continuations serialise the pipe, IDLE
 * admits only DONE, flow control, `maxInFlight`) live in the session; rule numbers below refer to
 * PROTOCOL.md §1. The model errs on the side of waiting: an unknown set is every message, UIDs and
 * sequence numbers are never compared, and any command other than non-UID FETCH/STORE/SEARCH may
 * trigger EXPUNGE.
 */
import { BARE_SEARCH_KEYS, type Command, type FetchAttribute, type SearchKey } from "../types/command.js";
import type { CapabilitySet } from "./capabilities.js";
import { searchAlwaysCorrelated } from "./capabilities.js";
import { COMMAND_TRAITS, type CommandTraits, type PipelinedCommandName } from "./command-traits.js";
import { type ConnectionState, nextState } from "./connection-state.js";
import { ALL_MESSAGES, type MessageScope, messageScope, scopesOverlap } from "./message-set.js";

/** What a command in flight does that may keep others from starting. */
export type PipeliningBehavior =
  /** Rule 12/13: nothing may start until it completes (IDLE: until DONE is sent). */
  | "barrier"
  /** Rule 11: SELECT, EXAMINE, CLOSE, UNSELECT. */
  | "changesMailbox"
  /** Its results refer to the selected mailbox. */
  | "dependsOnMailbox"
  /** Rule 7: the server may send EXPUNGE while it runs (all but non-UID FETCH, STORE, SEARCH). */
  | "mayTriggerExpunge"
  /** Rule 6: its results include flags (FETCH FLAGS/MODSEQ, STORE without .SILENT, flag search keys). */
  | "readsFlags"
  /** Rule 6: it changes flags (STORE, FETCH of a body section without .PEEK sets \Seen). */
  | "writesFlags"
  /** LIST, LSUB, STATUS read the mailbox hierarchy and subscriptions. */
  | "readsMailboxList"
  /** CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE change them. */
  | "writesMailboxList"
  /** STATUS, SELECT, EXAMINE read a named mailbox's contents. */
  | "readsContents"
  /** APPEND, COPY, MOVE, DELETE, RENAME change a named mailbox's contents. */
  | "writesContents"
  /** Rule 9: its untagged results cannot be told apart from another command's of the same kind. */
  | "uncorrelatedResult"
  /** Rule 11/12: its completion changes the connection state (LOGIN, SELECT, CLOSE, ...). */
  | "changesState"
  /** Rule 14: ENABLE changes the syntax of what follows (UTF-8, MODSEQ, VANISHED). */
  | "changesSyntax";

/** What must hold about the commands in flight before a command may be sent. */
export type PipeliningRequirement =
  /** Rule 12: a barrier starts only on an empty pipe. */
  | "emptyPipe"
  /** Rule 12/13: nothing starts while a barrier runs. */
  | "noBarrier"
  /** Rule 11: a mailbox switch waits for every command that depends on the selected mailbox (or switches it). */
  | "noMailboxUse"
  /** Rule 11: a command on the selected mailbox waits for a mailbox switch to complete. */
  | "stableMailbox"
  /** Rule 7: a command with sequence numbers waits for every command that may trigger EXPUNGE. */
  | "noExpunge"
  /** Rule 6: a flag reader waits for flag writers on the same messages. */
  | "noFlagWrites"
  /** Rule 6: a flag writer waits for flag readers (and writers) on the same messages. */
  | "noFlagReads"
  /** A hierarchy reader waits for hierarchy writers. */
  | "noMailboxListWrites"
  /** A hierarchy writer waits for hierarchy readers and writers. */
  | "noMailboxListAccess"
  /** A reader of mailbox X waits for writers of X. */
  | "noContentWrites"
  /** A writer of mailbox X waits for readers of X. */
  | "noContentReads"
  /** Rule 9: two commands whose untagged results look alike do not overlap. */
  | "uniqueResult"
  /** Rule 11: wait while a state change in flight may end in a state where this command is invalid. */
  | "settledState"
  /** Rule 14: wait for ENABLE to complete. */
  | "stableSyntax";

/** A command's behaviours and requirements with its arguments taken into account. */
export interface PipeliningProfile {
  readonly name: PipelinedCommandName;
  readonly traits: CommandTraits;
  readonly behaviors: ReadonlySet<PipeliningBehavior>;
  readonly requirements: ReadonlySet<PipeliningRequirement>;
  /** True when the command's arguments or results are message sequence numbers. */
  readonly usesSequenceNumbers: boolean;
  /** Messages whose flags it reads or writes (when it does). */
  readonly flagScope: MessageScope;
  /** The mailbox whose contents it reads or writes, normalised (INBOX is case-insensitive). */
  readonly contentsMailbox: string | null;
  /** The states the connection may be in once the command completes (with `changesState`). */
  readonly outcomes: readonly ConnectionState[];
  /** Its untagged result kind when that carries no tag (rule 9); null when correlated or none. */
  readonly result: CommandTraits["result"];
  /** A UID read (FETCH without flag writes, SEARCH, SORT, THREAD) that may follow a SELECT at once. */
  readonly followsSwitch: boolean;
}

/** What the profile depends on besides the command. */
export interface PipeliningContext {
  /** The state the command will run in. */
  readonly state: ConnectionState;
  /** Messages in the selected mailbox (the value of `*` for sequence numbers), or null. */
  readonly exists: number | null;
  /** Extensions switched on by ENABLE. */
  readonly enabled: CapabilitySet;
}

/** INBOX is case-insensitive (RFC 3501 §5.1); other names compare exactly. */
export function normalizeMailboxName(name: string): string {
  return name.toUpperCase() === "INBOX" ? "INBOX" : name;
}

/** Search keys whose result depends on flags: every bare key but ALL, keywords and MODSEQ. */
const FLAG_SEARCH_KEYS: ReadonlySet<string> = new Set([
  ...BARE_SEARCH_KEYS.filter((key) => key !== "ALL"),
  "KEYWORD",
  "UNKEYWORD",
  "MODSEQ",
]);

/** Walks search keys without recursion (criteria can nest deeply). */
function scanSearchKeys(keys: readonly SearchKey[]): { sequenceNumbers: boolean; flags: boolean } {
  let sequenceNumbers = false;
  let flags = false;
  const stack: SearchKey[] = [...keys];
  for (let key = stack.pop(); key !== undefined; key = stack.pop()) {
    if (key.key === "SEQ") sequenceNumbers = true;
    else if (FLAG_SEARCH_KEYS.has(key.key)) flags = true;
    else if (key.key === "NOT") stack.push(key.operand);
    else if (key.key === "OR") stack.push(key.left, key.right);
    else if (key.key === "AND") stack.push(...key.operands);
  }
  return { sequenceNumbers, flags };
}

function fetchReadsFlags(attributes: readonly FetchAttribute[]): boolean {
  return attributes.some((a) => a === "FLAGS" || a === "MODSEQ");
}

/** A body section fetched without .PEEK sets \Seen (RFC 3501 §6.4.5). */
function fetchWritesFlags(attributes: readonly FetchAttribute[]): boolean {
  return attributes.some((a) => typeof a === "object" && a.item !== "BINARY.SIZE" && a.peek !== true);
}

function targetMailbox(command: Command): string | null {
  switch (command.name) {
    case "STATUS":
    case "SELECT":
    case "EXAMINE":
    case "DELETE":
    case "APPEND":
    case "COPY":
    case "MOVE":
      return normalizeMailboxName(command.mailbox);
    case "RENAME":
      return normalizeMailboxName(command.from);
    default:
      return null;
  }
}

/** Builds the profile of `command` (or of a bare COMPRESS) in `context`. */
export function pipeliningProfile(
  command: Command | { readonly name: "COMPRESS" },
  context: PipeliningContext,
): PipeliningProfile {
  const t = COMMAND_TRAITS[command.name];
  const behaviors = new Set<PipeliningBehavior>();
  const requirements = new Set<PipeliningRequirement>(["noBarrier", "settledState", "stableSyntax"]);
  const uid = "uid" in command ? command.uid : command.name === "EXPUNGE" && command.uids !== undefined;

  let usesSequenceNumbers = false;
  let readsFlags = false;
  let writesFlags = false;
  let flagScope: MessageScope = ALL_MESSAGES;
  let result = t.result;

  switch (command.name) {
    case "FETCH":
      usesSequenceNumbers = !command.uid;
      readsFlags = fetchReadsFlags(command.attributes) || command.changedSince !== undefined;
      writesFlags = fetchWritesFlags(command.attributes);
      flagScope = messageScope(command.set, command.uid, command.uid ? null : context.exists);
      break;
    case "STORE":
      usesSequenceNumbers = !command.uid;
      writesFlags = true;
      readsFlags = command.silent !== true;
      flagScope = messageScope(command.set, command.uid, command.uid ? null : context.exists);
      break;
    case "COPY":
    case "MOVE":
      usesSequenceNumbers = !command.uid;
      break;
    case "SEARCH":
    case "SORT":
    case "THREAD": {
      const scan = scanSearchKeys(command.name === "SEARCH" ? command.criteria : command.search);
      // Non-UID results are sequence numbers too: an EXPUNGE racing them would shift their meaning.
      usesSequenceNumbers = !command.uid || scan.sequenceNumbers;
      readsFlags = scan.flags;
      // RETURN options make the result a tagged ESEARCH (RFC 4731, ESORT: RFC 5267 §3).
      const tagged =
        command.name !== "THREAD" && (command.return !== undefined || command.partial !== undefined);
      if (tagged || (command.name === "SEARCH" && searchAlwaysCorrelated(context.enabled))) result = null;
      break;
    }
    default:
      break;
  }

  if (t.barrier) {
    behaviors.add("barrier");
    requirements.add("emptyPipe");
  }
  if (t.changesMailbox) {
    behaviors.add("changesMailbox");
    requirements.add("noMailboxUse");
  }
  if (t.dependsOnMailbox) {
    behaviors.add("dependsOnMailbox");
    requirements.add("stableMailbox");
  }
  if (!(t.expungeFreeWithoutUid && !uid)) behaviors.add("mayTriggerExpunge");
  if (usesSequenceNumbers) requirements.add("noExpunge");
  if (readsFlags) {
    behaviors.add("readsFlags");
    requirements.add("noFlagWrites");
  }
  if (writesFlags) {
    behaviors.add("writesFlags");
    requirements.add("noFlagReads");
    requirements.add("noFlagWrites");
  }
  if (t.mailboxList === "read") {
    behaviors.add("readsMailboxList");
    requirements.add("noMailboxListWrites");
  } else if (t.mailboxList === "write") {
    behaviors.add("writesMailboxList");
    requirements.add("noMailboxListAccess");
  }
  const contentsMailbox =
    t.contents === "none" || command.name === "COMPRESS" ? null : targetMailbox(command);
  if (contentsMailbox !== null && t.contents === "read") {
    behaviors.add("readsContents");
    requirements.add("noContentWrites");
  } else if (contentsMailbox !== null && t.contents === "write") {
    behaviors.add("writesContents");
    requirements.add("noContentReads");
  }
  if (result !== null) {
    behaviors.add("uncorrelatedResult");
    requirements.add("uniqueResult");
  }
  if (t.changesSyntax) behaviors.add("changesSyntax");

  const outcomes: ConnectionState[] = [];
  for (const trigger of [t.onOk, t.onFailure]) {
    if (trigger === null) continue;
    const to = nextState(context.state, trigger);
    if (!outcomes.includes(to)) outcomes.push(to);
  }
  if (t.onOk !== null && t.onFailure === null && !outcomes.includes(context.state))
    outcomes.push(context.state);
  if (outcomes.some((s) => s !== context.state)) behaviors.add("changesState");

  return {
    name: command.name,
    traits: t,
    behaviors,
    requirements,
    usesSequenceNumbers,
    flagScope,
    contentsMailbox,
    outcomes,
    result,
    followsSwitch: t.followsSwitch && !usesSequenceNumbers && !writesFlags,
  };
}

/**
 * Rule 11, relaxed for reads by UID: they may go out behind a SELECT or EXAMINE in flight. They run
 * on the new mailbox, or the server refuses them, for a failed SELECT leaves no mailbox selected (RFC
 * 3501 §6.3.1). Sequence numbers (which need the new EXISTS) and writes still wait for the switch.
 */
export function mayFollow(candidate: PipeliningProfile, running: PipeliningProfile): boolean {
  return candidate.followsSwitch && opensMailbox(running);
}

/** SELECT or EXAMINE: on success the connection is in the selected state. */
export function opensMailbox(profile: PipeliningProfile): boolean {
  return profile.name === "SELECT" || profile.name === "EXAMINE";
}

/** The profile of an IDLE after DONE was sent: no longer a barrier, everything else unchanged. */
export function withoutBarrier(profile: PipeliningProfile): PipeliningProfile {
  const behaviors = new Set(profile.behaviors);
  behaviors.delete("barrier");
  return { ...profile, behaviors };
}

/**
 * Requirement → "does this running command violate it for this candidate?". The candidate holds
 * the requirement; `running` is one command in flight.
 */
export const REQUIREMENT_CHECKS: Readonly<
  Record<PipeliningRequirement, (candidate: PipeliningProfile, running: PipeliningProfile) => boolean>
> = {
  emptyPipe: () => true,
  noBarrier: (_c, r) => r.behaviors.has("barrier"),
  noMailboxUse: (_c, r) => r.behaviors.has("dependsOnMailbox") || r.behaviors.has("changesMailbox"),
  stableMailbox: (c, r) => r.behaviors.has("changesMailbox") && !mayFollow(c, r),
  noExpunge: (_c, r) => r.behaviors.has("mayTriggerExpunge"),
  noFlagWrites: (c, r) => r.behaviors.has("writesFlags") && scopesOverlap(c.flagScope, r.flagScope),
  noFlagReads: (c, r) => r.behaviors.has("readsFlags") && scopesOverlap(c.flagScope, r.flagScope),
  noMailboxListWrites: (_c, r) => r.behaviors.has("writesMailboxList"),
  noMailboxListAccess: (_c, r) => r.behaviors.has("readsMailboxList") || r.behaviors.has("writesMailboxList"),
  noContentWrites: (c, r) => r.behaviors.has("writesContents") && r.contentsMailbox === c.contentsMailbox,
  noContentReads: (c, r) => r.behaviors.has("readsContents") && r.contentsMailbox === c.contentsMailbox,
  uniqueResult: (c, r) => r.result !== null && r.result === c.result,
  settledState: (c, r) =>
    r.behaviors.has("changesState") &&
    !mayFollow(c, r) &&
    r.outcomes.some((s) => !c.traits.states.includes(s)),
  stableSyntax: (_c, r) => r.behaviors.has("changesSyntax"),
};

/** Order in which requirements are checked, so the reported reason is the most fundamental one. */
const CHECK_ORDER: readonly PipeliningRequirement[] = [
  "noBarrier",
  "emptyPipe",
  "stableSyntax",
  "settledState",
  "noMailboxUse",
  "stableMailbox",
  "noExpunge",
  "noFlagWrites",
  "noFlagReads",
  "noMailboxListWrites",
  "noMailboxListAccess",
  "noContentWrites",
  "noContentReads",
  "uniqueResult",
];

/**
 * The first requirement of `candidate` that a command in `running` violates, or null when it may
 * be sent now.
 */
export function findConflict(
  candidate: PipeliningProfile,
  running: Iterable<PipeliningProfile>,
): PipeliningRequirement | null {
  const list = [...running];
  for (const requirement of CHECK_ORDER) {
    if (!candidate.requirements.has(requirement)) continue;
    const check = REQUIREMENT_CHECKS[requirement];
    for (const r of list) if (check(candidate, r)) return requirement;
  }
  return null;
}
