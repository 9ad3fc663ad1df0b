/**
 * From LIST results to the folder tree the app shows: the personal namespace prefix (`INBOX.` on
 * some servers) taken off, any delimiter (or none), parents the server did not list added as
 * unselectable, special-use folders recognised by attribute or, without SPECIAL-USE, by common name,
 * and everything in display order: Inbox, the special folders, then the rest by name, each parent
 * followed by its children.
 */
import type { Folder, SpecialUse } from "./types";

export interface ListedFolder {
  readonly path: string;
  readonly delimiter: string | null;
  readonly attributes: readonly string[];
  readonly specialUse: string | null;
  readonly messages: number | null;
  readonly unseen: number | null;
}

const SPECIAL_ORDER: readonly SpecialUse[] = [
  "inbox",
  "drafts",
  "sent",
  "archive",
  "all",
  "flagged",
  "junk",
  "trash",
];

const BY_ATTRIBUTE: Readonly<Record<string, SpecialUse>> = {
  "\\drafts": "drafts",
  "\\sent": "sent",
  "\\archive": "archive",
  "\\junk": "junk",
  "\\trash": "trash",
  "\\all": "all",
  "\\flagged": "flagged",
};

/** Names servers without SPECIAL-USE commonly give their special folders (lower-case). */
const BY_NAME: Readonly<Record<string, SpecialUse>> = {
  drafts: "drafts",
  draft: "drafts",
  entwürfe: "drafts",
  sent: "sent",
  "sent items": "sent",
  "sent messages": "sent",
  "sent mail": "sent",
  gesendet: "sent",
  archive: "archive",
  archives: "archive",
  junk: "junk",
  spam: "junk",
  "junk e-mail": "junk",
  "bulk mail": "junk",
  trash: "trash",
  "deleted items": "trash",
  "deleted messages": "trash",
  papierkorb: "trash",
  bin: "trash",
  "all mail": "all",
  starred: "flagged",
  flagged: "flagged",
};

const UNSELECTABLE = new Set(["\\noselect", "\\nonexistent"]);

export function buildFolderTree(listed: readonly ListedFolder[], personalPrefix: string): Folder[] {
  const byPath = new Map<string, Folder>();
  const usedSpecial = new Set<SpecialUse>();
  const withAttribute = listed.filter((f) => f.specialUse !== null || specialByAttribute(f) !== null);
  const serverMarksSpecial = withAttribute.length > 0;

  for (const item of listed) {
    const isInbox = item.path.toUpperCase() === "INBOX";
    const path = isInbox ? "INBOX" : item.path;
    const segments = displaySegments(path, item.delimiter, personalPrefix);
    const depth = segments.length - 1;
    const name = isInbox ? "Inbox" : (segments[depth] ?? path);
    let specialUse: SpecialUse | null = isInbox ? "inbox" : specialByAttribute(item);
    if (specialUse === null && !serverMarksSpecial && depth === 0)
      specialUse = BY_NAME[name.toLowerCase()] ?? null;
    if (specialUse !== null && specialUse !== "inbox") {
      if (usedSpecial.has(specialUse)) specialUse = null;
      else usedSpecial.add(specialUse);
    }
    byPath.set(path, {
      path,
      name,
      parent: parentPath(path, item.delimiter, depth),
      delimiter: item.delimiter,
      depth,
      specialUse,
      selectable: !item.attributes.some((a) => UNSELECTABLE.has(a.toLowerCase())),
      messages: item.messages,
      unseen: item.unseen,
    });
  }
  addMissingParents(byPath);
  return displayOrder([...byPath.values()]);
}

function specialByAttribute(item: ListedFolder): SpecialUse | null {
  const candidates = item.specialUse === null ? item.attributes : [item.specialUse, ...item.attributes];
  for (const attribute of candidates) {
    const use = BY_ATTRIBUTE[attribute.toLowerCase()];
    if (use !== undefined) return use;
  }
  return null;
}

/** The hierarchy levels shown: the personal prefix is not a level of its own. */
function displaySegments(path: string, delimiter: string | null, prefix: string): string[] {
  if (delimiter === null || delimiter === "") return [path];
  const shown =
    prefix !== "" && path.startsWith(prefix) && path.length > prefix.length
      ? path.slice(prefix.length)
      : path;
  return shown.split(delimiter).filter((s) => s !== "");
}

function parentPath(path: string, delimiter: string | null, depth: number): string | null {
  if (delimiter === null || delimiter === "" || depth === 0) return null;
  return path.slice(0, path.lastIndexOf(delimiter));
}

/** A listed `a/b/c` whose `a/b` was not listed gets an unselectable `a/b` (and `a`). */
function addMissingParents(byPath: Map<string, Folder>): void {
  for (const folder of [...byPath.values()]) {
    let child = folder;
    while (child.parent !== null && !byPath.has(child.parent)) {
      const path = child.parent;
      const delimiter = child.delimiter ?? "";
      const parent: Folder = {
        path,
        name: path.slice(path.lastIndexOf(delimiter) + 1),
        parent: child.depth > 1 ? path.slice(0, path.lastIndexOf(delimiter)) : null,
        delimiter: child.delimiter,
        depth: child.depth - 1,
        specialUse: null,
        selectable: false,
        messages: null,
        unseen: null,
      };
      byPath.set(path, parent);
      child = parent;
    }
  }
}

function displayOrder(folders: Folder[]): Folder[] {
  const children = new Map<string | null, Folder[]>();
  for (const folder of folders) {
    const siblings = children.get(folder.parent) ?? [];
    siblings.push(folder);
    children.set(folder.parent, siblings);
  }
  const rank = (f: Folder) =>
    f.specialUse === null ? SPECIAL_ORDER.length : SPECIAL_ORDER.indexOf(f.specialUse);
  const ordered: Folder[] = [];
  const visit = (parent: string | null) => {
    const siblings = children.get(parent) ?? [];
    siblings.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
    for (const folder of siblings) {
      ordered.push(folder);
      visit(folder.path);
    }
  };
  visit(null);
  return ordered;
}
