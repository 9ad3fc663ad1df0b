/**
 * Connection states of RFC 3501 §3 (RFC 9051 §3) and the transitions between them, as a table.
 *
 * ```
 *                +----------------------+
 *                |connection established|
 *                +----------------------+
 *                           ||
 *                           \/
 *         +--------------------------------------+
 *         |          server greeting             |
 *         +--------------------------------------+
 *                   || (1)       || (2)        || (3)
 *                   \/           ||            ||
 *         +-----------------+    ||            ||
 *         |Not Authenticated|    ||            ||
 *         +-----------------+    ||            ||
 *          || (7)   || (4)       ||            ||
 *          ||       \/           \/            ||
 *          ||     +----------------+           ||
 *          ||     | Authenticated  |<=++       ||
 *          ||     +----------------+  ||       ||
 *          ||       || (7)   || (5)   || (6)   ||
 *          ||       ||       \/       ||       ||
 *          ||       ||    +--------+  ||       ||
 *          ||       ||    |Selected|==++       ||
 *          ||       ||    +--------+           ||
 *          ||       ||       || (7)            ||
 *          \/       \/       \/                \/
 *         +--------------------------------------+
 *         |               Logout                 |
 *         +--------------------------------------+
 *
 * (1) connection without pre-authentication (OK greeting)
 * (2) pre-authenticated connection (PREAUTH greeting)
 * (3) rejected connection (BYE greeting)
 * (4) successful LOGIN or AUTHENTICATE command
 * (5) successful SELECT or EXAMINE command
 * (6) CLOSE or UNSELECT command, unsolicited CLOSED response code, or failed SELECT or EXAMINE
 * (7) LOGOUT command, server shutdown, or connection closed
 * ```
 *
 * `awaitingGreeting` stands for the box "server greeting": nothing is sent before it ends.
 *
 * Which state a command may run in, and which trigger its completion fires, is the command table's
 * (`command-traits.ts`); the questions the session asks of both are answered here.
 */
import { COMMAND_TRAITS, type PipelinedCommandName } from "./command-traits.js";

/** RFC 3501 §3 states, plus the wait for the greeting. */
export type ConnectionState =
  | "awaitingGreeting"
  | "notAuthenticated"
  | "authenticated"
  | "selected"
  | "logout";

/** What moves the connection from one state to another (the numbers refer to the diagram). */
export type StateTrigger =
  /** (1) */
  | "greetingOk"
  /** (2) */
  | "greetingPreauth"
  /** (3) */
  | "greetingBye"
  /** (4) LOGIN or AUTHENTICATE completed OK. */
  | "authenticated"
  /** (5) SELECT or EXAMINE completed OK. */
  | "mailboxSelected"
  /** (6) SELECT or EXAMINE completed NO or BAD: no mailbox is selected any more (3501 §6.3.1). */
  | "selectFailed"
  /** (6) CLOSE or UNSELECT completed OK. */
  | "mailboxClosed"
  /** (7) untagged BYE, or LOGOUT completed. */
  | "loggedOut";

/** The transition table: trigger → from-state → to-state. Pairs not listed leave the state as is. */
export const STATE_TRANSITIONS: Readonly<
  Record<StateTrigger, Partial<Record<ConnectionState, ConnectionState>>>
> = {
  greetingOk: { awaitingGreeting: "notAuthenticated" },
  greetingPreauth: { awaitingGreeting: "authenticated" },
  greetingBye: { awaitingGreeting: "logout" },
  authenticated: { notAuthenticated: "authenticated" },
  mailboxSelected: { authenticated: "selected", selected: "selected" },
  selectFailed: { authenticated: "authenticated", selected: "authenticated" },
  mailboxClosed: { selected: "authenticated" },
  loggedOut: {
    awaitingGreeting: "logout",
    notAuthenticated: "logout",
    authenticated: "logout",
    selected: "logout",
  },
};

/** The state after `trigger` in `state` (unchanged when the table has no entry). */
export function nextState(state: ConnectionState, trigger: StateTrigger): ConnectionState {
  return STATE_TRANSITIONS[trigger][state] ?? state;
}

/**
 * Why a command called `name` cannot run in `state`, or null when it can. `everSelected`: a mailbox
 * has been (or will have been) selected before it, which ENABLE must precede (RFC 5161 §3.1).
 * `send` asks this of the state the connection will be in when the command runs, and the scheduler
 * asks it again of the actual state when the command reaches the head of the queue.
 */
export function stateProblem(
  name: PipelinedCommandName,
  state: ConnectionState,
  everSelected: boolean,
): string | null {
  if (!COMMAND_TRAITS[name].states.includes(state)) return `${name} is not valid in state ${state}`;
  if (name === "ENABLE" && everSelected) return "ENABLE is only valid before the first SELECT (RFC 5161)";
  return null;
}

/** The state after the commands `pending` all complete OK, and whether one of them selects. */
export function projectState(
  state: ConnectionState,
  pending: Iterable<PipelinedCommandName>,
): { readonly state: ConnectionState; readonly selects: boolean } {
  let projected = state;
  let selects = false;
  for (const name of pending) {
    if (name === "SELECT" || name === "EXAMINE") selects = true;
    const onOk = COMMAND_TRAITS[name].onOk;
    if (onOk !== null) projected = nextState(projected, onOk);
  }
  return { state: projected, selects };
}

/** The trigger of a command's completion (the table's onOk / onFailure columns), or null. */
export function completionTrigger(name: PipelinedCommandName, ok: boolean): StateTrigger | null {
  const traits = COMMAND_TRAITS[name];
  return ok ? traits.onOk : traits.onFailure;
}

/** What a command's OK does to the connection besides its state trigger; the session carries it out. */
export type CompletionEffect =
  /** Capabilities may have changed: re-read them unless the server announced them (RFC 3501 §6.2). */
  | "rereadCapabilities"
  /** The selected mailbox is gone (CLOSE, UNSELECT). */
  | "mailboxClosed"
  /** Nothing more until the driver's TLS handshake; capabilities are discarded (RFC 3501 §6.2.1). */
  | "awaitTls"
  /** The session is over (LOGOUT). */
  | "sessionEnded";

export const COMPLETION_EFFECTS: Readonly<Partial<Record<PipelinedCommandName, CompletionEffect>>> = {
  LOGIN: "rereadCapabilities",
  AUTHENTICATE: "rereadCapabilities",
  CLOSE: "mailboxClosed",
  UNSELECT: "mailboxClosed",
  STARTTLS: "awaitTls",
  LOGOUT: "sessionEnded",
};
