/** `STORE set [(UNCHANGEDSINCE n)] [+-]FLAGS[.SILENT] flags` (RFC 3501 §6.4.6, RFC 7162 §3.1.3). */
import type { Command } from "../types/command.js";
import { invalid } from "./invalid.js";
import { Reader } from "./reader.js";

export function storeCommand(reader: Reader, uid: boolean): Command {
  const set = reader.sequenceSet();
  let unchangedSince: bigint | undefined;
  if (reader.peek()?.kind === "list") {
    const modifiers = new Reader(reader.list("store modifiers"), reader.what);
    if (modifiers.atom("UNCHANGEDSINCE").toUpperCase() !== "UNCHANGEDSINCE") {
      throw invalid(`${reader.what}: the only store modifier is UNCHANGEDSINCE`);
    }
    unchangedSince = modifiers.bigint("UNCHANGEDSINCE's mod-sequence");
    modifiers.end();
  }
  const match = /^([+-]?)FLAGS(\.SILENT)?$/i.exec(reader.atom("FLAGS, +FLAGS or -FLAGS"));
  if (match === null) throw invalid(`${reader.what}: expected FLAGS, +FLAGS or -FLAGS`);
  const flags: string[] = [];
  while (!reader.done) {
    const token = reader.next("flags");
    if (token.kind === "list") flags.push(...reader.atoms(token.items));
    else flags.push(token.value);
  }
  return {
    name: "STORE",
    uid,
    set,
    operation: match[1] === "+" ? "add" : match[1] === "-" ? "remove" : "set",
    flags,
    ...(match[2] === undefined ? {} : { silent: true }),
    ...(unchangedSince === undefined ? {} : { unchangedSince }),
  };
}
