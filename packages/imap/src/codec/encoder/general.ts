/** ENABLE (RFC 5161) and ID (RFC 2971). */
import { ImapLocalError } from "../../errors.js";
import { utf8Encode } from "../../text/text.js";
import type { Command } from "../../types/command.js";
import { writeAtom, writeNString, writeString } from "./values.js";
import type { CommandWriter } from "./writer.js";

type EnableCommand = Extract<Command, { name: "ENABLE" }>;
type IdCommand = Extract<Command, { name: "ID" }>;

function invalid(message: string): ImapLocalError {
  return new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", message);
}

/** `ENABLE cap cap ...`. */
export function writeEnable(w: CommandWriter, command: EnableCommand): void {
  if (command.capabilities.length === 0) throw invalid("ENABLE needs at least one capability");
  w.text("ENABLE");
  for (const capability of command.capabilities) {
    w.text(" ");
    writeAtom(w, capability, "capability");
  }
}

/** RFC 2971 §3.3 limits: field names up to 30 octets, values up to 1024, at most 30 pairs. */
const ID_MAX_PAIRS = 30;
const ID_MAX_FIELD_OCTETS = 30;
const ID_MAX_VALUE_OCTETS = 1024;

/** `ID ("field" "value" ...)` or `ID NIL` for null or no fields. */
export function writeId(w: CommandWriter, command: IdCommand): void {
  const entries = command.params === null ? [] : Object.entries(command.params);
  if (entries.length === 0) {
    w.text("ID NIL");
    return;
  }
  if (entries.length > ID_MAX_PAIRS) throw invalid(`ID allows at most ${ID_MAX_PAIRS} fields`);
  w.text("ID (");
  entries.forEach(([field, value], i) => {
    if (utf8Encode(field).length > ID_MAX_FIELD_OCTETS) throw invalid(`ID field name too long: ${field}`);
    if (value !== null && utf8Encode(value).length > ID_MAX_VALUE_OCTETS) {
      throw invalid(`ID value too long for ${field}`);
    }
    if (i > 0) w.text(" ");
    writeString(w, field);
    w.text(" ");
    writeNString(w, value);
  });
  w.text(")");
}
