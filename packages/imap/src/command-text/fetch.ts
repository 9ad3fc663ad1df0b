/** `FETCH set items [(modifiers)]` (RFC 3501 §6.4.5, RFC 7162 CHANGEDSINCE, RFC 7162 §3.2.6 VANISHED). */
import { type Command, type FetchAttribute, SIMPLE_FETCH_ATTRIBUTES } from "../types/command.js";
import { invalid } from "./invalid.js";
import { Reader } from "./reader.js";

const SIMPLE_FETCH: ReadonlySet<string> = new Set(SIMPLE_FETCH_ATTRIBUTES);

const FETCH_MACROS: Readonly<Record<string, readonly FetchAttribute[]>> = {
  ALL: ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"],
  FAST: ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
  FULL: ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"],
};

const SECTION_ITEM = /^(BODY|BINARY|BINARY\.SIZE)(\.PEEK)?\[([^\]]*)\](?:<(\d+)\.(\d+)>)?$/i;

function fetchAttribute(text: string, what: string): FetchAttribute {
  const upper = text.toUpperCase();
  if (SIMPLE_FETCH.has(upper)) return upper as FetchAttribute;
  // RFC 3501 §6.4.5: RFC822 = BODY[], RFC822.HEADER = BODY.PEEK[HEADER], RFC822.TEXT = BODY[TEXT].
  if (upper === "RFC822") return { item: "BODY", section: "" };
  if (upper === "RFC822.HEADER") return { item: "BODY", section: "HEADER", peek: true };
  if (upper === "RFC822.TEXT") return { item: "BODY", section: "TEXT" };
  const match = SECTION_ITEM.exec(text);
  if (match === null) throw invalid(`${what}: unknown fetch item ${text}`);
  const item = (match[1] as string).toUpperCase() as "BODY" | "BINARY" | "BINARY.SIZE";
  const peek = match[2] !== undefined;
  if (peek && item === "BINARY.SIZE") throw invalid(`${what}: BINARY.SIZE has no .PEEK form`);
  return {
    item,
    section: match[3] as string,
    ...(peek ? { peek } : {}),
    ...(match[4] === undefined ? {} : { partial: { offset: Number(match[4]), length: Number(match[5]) } }),
  };
}

export function fetchCommand(reader: Reader, uid: boolean): Command {
  const set = reader.sequenceSet();
  const token = reader.next("fetch items");
  let attributes: FetchAttribute[];
  if (token.kind === "list") {
    attributes = reader.atoms(token.items).map((a) => fetchAttribute(a, reader.what));
  } else {
    const macro = FETCH_MACROS[token.value.toUpperCase()];
    attributes = macro !== undefined ? [...macro] : [fetchAttribute(token.value, reader.what)];
  }
  let changedSince: bigint | undefined;
  let vanished = false;
  if (!reader.done) {
    const modifiers = new Reader(reader.list("fetch modifiers"), reader.what);
    while (!modifiers.done) {
      const name = modifiers.atom("a fetch modifier").toUpperCase();
      if (name === "CHANGEDSINCE") changedSince = modifiers.bigint("CHANGEDSINCE's mod-sequence");
      else if (name === "VANISHED") vanished = true;
      else throw invalid(`${reader.what}: unknown fetch modifier ${name}`);
    }
  }
  reader.end();
  return {
    name: "FETCH",
    uid,
    set,
    attributes,
    ...(changedSince === undefined ? {} : { changedSince }),
    ...(vanished ? { vanished } : {}),
  };
}
