/**
 * Command text as a person types it (`UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])`,
 * without a tag) → a typed `Command`. The session accepts only typed commands, which keeps the
 * encoder in charge of quoting, literals and line length; this reader covers the RFC 3501/9051
 * grammar of the commands that can be typed and refuses the rest with a message. Credentials are
 * never read from text (LOGIN, AUTHENTICATE), APPEND needs message bytes, and DONE is not a command;
 * a caller refuses more with `refuse` (the CLI: LOGOUT, IDLE, STARTTLS, with its reasons).
 *
 * Mailbox names are taken as text (Unicode): the encoder applies modified UTF-7 itself. Sequence sets
 * are checked by the core's one parser (`types/sequence-set.ts`), as the encoder checks them.
 */
import type { Command } from "../types/command.js";
import { fetchCommand } from "./fetch.js";
import { idCommand } from "./id.js";
import { invalid } from "./invalid.js";
import { createCommand, listCommand, selectCommand, statusCommand } from "./mailboxes.js";
import { Reader } from "./reader.js";
import { searchCommand } from "./search.js";
import { sortCommand, threadCommand } from "./sort.js";
import { storeCommand } from "./store.js";
import { tokenize } from "./tokenize.js";

export interface CommandTextOptions {
  /** Command names (upper case) refused before parsing, each with the reason given in the error. */
  readonly refuse?: Readonly<Record<string, string>>;
}

/** What command text can never express, whoever reads it. */
const NOT_TEXT: Readonly<Record<string, string>> = {
  LOGIN: "credentials are never read from command text",
  AUTHENTICATE: "credentials are never read from command text",
  APPEND: "APPEND needs message bytes, which command text cannot carry",
  DONE: "DONE ends an IDLE; it is not a command",
};

const UID_FORMS: ReadonlySet<string> = new Set([
  "FETCH",
  "STORE",
  "SEARCH",
  "SORT",
  "THREAD",
  "COPY",
  "MOVE",
  "EXPUNGE",
]);

/** The command's name (upper case), whether it had `UID` before it, and its arguments. */
function head(text: string): { name: string; uid: boolean; reader: Reader } {
  const tokens = tokenize(text);
  const first = tokens[0];
  if (first === undefined || first.kind !== "atom") throw invalid("empty command");
  const name = first.value.toUpperCase();
  if (name !== "UID") return { name, uid: false, reader: new Reader(tokens.slice(1), name) };
  const second = tokens[1];
  if (second === undefined || second.kind !== "atom") throw invalid("UID: missing the command");
  const command = second.value.toUpperCase();
  return { name: command, uid: true, reader: new Reader(tokens.slice(2), `UID ${command}`) };
}

function body(name: string, uid: boolean, reader: Reader): Command {
  const bare = (command: Command): Command => {
    reader.end();
    return command;
  };
  switch (name) {
    case "CAPABILITY":
    case "NOOP":
    case "NAMESPACE":
    case "CHECK":
    case "CLOSE":
    case "UNSELECT":
    case "LOGOUT":
    case "STARTTLS":
    case "IDLE":
      return bare({ name });
    case "EXPUNGE":
      return uid ? bare({ name, uids: reader.sequenceSet() }) : bare({ name });
    case "SELECT":
    case "EXAMINE":
      return selectCommand(reader, name);
    case "CREATE":
      return createCommand(reader);
    case "DELETE":
    case "SUBSCRIBE":
    case "UNSUBSCRIBE":
      return bare({ name, mailbox: reader.astring("a mailbox") });
    case "RENAME":
      return bare({ name, from: reader.astring("the old name"), to: reader.astring("the new name") });
    case "LIST":
      return listCommand(reader);
    case "LSUB":
      return bare({ name, reference: reader.astring("a reference"), pattern: reader.astring("a pattern") });
    case "STATUS":
      return statusCommand(reader);
    case "ENABLE": {
      const capabilities: string[] = [];
      while (!reader.done) capabilities.push(reader.atom("a capability"));
      if (capabilities.length === 0) throw invalid("ENABLE: missing capabilities");
      return { name, capabilities };
    }
    case "ID":
      return idCommand(reader);
    case "FETCH":
      return fetchCommand(reader, uid);
    case "STORE":
      return storeCommand(reader, uid);
    case "SEARCH":
      return searchCommand(reader, uid);
    case "SORT":
      return sortCommand(reader, uid);
    case "THREAD":
      return threadCommand(reader, uid);
    case "COPY":
    case "MOVE":
      return bare({ name, uid, set: reader.sequenceSet(), mailbox: reader.astring("a mailbox") });
    default:
      throw invalid(`unknown or unsupported command ${name}`);
  }
}

/**
 * Parses one command's text (no tag). Throws `ImapLocalError` `IMAP_ERR_INVALID_ARGUMENT` (the
 * encoder's code for an invalid argument) with a message naming what is wrong; the message never
 * repeats the text of a refused command.
 */
export function parseCommandText(text: string, options: CommandTextOptions = {}): Command {
  const { name, uid, reader } = head(text);
  const refusal = options.refuse?.[name] ?? NOT_TEXT[name];
  if (refusal !== undefined) throw invalid(`${name}: ${refusal}`);
  if (uid && !UID_FORMS.has(name)) throw invalid(`UID ${name} does not exist`);
  return body(name, uid, reader);
}
