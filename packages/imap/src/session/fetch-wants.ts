/**
 * Which FETCH data items a command asked for, so that untagged FETCH data goes to the command that
 * asked for *that item* and not merely for that message (PROTOCOL.md §1 rule 9). Two commands in
 * flight for the same message — `UID FETCH 1 (BODY.PEEK[])` and `UID FETCH 1 (BODY.PEEK[2])` — each
 * get their own section; a section nobody in flight asked for goes only to the mailbox state.
 *
 * Items are compared by a key: the response's item name, and for body sections the normalised
 * section spec plus the origin the server reports for a partial fetch (`BODY[]<0>`). When two
 * commands in flight asked for the same item of the same message, each server response for it goes
 * to one of them: the first that has not received it yet (`routing.ts`).
 */
import type { Command, FetchAttribute } from "../types/command.js";
import type { FetchItems, FetchResponse } from "../types/response.js";

/** Simple (non-section) FETCH items as the response model names them. */
type SimpleItem = Exclude<keyof FetchItems, "uid" | "sections" | "binarySizes" | "other">;

const SIMPLE_ITEMS: Readonly<Record<string, SimpleItem>> = {
  FLAGS: "flags",
  INTERNALDATE: "internalDate",
  "RFC822.SIZE": "rfc822Size",
  ENVELOPE: "envelope",
  BODYSTRUCTURE: "bodyStructure",
  BODY: "body",
  MODSEQ: "modseq",
  PREVIEW: "preview",
  "X-GM-MSGID": "gmMsgId",
  "X-GM-THRID": "gmThrId",
  "X-GM-LABELS": "gmLabels",
};

const SIMPLE_ENTRIES = Object.entries(SIMPLE_ITEMS);
const SIMPLE_NAMES: ReadonlySet<string> = new Set(Object.values(SIMPLE_ITEMS));

/** What one FETCH or STORE asked for. */
export interface FetchWants {
  readonly simple: ReadonlySet<SimpleItem>;
  /** Body section keys (`BODY[1.2]`, `BINARY[]<0>`). */
  readonly sections: ReadonlySet<string>;
  /** Sections of `BINARY.SIZE`. */
  readonly binarySizes: ReadonlySet<string>;
  /** Only `UID` was asked for: a response with just the UID is its answer. */
  readonly uidOnly: boolean;
}

/** A section spec as the parser normalises it: upper-cased, no quotes, single spaces. */
export function normalizeSection(spec: string): string {
  return spec.toUpperCase().replace(/"/g, "").replace(/\s+/g, " ").trim();
}

/** The key of a body section (request side: the partial's offset is the origin the server reports). */
export function sectionKey(item: string, section: string, origin: number | null): string {
  return `${item}[${normalizeSection(section)}]${origin === null ? "" : `<${origin}>`}`;
}

function requestedSectionKey(a: Exclude<FetchAttribute, string>): string {
  return sectionKey(a.item, a.section, a.partial === undefined ? null : a.partial.offset);
}

/** What `command` asks for, or null when it is neither FETCH nor STORE. */
export function fetchWants(command: Command): FetchWants | null {
  if (command.name === "STORE") {
    const simple = new Set<SimpleItem>(command.silent === true ? [] : ["flags"]);
    if (command.unchangedSince !== undefined || command.silent !== true) simple.add("modseq");
    return { simple, sections: new Set(), binarySizes: new Set(), uidOnly: false };
  }
  if (command.name !== "FETCH") return null;
  const simple = new Set<SimpleItem>();
  const sections = new Set<string>();
  const binarySizes = new Set<string>();
  for (const a of command.attributes) {
    if (typeof a === "string") {
      const item = SIMPLE_ITEMS[a];
      if (item !== undefined) simple.add(item);
    } else if (a.item === "BINARY.SIZE") {
      binarySizes.add(normalizeSection(a.section));
    } else {
      sections.add(requestedSectionKey(a));
    }
  }
  if (command.changedSince !== undefined) simple.add("modseq");
  const uidOnly = simple.size === 0 && sections.size === 0 && binarySizes.size === 0;
  return { simple, sections, binarySizes, uidOnly };
}

/** The key of each item in a FETCH response (`FLAGS`, `BODY[2]`, `BINARY.SIZE[1]`, `UID`, ...). */
export function responseItemKeys(items: FetchItems): string[] {
  const keys: string[] = [];
  for (const [name, item] of SIMPLE_ENTRIES) if (items[item] !== undefined) keys.push(name);
  for (const s of items.sections ?? []) keys.push(sectionKey(s.item, s.section, s.origin));
  for (const s of items.binarySizes ?? []) keys.push(`BINARY.SIZE[${normalizeSection(s.section)}]`);
  if (items.uid !== undefined) keys.push("UID");
  return keys;
}

/** Whether `wants` asked for the item with this key (`UID` counts only for a UID-only FETCH). */
export function wantsItem(wants: FetchWants, key: string): boolean {
  if (key === "UID") return wants.uidOnly;
  if (key.startsWith("BINARY.SIZE[")) return wants.binarySizes.has(key.slice(12, -1));
  const simple = SIMPLE_ITEMS[key];
  if (simple !== undefined) return wants.simple.has(simple);
  return wants.sections.has(key);
}

/**
 * The part of `response` that `wants` asked for, when no other command in flight may want the same
 * items: the response itself when it holds nothing else (the usual case: no copy, no key strings —
 * this runs for every row of a message list), a copy of just those items when it holds more, null
 * when it holds none of them.
 */
export function wantedPart(wants: FetchWants, response: FetchResponse): FetchResponse | null {
  const items = response.items;
  let wanted = wants.uidOnly && items.uid !== undefined;
  let unwanted = false;
  for (const key in items) {
    if (key === "uid") continue;
    const ok =
      key === "sections"
        ? (items.sections ?? []).every((s) => wants.sections.has(sectionKey(s.item, s.section, s.origin)))
        : key === "binarySizes"
          ? (items.binarySizes ?? []).every((s) => wants.binarySizes.has(normalizeSection(s.section)))
          : SIMPLE_NAMES.has(key) && wants.simple.has(key as SimpleItem);
    if (ok) wanted = true;
    else unwanted = true;
  }
  if (!unwanted) return wanted ? response : null;
  return claimFetch(response, (key) => wantsItem(wants, key));
}

/**
 * The part of `response` made of the items `take` accepts (by `responseItemKeys` key), with the
 * UID, which identifies the message; null when `take` accepts none.
 */
export function claimFetch(response: FetchResponse, take: (key: string) => boolean): FetchResponse | null {
  const source = response.items;
  const items: FetchItems = {};
  let claimed = false;
  for (const [name, item] of SIMPLE_ENTRIES) {
    if (source[item] === undefined || !take(name)) continue;
    (items as Record<SimpleItem, unknown>)[item] = source[item];
    claimed = true;
  }
  const sections = source.sections?.filter((s) => take(sectionKey(s.item, s.section, s.origin)));
  if (sections !== undefined && sections.length > 0) {
    items.sections = sections;
    claimed = true;
  }
  const sizes = source.binarySizes?.filter((s) => take(`BINARY.SIZE[${normalizeSection(s.section)}]`));
  if (sizes !== undefined && sizes.length > 0) {
    items.binarySizes = sizes;
    claimed = true;
  }
  if (source.uid !== undefined) {
    items.uid = source.uid;
    if (take("UID")) claimed = true;
  }
  return claimed ? { type: "fetch", seq: response.seq, items } : null;
}
