/** `encodeCommand`: dispatches each command to the writer of its RFC area. */
import { ImapLocalError } from "../../errors.js";
import { asciiEncode } from "../../text/text.js";
import type { Command, CommandName } from "../../types/command.js";
import type { EncodedCommand, EncoderOptions } from "../fragment.js";
import { writeAppend } from "./append.js";
import { writeAuthenticate, writeLogin } from "./auth.js";
import { writeFetch } from "./fetch.js";
import { writeEnable, writeId } from "./general.js";
import {
  writeCreate,
  writeListCommand,
  writeLsub,
  writeRename,
  writeSelect,
  writeStatus,
} from "./mailboxes.js";
import { writeExpunge, writeStore, writeTransfer } from "./messages.js";
import { writeSearch, writeSort, writeThread } from "./search.js";
import { isTag, writeMailbox } from "./values.js";
import { CommandWriter } from "./writer.js";

type Writer<N extends CommandName> = (w: CommandWriter, command: Extract<Command, { name: N }>) => void;

const writeName = (w: CommandWriter, command: { readonly name: string }): void => {
  w.text(command.name);
};

const writeMailboxCommand = (
  w: CommandWriter,
  command: { readonly name: string; readonly mailbox: string },
): void => {
  w.text(`${command.name} `);
  writeMailbox(w, command.mailbox);
};

/** The writer of each command's name and arguments (the tag and its space are already written). */
const WRITERS: { readonly [N in CommandName]: Writer<N> } = {
  CAPABILITY: writeName,
  NOOP: writeName,
  LOGOUT: writeName,
  STARTTLS: writeName,
  NAMESPACE: writeName,
  CLOSE: writeName,
  UNSELECT: writeName,
  CHECK: writeName,
  IDLE: writeName,
  AUTHENTICATE: writeAuthenticate,
  LOGIN: writeLogin,
  ENABLE: writeEnable,
  ID: writeId,
  LIST: writeListCommand,
  LSUB: writeLsub,
  STATUS: writeStatus,
  SELECT: writeSelect,
  EXAMINE: writeSelect,
  CREATE: writeCreate,
  DELETE: writeMailboxCommand,
  SUBSCRIBE: writeMailboxCommand,
  UNSUBSCRIBE: writeMailboxCommand,
  RENAME: writeRename,
  APPEND: writeAppend,
  EXPUNGE: writeExpunge,
  SEARCH: writeSearch,
  SORT: writeSort,
  THREAD: writeThread,
  FETCH: writeFetch,
  STORE: writeStore,
  COPY: writeTransfer,
  MOVE: writeTransfer,
};

function writeArguments(w: CommandWriter, command: Command): void {
  if (!Object.hasOwn(WRITERS, command.name)) {
    throw new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", `unknown command: ${JSON.stringify(command.name)}`);
  }
  (WRITERS[command.name] as Writer<CommandName>)(w, command as never);
}

/**
 * Encodes one command. Throws `ImapLocalError` with `IMAP_ERR_INVALID_ARGUMENT` for an invalid tag or
 * argument, or a command line over `MAX_COMMAND_LINE_OCTETS` (split the sequence set with
 * `splitLongCommand` first), and `IMAP_ERR_NOT_SUPPORTED` for what the server cannot accept (message
 * data with NUL and no BINARY).
 *
 * @example
 * encodeCommand("A1", { name: "SELECT", mailbox: "INBOX", condstore: true }, options).fragments
 * // one line fragment: "A1 SELECT INBOX (CONDSTORE)\r\n"
 */
export function encodeCommand(tag: string, command: Command, options: EncoderOptions): EncodedCommand {
  if (!isTag(tag)) {
    throw new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", `invalid tag: ${JSON.stringify(tag)}`);
  }
  const w = new CommandWriter(options);
  w.text(`${tag} `);
  writeArguments(w, command);
  return w.finish();
}

const DONE = asciiEncode("DONE\r\n");

/** The line that ends IDLE (RFC 2177 §3); a fresh copy each call. */
export function encodeDone(): Uint8Array {
  return DONE.slice();
}
