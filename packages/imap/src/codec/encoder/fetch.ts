/**
 * FETCH (RFC 3501 §6.4.5; RFC 3516 BINARY; RFC 7162 CHANGEDSINCE and VANISHED; RFC 8970 PREVIEW).
 * Section specs are parsed and written back in canonical form, so nothing unexpected can ride
 * inside the brackets.
 */
import { ImapLocalError } from "../../errors.js";
import { type Command, type FetchAttribute, SIMPLE_FETCH_ATTRIBUTES } from "../../types/command.js";
import { MAX_SEQUENCE_NUMBER } from "../../types/sequence-set.js";
import { isAtom, writeModSeq, writeSequenceSet } from "./values.js";
import type { CommandWriter } from "./writer.js";

type FetchCommand = Extract<Command, { name: "FETCH" }>;
type SectionAttribute = Exclude<FetchAttribute, string>;

function invalid(message: string): ImapLocalError {
  return new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", message);
}

const SIMPLE_ATTRIBUTES: ReadonlySet<string> = new Set(SIMPLE_FETCH_ATTRIBUTES);

const PART = /^[1-9][0-9]{0,9}(?:\.[1-9][0-9]{0,9})*$/;

/** section-part: `1.2.3`, each part a non-zero 32-bit number. */
function canonicalPart(text: string): string | null {
  if (!PART.test(text)) return null;
  return text.split(".").every((n) => Number(n) <= MAX_SEQUENCE_NUMBER) ? text : null;
}

/** `HEADER.FIELDS[.NOT] (name ...)`, `HEADER`, `TEXT`, or (after a part) `MIME`. */
function canonicalText(text: string, afterPart: boolean): string | null {
  const upper = text.toUpperCase();
  if (upper === "HEADER" || upper === "TEXT" || (afterPart && upper === "MIME")) return upper;
  const match = /^(HEADER\.FIELDS(?:\.NOT)?) \(([^()]*)\)$/i.exec(text);
  if (match === null) return null;
  const names = (match[2] as string).split(" ").filter((name) => name.length > 0);
  // Header field names are atoms here; `]` would end the section early, and isAtom excludes it.
  if (names.length === 0 || !names.every(isAtom)) return null;
  return `${(match[1] as string).toUpperCase()} (${names.join(" ")})`;
}

/** Canonical section spec for BODY[...] (RFC 3501 `section-spec`), or null if invalid. */
function canonicalBodySection(section: string): string | null {
  if (section === "") return "";
  const direct = canonicalText(section, false);
  if (direct !== null) return direct;
  const match = /^([0-9.]+?)(?:\.([A-Za-z].*))?$/.exec(section);
  if (match === null) return null;
  const part = canonicalPart(match[1] as string);
  if (part === null) return null;
  if (match[2] === undefined) return part;
  const text = canonicalText(match[2], true);
  return text === null ? null : `${part}.${text}`;
}

function sectionText(attribute: SectionAttribute): string {
  const section =
    attribute.item === "BODY"
      ? canonicalBodySection(attribute.section)
      : attribute.section === ""
        ? ""
        : canonicalPart(attribute.section);
  if (section === null) {
    throw invalid(`invalid ${attribute.item} section: ${JSON.stringify(attribute.section)}`);
  }
  return section;
}

function sectionAttribute(attribute: SectionAttribute): string {
  if (attribute.item !== "BODY" && attribute.item !== "BINARY" && attribute.item !== "BINARY.SIZE") {
    throw invalid(`unknown FETCH item: ${JSON.stringify(attribute.item)}`);
  }
  if (attribute.item === "BINARY.SIZE" && (attribute.peek === true || attribute.partial !== undefined)) {
    throw invalid("BINARY.SIZE takes neither PEEK nor a partial range");
  }
  let text = `${attribute.item}${attribute.peek === true ? ".PEEK" : ""}[${sectionText(attribute)}]`;
  if (attribute.partial !== undefined) {
    const { offset, length } = attribute.partial;
    if (!Number.isInteger(offset) || offset < 0 || offset > MAX_SEQUENCE_NUMBER) {
      throw invalid(`partial offset out of range: ${offset}`);
    }
    if (!Number.isInteger(length) || length < 1 || length > MAX_SEQUENCE_NUMBER) {
      throw invalid(`partial length out of range: ${length}`);
    }
    text += `<${offset}.${length}>`;
  }
  return text;
}

/** The wire text of one FETCH data item. */
export function fetchAttributeText(attribute: FetchAttribute): string {
  if (typeof attribute === "string") {
    if (!SIMPLE_ATTRIBUTES.has(attribute)) throw invalid(`unknown FETCH item: ${JSON.stringify(attribute)}`);
    return attribute;
  }
  return sectionAttribute(attribute);
}

/** `[UID] FETCH set (items) [(CHANGEDSINCE n [VANISHED])]`. */
export function writeFetch(w: CommandWriter, command: FetchCommand): void {
  if (command.attributes.length === 0) throw invalid("FETCH needs at least one item");
  if (command.vanished === true && (!command.uid || command.changedSince === undefined)) {
    // RFC 7162 §3.2.6: VANISHED only with UID FETCH and CHANGEDSINCE.
    throw invalid("VANISHED needs UID FETCH with CHANGEDSINCE");
  }
  w.text(command.uid ? "UID FETCH " : "FETCH ");
  writeSequenceSet(w, command.set);
  w.text(` (${command.attributes.map(fetchAttributeText).join(" ")})`);
  if (command.changedSince !== undefined) {
    w.text(" (CHANGEDSINCE ");
    writeModSeq(w, command.changedSince, "CHANGEDSINCE");
    w.text(command.vanished === true ? " VANISHED)" : ")");
  }
}
