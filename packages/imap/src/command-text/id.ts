/** `ID NIL` or `ID ("field" "value" ...)` (RFC 2971). */
import type { Command } from "../types/command.js";
import { invalid } from "./invalid.js";
import type { Reader } from "./reader.js";

export function idCommand(reader: Reader): Command {
  const token = reader.next("NIL or a parameter list");
  reader.end();
  if (token.kind === "atom" && token.value.toUpperCase() === "NIL") return { name: "ID", params: null };
  if (token.kind !== "list") throw invalid(`${reader.what}: expected NIL or a parameter list`);
  const values = token.items.map((t) => {
    if (t.kind === "list") throw invalid(`${reader.what}: ID values are strings`);
    return t.kind === "atom" && t.value.toUpperCase() === "NIL" ? null : t.value;
  });
  if (values.length % 2 !== 0) throw invalid(`${reader.what}: ID takes field/value pairs`);
  const params: Record<string, string | null> = {};
  for (let i = 0; i < values.length; i += 2) {
    const field = values[i];
    if (field === null || field === undefined) throw invalid(`${reader.what}: an ID field cannot be NIL`);
    params[field] = values[i + 1] ?? null;
  }
  return { name: "ID", params };
}
