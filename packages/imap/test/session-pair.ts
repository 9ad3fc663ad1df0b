/**
 * A deterministic session/server pair for pipelining tests: a real `Session` and a scripted
 * in-memory server that reads commands the way an IMAP server does (lines, `{n}`/`{n+}` literals,
 * SASL and DONE lines) and answers only what the test tells it to. Nothing moves until the test
 * calls `flush()` (or one of the one-way steps), so "what was on the wire at this point" is exact.
 *
 * The server also checks the client: literal bytes for a synchronizing literal that arrive before
 * the server sent `+`, or anything but DONE while idling, are recorded as `violations`.
 */

import type { SessionEvent } from "../src/session/events.js";
import type { SessionOptions } from "../src/session/options.js";
import { Session } from "../src/session/session.js";
import { createTagGenerator } from "../src/session/tags.js";
import { latin1Decode } from "../src/text/text.js";
import type { Command } from "../src/types/command.js";
import { secret } from "../src/types/secret.js";
import { concatBytes, bytes as latin1 } from "./feed.js";

/** One command (or continuation line) as the server read it. */
export interface ReceivedCommand {
  /** The tag, or null for a continuation line (SASL response, `DONE`, `*`). */
  readonly tag: string | null;
  /** Upper-cased verb, with `UID ` kept (e.g. "UID FETCH"); for continuation lines the line itself. */
  readonly name: string;
  /** The whole command with literal bodies spliced in, without the final CRLF. */
  readonly text: string;
  readonly literals: readonly Uint8Array[];
  /** How many `flush`/`clientToServer` steps had run when it was complete (one write = one step). */
  readonly step: number;
}

type ReadState =
  | { readonly kind: "line" }
  | { readonly kind: "literal"; readonly size: number; readonly sync: boolean; received: number };

/** The scripted server side. */
export class ScriptedServer {
  /** Answer each synchronizing literal with `+` by itself. */
  autoContinue = true;
  readonly received: ReceivedCommand[] = [];
  /** Protocol violations by the client, in words. */
  readonly violations: string[] = [];
  /** Every byte the client wrote, as Latin-1 text. */
  wire = "";
  step = 0;

  #buffer: Uint8Array = new Uint8Array(0);
  #state: ReadState = { kind: "line" };
  #parts: string[] = [];
  #literals: Uint8Array[] = [];
  #literalChunks: Uint8Array[] = [];
  /** A synchronizing literal announced and not yet granted by `+`. */
  #waitingGrant = false;
  #output: Uint8Array[] = [];
  /** The tag of an IDLE the server has answered with `+` and that DONE has not ended. */
  idlingTag: string | null = null;
  /** Called with each complete command (or continuation line), e.g. to answer it at once. */
  onCommand: ((command: ReceivedCommand, server: ScriptedServer) => void) | null = null;

  /** Reads client bytes. */
  feed(bytes: Uint8Array): void {
    this.wire += latin1Decode(bytes);
    this.#buffer = concatBytes([this.#buffer, bytes]);
    let offset = 0;
    for (;;) {
      const state = this.#state;
      if (state.kind === "literal") {
        if (offset >= this.#buffer.length && state.size > state.received) break;
        if (state.sync && this.#waitingGrant && offset < this.#buffer.length) {
          this.violations.push("literal bytes sent before the server's +");
          this.#waitingGrant = false;
        }
        const take = Math.min(state.size - state.received, this.#buffer.length - offset);
        this.#literalChunks.push(this.#buffer.slice(offset, offset + take));
        offset += take;
        state.received += take;
        if (state.received === state.size) {
          const literal = concatBytes(this.#literalChunks);
          this.#literalChunks = [];
          this.#literals.push(literal);
          this.#parts.push(latin1Decode(literal));
          this.#state = { kind: "line" };
        }
        continue;
      }
      let end = -1;
      for (let i = offset; i + 1 < this.#buffer.length; i++) {
        if (this.#buffer[i] === 0x0d && this.#buffer[i + 1] === 0x0a) {
          end = i;
          break;
        }
      }
      if (end < 0) break;
      const line = latin1Decode(this.#buffer.subarray(offset, end));
      offset = end + 2;
      const literal = /(~?)\{(\d+)(\+?)\}$/.exec(line);
      if (literal !== null) {
        this.#parts.push(`${line}\r\n`);
        const size = Number(literal[2]);
        const sync = literal[3] !== "+";
        this.#state = { kind: "literal", size, sync, received: 0 };
        if (sync) {
          this.#waitingGrant = true;
          if (this.autoContinue) this.continueRequest("Ready for literal");
        }
        continue;
      }
      this.#parts.push(line);
      this.#complete();
    }
    this.#buffer = this.#buffer.slice(offset);
  }

  #complete(): void {
    const whole = this.#parts.join("");
    const literals = this.#literals;
    this.#parts = [];
    this.#literals = [];
    const space = whole.indexOf(" ");
    if (space < 0) {
      // DONE, a SASL response or `*`: continuation data, not a command.
      if (whole === "DONE") {
        if (this.idlingTag === null) this.violations.push("DONE while not idling");
        this.idlingTag = null;
      }
      const line: ReceivedCommand = { tag: null, name: whole, text: whole, literals, step: this.step };
      this.received.push(line);
      this.onCommand?.(line, this);
      return;
    }
    if (this.idlingTag !== null) this.violations.push(`command while idling: ${whole}`);
    const tag = whole.slice(0, space);
    const words = whole.slice(space + 1).split(" ");
    const verb = (words[0] ?? "").toUpperCase();
    const name = verb === "UID" ? `UID ${(words[1] ?? "").toUpperCase()}` : verb;
    const command: ReceivedCommand = { tag, name, text: whole, literals, step: this.step };
    this.received.push(command);
    this.onCommand?.(command, this);
  }

  /** Queues response lines (CRLF added to each). */
  send(...lines: string[]): void {
    for (const line of lines) this.#output.push(latin1(`${line}\r\n`));
  }

  /** Queues raw bytes. */
  sendRaw(bytes: Uint8Array | string): void {
    this.#output.push(typeof bytes === "string" ? latin1(bytes) : bytes);
  }

  /** Sends `+ text`, granting a waiting synchronizing literal. */
  continueRequest(textAfterPlus = "Ready"): void {
    this.#waitingGrant = false;
    this.send(`+ ${textAfterPlus}`);
  }

  /** Sends `+ idling` for the IDLE with `tag`. */
  startIdle(tag: string): void {
    this.idlingTag = tag;
    this.send("+ idling");
  }

  /** Forgets a pending literal grant (the server answered NO instead of `+`). */
  refuseLiteral(): void {
    this.#waitingGrant = false;
    this.#state = { kind: "line" };
    this.#parts = [];
    this.#literals = [];
  }

  /** Takes queued server output. */
  takeOutput(): Uint8Array | null {
    if (this.#output.length === 0) return null;
    const out = concatBytes(this.#output);
    this.#output = [];
    return out;
  }

  /** Commands (not continuation lines) received so far. */
  commands(): ReceivedCommand[] {
    return this.received.filter((r) => r.tag !== null);
  }
}

/**
 * What the pair's server offers by default: every extension a sample command needs, and none that
 * changes how commands are encoded (LITERAL+, SASL-IR, BINARY), so pipelining tests see plain wire text.
 */
export const PAIR_CAPABILITIES =
  "IMAP4rev1 STARTTLS AUTH=PLAIN ID ENABLE NAMESPACE UNSELECT UIDPLUS MOVE IDLE ESEARCH SORT THREAD=REFERENCES CONDSTORE LIST-EXTENDED LIST-STATUS SPECIAL-USE";

export interface PairOptions extends SessionOptions {
  /** The greeting line the server sends first; null sends none. Default: OK with `PAIR_CAPABILITIES`. */
  readonly greeting?: string | null;
}

/** A session wired to a scripted server with an explicit clock. */
export class SessionPair {
  readonly session: Session;
  readonly server = new ScriptedServer();
  /** Every event drained so far, in order. */
  readonly events: SessionEvent[] = [];
  now = 1000;
  #seen = 0;

  constructor(options: PairOptions = {}) {
    const { greeting = `* OK [CAPABILITY ${PAIR_CAPABILITIES}] ready`, ...sessionOptions } = options;
    this.session = new Session({ tags: createTagGenerator({ prefix: "A" }), ...sessionOptions });
    if (greeting !== null) {
      this.server.send(greeting);
      this.serverToClient();
    }
  }

  /** Advances the clock. */
  tick(ms = 1): number {
    this.now += ms;
    return this.now;
  }

  send(command: Command): string {
    const handle = this.session.send(command, this.now);
    this.drain();
    return handle.tag;
  }

  /** Writes what the session will write now into the server (one write); returns the new commands. */
  clientToServer(maxBytes?: number): ReceivedCommand[] {
    const before = this.server.received.length;
    this.#write(maxBytes);
    return this.server.received.slice(before);
  }

  #write(maxBytes?: number): boolean {
    this.server.step += 1;
    const bytes = this.session.takeOutgoing(this.now, maxBytes);
    if (bytes !== null) this.server.feed(bytes);
    this.drain();
    return bytes !== null;
  }

  /** Delivers what the server queued to the session. */
  serverToClient(): boolean {
    const bytes = this.server.takeOutput();
    if (bytes === null) return false;
    this.session.receive(bytes, this.now);
    this.drain();
    return true;
  }

  /** Moves bytes both ways until nothing moves; returns the commands the server received meanwhile. */
  flush(): ReceivedCommand[] {
    const before = this.server.received.length;
    for (let i = 0; i < 10_000; i++) {
      const wrote = this.#write();
      const delivered = this.serverToClient();
      if (!wrote && !delivered) break;
    }
    return this.server.received.slice(before);
  }

  /** Drains session events into `events`; returns the new ones. */
  drain(): SessionEvent[] {
    for (let e = this.session.nextEvent(); e !== null; e = this.session.nextEvent()) this.events.push(e);
    const fresh = this.events.slice(this.#seen);
    this.#seen = this.events.length;
    return fresh;
  }

  /** Events of one type, in order. */
  eventsOf<T extends SessionEvent["type"]>(type: T): Extract<SessionEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<SessionEvent, { type: T }> => e.type === type);
  }

  /** The completion (or failure) of `tag`, if it happened. */
  outcome(tag: string): Extract<SessionEvent, { type: "commandCompleted" | "commandFailed" }> | undefined {
    return this.events.find(
      (e): e is Extract<SessionEvent, { type: "commandCompleted" | "commandFailed" }> =>
        (e.type === "commandCompleted" || e.type === "commandFailed") && e.tag === tag,
    );
  }

  /** Tags the server has received, in order. */
  receivedTags(): string[] {
    return this.server.commands().map((c) => c.tag as string);
  }

  /** Sends a tagged OK for each tag (in the order given) and delivers it. */
  complete(...tags: string[]): void {
    for (const tag of tags) this.server.send(`${tag} OK done`);
    this.serverToClient();
  }

  /** Brings the session to the selected state on `mailbox` with `exists` messages. */
  select(mailbox = "INBOX", exists = 10): void {
    const tag = this.send({ name: "SELECT", mailbox });
    this.clientToServer();
    this.server.send(
      `* ${exists} EXISTS`,
      "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
      "* OK [UIDVALIDITY 3857529045] UIDs valid",
      "* OK [UIDNEXT 4392] Predicted next UID",
      `${tag} OK [READ-WRITE] SELECT completed`,
    );
    this.serverToClient();
  }
}

/** A pair greeted with PREAUTH (authenticated state), optionally with a mailbox selected. */
export function authenticatedPair(options: PairOptions = {}): SessionPair {
  return new SessionPair({
    greeting: `* PREAUTH [CAPABILITY ${PAIR_CAPABILITIES} LITERAL+] ready`,
    ...options,
  });
}

/** A pair in the selected state on INBOX with 10 messages. */
export function selectedPair(options: PairOptions = {}): SessionPair {
  const pair = authenticatedPair(options);
  pair.select();
  return pair;
}

/** One valid example of every command, keyed by name (UID forms where there is a choice). */
export const SAMPLE_COMMANDS: Readonly<Record<Command["name"], Command>> = {
  CAPABILITY: { name: "CAPABILITY" },
  NOOP: { name: "NOOP" },
  LOGOUT: { name: "LOGOUT" },
  STARTTLS: { name: "STARTTLS" },
  AUTHENTICATE: { name: "AUTHENTICATE", mechanism: "PLAIN", username: "user", password: secret("secret") },
  LOGIN: { name: "LOGIN", username: "user", password: secret("secret") },
  ENABLE: { name: "ENABLE", capabilities: ["CONDSTORE"] },
  ID: { name: "ID", params: null },
  NAMESPACE: { name: "NAMESPACE" },
  LIST: { name: "LIST", reference: "", patterns: ["*"] },
  LSUB: { name: "LSUB", reference: "", pattern: "*" },
  STATUS: { name: "STATUS", mailbox: "Archive", items: ["MESSAGES", "UIDNEXT"] },
  SELECT: { name: "SELECT", mailbox: "INBOX" },
  EXAMINE: { name: "EXAMINE", mailbox: "INBOX" },
  CREATE: { name: "CREATE", mailbox: "Projects" },
  DELETE: { name: "DELETE", mailbox: "Old" },
  RENAME: { name: "RENAME", from: "Old", to: "Older" },
  SUBSCRIBE: { name: "SUBSCRIBE", mailbox: "Projects" },
  UNSUBSCRIBE: { name: "UNSUBSCRIBE", mailbox: "Projects" },
  APPEND: { name: "APPEND", mailbox: "Drafts", messages: [{ data: latin1("Subject: hi\r\n\r\nhello\r\n") }] },
  CLOSE: { name: "CLOSE" },
  UNSELECT: { name: "UNSELECT" },
  CHECK: { name: "CHECK" },
  EXPUNGE: { name: "EXPUNGE" },
  SEARCH: { name: "SEARCH", uid: true, criteria: [{ key: "SUBJECT", value: "report" }], return: [] },
  SORT: { name: "SORT", uid: true, criteria: ["DATE"], charset: "UTF-8", search: [{ key: "ALL" }] },
  THREAD: { name: "THREAD", uid: true, algorithm: "REFERENCES", charset: "UTF-8", search: [{ key: "ALL" }] },
  FETCH: { name: "FETCH", uid: true, set: "1:100", attributes: ["UID", "ENVELOPE"] },
  STORE: { name: "STORE", uid: true, set: "200", operation: "add", flags: ["\\Seen"], silent: true },
  COPY: { name: "COPY", uid: true, set: "300", mailbox: "Archive" },
  MOVE: { name: "MOVE", uid: true, set: "400", mailbox: "Trash" },
  IDLE: { name: "IDLE" },
};
