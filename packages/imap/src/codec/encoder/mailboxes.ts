/**
 * Mailbox commands: LIST (RFC 5258 LIST-EXTENDED, RFC 6154 SPECIAL-USE, RFC 5819 LIST-STATUS), LSUB,
 * STATUS, SELECT/EXAMINE (RFC 7162 CONDSTORE/QRESYNC), CREATE (RFC 6154 USE), DELETE, RENAME,
 * SUBSCRIBE, UNSUBSCRIBE.
 */
import { ImapLocalError } from "../../errors.js";
import { type Command, STATUS_ITEMS, type StatusItem } from "../../types/command.js";
import { MAX_SEQUENCE_NUMBER, sequenceSetIsSymbolic } from "../../types/sequence-set.js";
import {
  writeAtom,
  writeFlag,
  writeList,
  writeListMailbox,
  writeMailbox,
  writeModSeq,
  writeNumber,
  writeReference,
  writeSequenceSet,
} from "./values.js";
import type { CommandWriter } from "./writer.js";

type ListCommand = Extract<Command, { name: "LIST" }>;
type LsubCommand = Extract<Command, { name: "LSUB" }>;
type StatusCommand = Extract<Command, { name: "STATUS" }>;
type SelectCommand = Extract<Command, { name: "SELECT" | "EXAMINE" }>;
type CreateCommand = Extract<Command, { name: "CREATE" }>;
type RenameCommand = Extract<Command, { name: "RENAME" }>;

function invalid(message: string): ImapLocalError {
  return new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", message);
}

const STATUS_ITEM_SET: ReadonlySet<string> = new Set(STATUS_ITEMS);

/** `(item item ...)`; STATUS needs at least one item (RFC 3501 §6.3.10, RFC 5819 §2). */
function writeStatusItems(w: CommandWriter, items: readonly StatusItem[]): void {
  if (items.length === 0) throw invalid("STATUS needs at least one item");
  for (const item of items) {
    if (!STATUS_ITEM_SET.has(item)) throw invalid(`unknown STATUS item: ${JSON.stringify(item)}`);
  }
  w.text(`(${items.join(" ")})`);
}

/**
 * `LIST [(select-opts)] reference pattern|(patterns) [RETURN (...)]`. Several patterns or any
 * option make it an extended LIST (RFC 5258 §3); RETURN options are written in a fixed order.
 */
export function writeListCommand(w: CommandWriter, command: ListCommand): void {
  if (command.patterns.length === 0) throw invalid("LIST needs at least one pattern");
  w.text("LIST ");
  if (command.selectOptions !== undefined && command.selectOptions.length > 0) {
    writeList(w, command.selectOptions, (option) => writeAtom(w, option, "LIST selection option"));
    w.text(" ");
  }
  writeReference(w, command.reference);
  w.text(" ");
  const [first] = command.patterns;
  if (command.patterns.length === 1 && first !== undefined) writeListMailbox(w, first);
  else writeList(w, command.patterns, (pattern) => writeListMailbox(w, pattern));

  const returns: string[] = [];
  if (command.returnSpecialUse === true) returns.push("SPECIAL-USE");
  if (command.returnSubscribed === true) returns.push("SUBSCRIBED");
  if (command.returnChildren === true) returns.push("CHILDREN");
  if (returns.length === 0 && command.returnStatus === undefined) return;
  w.text(` RETURN (${returns.join(" ")}`);
  if (command.returnStatus !== undefined) {
    w.text(returns.length > 0 ? " STATUS " : "STATUS ");
    writeStatusItems(w, command.returnStatus);
  }
  w.text(")");
}

/** `LSUB reference pattern` (RFC 3501 §6.3.9). */
export function writeLsub(w: CommandWriter, command: LsubCommand): void {
  w.text("LSUB ");
  writeReference(w, command.reference);
  w.text(" ");
  writeListMailbox(w, command.pattern);
}

/** `STATUS mailbox (items)`. */
export function writeStatus(w: CommandWriter, command: StatusCommand): void {
  w.text("STATUS ");
  writeMailbox(w, command.mailbox);
  w.text(" ");
  writeStatusItems(w, command.items);
}

/** `SELECT|EXAMINE mailbox [(CONDSTORE QRESYNC (uidvalidity modseq [known-uids]))]`. */
export function writeSelect(w: CommandWriter, command: SelectCommand): void {
  w.text(`${command.name} `);
  writeMailbox(w, command.mailbox);
  const { qresync } = command;
  if (command.condstore !== true && qresync === undefined) return;
  w.text(" (");
  if (command.condstore === true) w.text(qresync === undefined ? "CONDSTORE" : "CONDSTORE ");
  if (qresync !== undefined) {
    w.text("QRESYNC (");
    writeNumber(w, qresync.uidValidity, 1, MAX_SEQUENCE_NUMBER, "UIDVALIDITY");
    w.text(" ");
    writeModSeq(w, qresync.modseq, "QRESYNC mod-sequence");
    if (qresync.knownUids !== undefined) {
      // RFC 7162 §3.2.5: known-uids are real UIDs, never `*` (nor a saved result).
      if (sequenceSetIsSymbolic(qresync.knownUids)) throw invalid("QRESYNC known UIDs cannot hold * or $");
      w.text(" ");
      writeSequenceSet(w, qresync.knownUids);
    }
    w.text(")");
  }
  w.text(")");
}

/** `CREATE mailbox [(USE (\Special ...))]`. */
export function writeCreate(w: CommandWriter, command: CreateCommand): void {
  w.text("CREATE ");
  writeMailbox(w, command.mailbox);
  if (command.specialUse === undefined || command.specialUse.length === 0) return;
  w.text(" (USE ");
  writeList(w, command.specialUse, (use) => {
    if (!use.startsWith("\\")) throw invalid(`special-use attributes start with \\: ${JSON.stringify(use)}`);
    writeFlag(w, use);
  });
  w.text(")");
}

/** `RENAME from to`. */
export function writeRename(w: CommandWriter, command: RenameCommand): void {
  w.text("RENAME ");
  writeMailbox(w, command.from);
  w.text(" ");
  writeMailbox(w, command.to);
}
