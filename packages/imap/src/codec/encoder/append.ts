/** APPEND (RFC 3501 §6.3.11) with MULTIAPPEND (RFC 3502) and BINARY literal8 (RFC 3516 §4.4). */
import { ImapLocalError } from "../../errors.js";
import type { AppendMessage, Command } from "../../types/command.js";
import { formatDateTime } from "./dates.js";
import { writeFlagList, writeMailbox } from "./values.js";
import type { CommandWriter } from "./writer.js";

type AppendCommand = Extract<Command, { name: "APPEND" }>;

/**
 * ` [(flags)] ["date-time"] literal` for one message. Data holding NUL needs `~{n}` (literal8), which
 * only a server with BINARY accepts; a plain literal cannot carry NUL (CHAR8 excludes it).
 */
function writeMessage(w: CommandWriter, message: AppendMessage): void {
  if (message.flags !== undefined && message.flags.length > 0) {
    w.text(" ");
    writeFlagList(w, message.flags);
  }
  if (message.internalDate !== undefined) w.text(` ${formatDateTime(message.internalDate)}`);
  w.text(" ");
  const literal8 = message.data.includes(0);
  if (literal8 && !w.options.binary) {
    throw new ImapLocalError("IMAP_ERR_NOT_SUPPORTED", "message data holds NUL and the server lacks BINARY");
  }
  w.literal(message.data, literal8 ? { literal8: true } : {});
}

/** `APPEND mailbox message...`; several messages make one MULTIAPPEND command. */
export function writeAppend(w: CommandWriter, command: AppendCommand): void {
  if (command.messages.length === 0) {
    throw new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", "APPEND needs at least one message");
  }
  w.text("APPEND ");
  writeMailbox(w, command.mailbox);
  for (const message of command.messages) writeMessage(w, message);
}
