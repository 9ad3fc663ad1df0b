/** Commands on messages of the selected mailbox: STORE, COPY, MOVE, EXPUNGE and UID EXPUNGE. */
import { ImapLocalError } from "../../errors.js";
import type { Command } from "../../types/command.js";
import { writeFlagList, writeMailbox, writeModSeq, writeSequenceSet } from "./values.js";
import type { CommandWriter } from "./writer.js";

type StoreCommand = Extract<Command, { name: "STORE" }>;
type TransferCommand = Extract<Command, { name: "COPY" | "MOVE" }>;
type ExpungeCommand = Extract<Command, { name: "EXPUNGE" }>;

const STORE_ITEMS = { set: "FLAGS", add: "+FLAGS", remove: "-FLAGS" } as const;

/** `[UID] STORE set [(UNCHANGEDSINCE n)] [+|-]FLAGS[.SILENT] (flags)` (RFC 7162 §3.1.3 order). */
export function writeStore(w: CommandWriter, command: StoreCommand): void {
  w.text(command.uid ? "UID STORE " : "STORE ");
  writeSequenceSet(w, command.set);
  if (command.unchangedSince !== undefined) {
    w.text(" (UNCHANGEDSINCE ");
    writeModSeq(w, command.unchangedSince, "UNCHANGEDSINCE");
    w.text(")");
  }
  if (!Object.hasOwn(STORE_ITEMS, command.operation)) {
    throw new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", `unknown STORE operation: ${command.operation}`);
  }
  const item = STORE_ITEMS[command.operation];
  w.text(` ${item}${command.silent === true ? ".SILENT" : ""} `);
  writeFlagList(w, command.flags);
}

/** `[UID] COPY|MOVE set mailbox` (RFC 3501 §6.4.7, RFC 6851). */
export function writeTransfer(w: CommandWriter, command: TransferCommand): void {
  w.text(`${command.uid ? "UID " : ""}${command.name} `);
  writeSequenceSet(w, command.set);
  w.text(" ");
  writeMailbox(w, command.mailbox);
}

/** `EXPUNGE`, or `UID EXPUNGE set` (RFC 4315 §2.1) when `uids` is given. */
export function writeExpunge(w: CommandWriter, command: ExpungeCommand): void {
  if (command.uids === undefined) {
    w.text("EXPUNGE");
    return;
  }
  w.text("UID EXPUNGE ");
  writeSequenceSet(w, command.uids);
}
