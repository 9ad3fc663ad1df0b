/**
 * One row per command: everything the session knows about a command before looking at its
 * arguments. The states it is valid in (RFC 3501 §6, RFC 9051 §6), the state triggers of its
 * completion, the untagged data routed to it (`receives`), its static pipelining traits (read by
 * `pipelining.ts`), and the capability it needs (`requires`, read by `capability-requirements.ts`).
 * Tests loop over the table; columns not given take the `BASE` value.
 */
import type { CommandName } from "../types/command.js";
import type { UntaggedData } from "../types/response.js";
import type { ConnectionState, StateTrigger } from "./connection-state.js";

/** Command names the table knows: every command we encode, plus COMPRESS (RFC 4978) for completeness. */
export type PipelinedCommandName = CommandName | "COMPRESS";

/** Static traits of one command (see `COMMAND_TRAITS`). */
export interface CommandTraits {
  /** States in which the command is valid (RFC 3501 §6, RFC 9051 §6). */
  readonly states: readonly ConnectionState[];
  readonly barrier: boolean;
  readonly changesMailbox: boolean;
  readonly dependsOnMailbox: boolean;
  /** True for FETCH, STORE, SEARCH: the server must not send EXPUNGE while their non-UID form runs. */
  readonly expungeFreeWithoutUid: boolean;
  /** Where sequence numbers may appear: a message set, search keys, or nowhere. */
  readonly sequenceNumbers: "none" | "set" | "searchKeys";
  /** Triggers applied when the command completes OK / NO or BAD. */
  readonly onOk: StateTrigger | null;
  readonly onFailure: StateTrigger | null;
  readonly changesSyntax: boolean;
  /** Untagged result kind that carries no tag (rule 9), when the command has one. */
  readonly result: "search" | "sort" | "thread" | "list" | "lsub" | null;
  readonly mailboxList: "none" | "read" | "write";
  /** Access to the contents of the mailbox the command names. */
  readonly contents: "none" | "read" | "write";
  /** Untagged data this command asks for: routed to it while it is in flight. */
  readonly receives: readonly UntaggedData["type"][];
  /** Receives those only when no command claims them more specifically (NOOP, CHECK, IDLE polls). */
  readonly fallbackReceiver: boolean;
  /**
   * Capabilities of which the server must offer one (e.g. `["MOVE", "IMAP4REV2"]`); empty when the
   * command is in the base protocol. Requirements that depend on arguments are added by
   * `capability-requirements.ts`.
   */
  readonly requires: readonly string[];
  /**
   * A read on the selected mailbox that, in its UID form without flag writes, may go out behind a
   * SELECT or EXAMINE in flight (`mayFollow` in `pipelining.ts`): FETCH, SEARCH, SORT, THREAD.
   */
  readonly followsSwitch: boolean;
}

/** IMAP4rev2 (RFC 9051) includes many former extensions. */
const REV2 = "IMAP4REV2";

const ANY: readonly ConnectionState[] = ["notAuthenticated", "authenticated", "selected"];
const NOT_AUTH: readonly ConnectionState[] = ["notAuthenticated"];
const AUTH: readonly ConnectionState[] = ["authenticated"];
const AUTH_OR_SELECTED: readonly ConnectionState[] = ["authenticated", "selected"];
const SELECTED: readonly ConnectionState[] = ["selected"];

/** Untagged data that describes the selected mailbox (what polling commands receive). */
export const MAILBOX_UPDATES: readonly UntaggedData["type"][] = [
  "exists",
  "recent",
  "expunge",
  "vanished",
  "fetch",
  "flags",
];

const BASE: CommandTraits = {
  states: AUTH_OR_SELECTED,
  barrier: false,
  changesMailbox: false,
  dependsOnMailbox: false,
  expungeFreeWithoutUid: false,
  sequenceNumbers: "none",
  onOk: null,
  onFailure: null,
  changesSyntax: false,
  result: null,
  mailboxList: "none",
  contents: "none",
  receives: [],
  followsSwitch: false,
  fallbackReceiver: false,
  requires: [],
};

function traits(overrides: Partial<CommandTraits>): CommandTraits {
  return { ...BASE, ...overrides };
}

const SELECTING = traits({
  changesMailbox: true,
  contents: "read",
  onOk: "mailboxSelected",
  onFailure: "selectFailed",
  receives: ["flags", "exists", "recent", "fetch", "vanished"],
});

const SEARCHING = {
  states: SELECTED,
  dependsOnMailbox: true,
  sequenceNumbers: "searchKeys",
  followsSwitch: true,
} as const;

/** The per-command table (valid when authenticated or selected, no special rule, unless a row says otherwise). */
export const COMMAND_TRAITS: Readonly<Record<PipelinedCommandName, CommandTraits>> = {
  CAPABILITY: traits({ states: ANY, receives: ["capability"] }),
  NOOP: traits({ states: ANY, dependsOnMailbox: true, receives: MAILBOX_UPDATES, fallbackReceiver: true }),
  LOGOUT: traits({ states: ANY, barrier: true, onOk: "loggedOut" }),
  ID: traits({ states: ANY, receives: ["id"], requires: ["ID"] }),
  STARTTLS: traits({ states: NOT_AUTH, barrier: true, requires: ["STARTTLS"] }),
  AUTHENTICATE: traits({ states: NOT_AUTH, barrier: true, onOk: "authenticated" }),
  LOGIN: traits({ states: NOT_AUTH, onOk: "authenticated" }),
  COMPRESS: traits({ barrier: true, requires: ["COMPRESS=DEFLATE"] }),
  ENABLE: traits({ states: AUTH, changesSyntax: true, receives: ["enabled"], requires: ["ENABLE", REV2] }),
  NAMESPACE: traits({ receives: ["namespace"], requires: ["NAMESPACE", REV2] }),
  LIST: traits({ mailboxList: "read", result: "list", receives: ["list", "mailboxStatus"] }),
  LSUB: traits({ mailboxList: "read", result: "lsub", receives: ["list"] }),
  STATUS: traits({ mailboxList: "read", contents: "read", receives: ["mailboxStatus"] }),
  SELECT: SELECTING,
  EXAMINE: SELECTING,
  CREATE: traits({ mailboxList: "write" }),
  DELETE: traits({ mailboxList: "write", contents: "write" }),
  RENAME: traits({ mailboxList: "write", contents: "write" }),
  SUBSCRIBE: traits({ mailboxList: "write" }),
  UNSUBSCRIBE: traits({ mailboxList: "write" }),
  APPEND: traits({ contents: "write" }),
  CLOSE: traits({ states: SELECTED, changesMailbox: true, onOk: "mailboxClosed" }),
  UNSELECT: traits({
    states: SELECTED,
    changesMailbox: true,
    onOk: "mailboxClosed",
    requires: ["UNSELECT", REV2],
  }),
  CHECK: traits({
    states: SELECTED,
    dependsOnMailbox: true,
    receives: MAILBOX_UPDATES,
    fallbackReceiver: true,
  }),
  EXPUNGE: traits({ states: SELECTED, dependsOnMailbox: true, receives: ["expunge", "vanished"] }),
  SEARCH: traits({
    ...SEARCHING,
    expungeFreeWithoutUid: true,
    result: "search",
    receives: ["search", "esearch"],
  }),
  SORT: traits({ ...SEARCHING, result: "sort", receives: ["sort", "esearch"], requires: ["SORT"] }),
  THREAD: traits({ ...SEARCHING, result: "thread", receives: ["thread"] }),
  FETCH: traits({
    states: SELECTED,
    dependsOnMailbox: true,
    followsSwitch: true,
    expungeFreeWithoutUid: true,
    sequenceNumbers: "set",
    receives: ["fetch", "vanished"],
  }),
  STORE: traits({
    states: SELECTED,
    dependsOnMailbox: true,
    expungeFreeWithoutUid: true,
    sequenceNumbers: "set",
    receives: ["fetch"],
  }),
  COPY: traits({ states: SELECTED, dependsOnMailbox: true, sequenceNumbers: "set", contents: "write" }),
  MOVE: traits({
    states: SELECTED,
    dependsOnMailbox: true,
    sequenceNumbers: "set",
    contents: "write",
    receives: ["expunge", "vanished"],
    requires: ["MOVE", REV2],
  }),
  IDLE: traits({
    barrier: true,
    dependsOnMailbox: true,
    receives: MAILBOX_UPDATES,
    fallbackReceiver: true,
    requires: ["IDLE", REV2],
  }),
};
