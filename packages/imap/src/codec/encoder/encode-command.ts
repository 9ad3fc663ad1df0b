/** `encodeCommand`: dispatches each command to the writer of its RFC area. */
import { ImapLocalError } from "../../errors.js";
import type { Command } from "../../types/command.js";
import type { EncodedCommand, EncoderOptions } from "../fragment.js";
import { asciiEncode } from "../text.js";
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

function writeArguments(w: CommandWriter, command: Command): void {
  switch (command.name) {
    case "CAPABILITY":
    case "NOOP":
    case "LOGOUT":
    case "STARTTLS":
    case "NAMESPACE":
    case "CLOSE":
    case "UNSELECT":
    case "CHECK":
    case "IDLE":
      w.text(command.name);
      return;
    case "AUTHENTICATE":
      return writeAuthenticate(w, command);
    case "LOGIN":
      return writeLogin(w, command);
    case "ENABLE":
      return writeEnable(w, command);
    case "ID":
      return writeId(w, command);
    case "LIST":
      return writeListCommand(w, command);
    case "LSUB":
      return writeLsub(w, command);
    case "STATUS":
      return writeStatus(w, command);
    case "SELECT":
    case "EXAMINE":
      return writeSelect(w, command);
    case "CREATE":
      return writeCreate(w, command);
    case "DELETE":
    case "SUBSCRIBE":
    case "UNSUBSCRIBE":
      w.text(`${command.name} `);
      return writeMailbox(w, command.mailbox);
    case "RENAME":
      return writeRename(w, command);
    case "APPEND":
      return writeAppend(w, command);
    case "EXPUNGE":
      return writeExpunge(w, command);
    case "SEARCH":
      return writeSearch(w, command);
    case "SORT":
      return writeSort(w, command);
    case "THREAD":
      return writeThread(w, command);
    case "FETCH":
      return writeFetch(w, command);
    case "STORE":
      return writeStore(w, command);
    case "COPY":
    case "MOVE":
      return writeTransfer(w, command);
    default:
      throw new ImapLocalError(
        "IMAP_ERR_INVALID_ARGUMENT",
        `unknown command: ${JSON.stringify((command as { name: unknown }).name)}`,
      );
  }
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
