/*
 * Writes Dovecot Maildir++ folders directly, before the server starts: far faster than APPENDing over IMAP,
 * and fully deterministic. Besides the message files (`cur/<time>.M0P<uid>.<host>,S=<size>,W=<vsize>:2,<flags>`,
 * mtime = INTERNALDATE), each folder gets the two Dovecot files that pin what IMAP clients see:
 * - `dovecot-uidlist` (v3): `3 V<uidvalidity> N<uidnext>` then `<uid> :<file base name>` per message, so
 *   UIDs follow the order we choose (oldest first) and UIDVALIDITY is ours;
 * - `dovecot-keywords`: `<index> <keyword>`, mapping keyword letters `a`..`z` in file names to names.
 * `S=` is the stored size and `W=` the RFC822.SIZE (every bare LF counted as CRLF), so Dovecot needs not
 * read the files to answer size queries. `subscriptions` at the Maildir root lists the mailboxes to LSUB,
 * by their Maildir++ names without the leading dot (`Archive.2023`, modified UTF-7).
 */
import { chown, mkdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isInbox, maildirFolder, SEPARATOR } from "./mailbox-name.js";
import { isAtom } from "./text-checks.js";

/** Host part of generated file names. */
const HOST = "tagwire";

/** A message ready to be written: bytes as stored, flags, INTERNALDATE. */
export interface MaildirMessage {
  mailbox: string;
  bytes: Uint8Array;
  flags: readonly string[];
  internalDate: Date;
}

/** Owner of everything written (Dovecot's mail user when running as root). */
export interface FileOwner {
  uid: number;
  gid: number;
}

/** Options of {@link writeMaildir}. */
export interface WriteMaildirOptions {
  uidValidity: number;
  /** Mailboxes to create (and subscribe) even when no message goes there. */
  mailboxes?: readonly string[];
  owner?: FileOwner;
}

const SYSTEM_FLAG_LETTERS: Readonly<Record<string, string>> = {
  "\\draft": "D",
  "\\flagged": "F",
  "\\answered": "R",
  "\\seen": "S",
  "\\deleted": "T",
};

const KEYWORD_LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Store CRLF line ends as LF, as Maildir expects (Dovecot serves them as CRLF). */
export function toMaildirBytes(message: Uint8Array | string): Buffer {
  const bytes = typeof message === "string" ? Buffer.from(message, "utf8") : Buffer.from(message);
  if (!bytes.includes(0x0d)) return bytes;
  const out = Buffer.alloc(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x0d && bytes[i + 1] === 0x0a) continue;
    out[n++] = byte;
  }
  return out.subarray(0, n);
}

/** RFC822.SIZE of stored bytes: every LF not preceded by CR counts as CRLF. */
export function virtualSize(bytes: Uint8Array): number {
  let size = bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && (i === 0 || bytes[i - 1] !== 0x0d)) size++;
  }
  return size;
}

/**
 * The Maildir info letters of a flag list, sorted as the Maildir spec requires. Keywords get letters from
 * `keywords`, which grows as new ones appear (Dovecot allows 26 per mailbox).
 * @throws Error for `\Recent`, unknown system flags, malformed keywords or a 27th keyword.
 */
export function flagLetters(flags: readonly string[], keywords: string[]): string {
  const letters = new Set<string>();
  for (const flag of flags) {
    if (flag.startsWith("\\")) {
      const letter = SYSTEM_FLAG_LETTERS[flag.toLowerCase()];
      if (letter === undefined) throw new Error(`Cannot seed the flag ${flag}`);
      letters.add(letter);
      continue;
    }
    if (!isAtom(flag)) throw new Error(`Keyword ${JSON.stringify(flag)} is not an IMAP atom`);
    let index = keywords.indexOf(flag);
    if (index < 0) {
      if (keywords.length === KEYWORD_LETTERS.length) throw new Error("More than 26 keywords in one mailbox");
      index = keywords.push(flag) - 1;
    }
    letters.add(KEYWORD_LETTERS[index] as string);
  }
  return [...letters].sort().join("");
}

/** The base name (without `:2,` info) of a message file. */
export function messageBaseName(uid: number, internalDate: Date, bytes: Uint8Array): string {
  const seconds = Math.floor(internalDate.getTime() / 1000);
  return `${seconds}.M0P${uid}.${HOST},S=${bytes.length},W=${virtualSize(bytes)}`;
}

/** The content of a `dovecot-uidlist` for base names given in UID order (UID = index + 1). */
export function renderUidlist(uidValidity: number, baseNames: readonly string[]): string {
  const lines = [`3 V${uidValidity} N${baseNames.length + 1}`];
  baseNames.forEach((name, i) => {
    lines.push(`${i + 1} :${name}`);
  });
  return `${lines.join("\n")}\n`;
}

/** Every ancestor of a mailbox, then the mailbox: `a/b/c` → `a`, `a/b`, `a/b/c`. */
function withAncestors(name: string): string[] {
  const levels = name.split(SEPARATOR);
  return levels.map((_, i) => levels.slice(0, i + 1).join(SEPARATOR));
}

/** Run async jobs with at most `limit` in flight. */
async function runPool<T>(
  items: readonly T[],
  limit: number,
  job: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      await job(items[next++] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Write a user's `~/Maildir` with the given messages. Within a mailbox, UIDs follow INTERNALDATE (oldest
 * first), ties keep the input order. Every file and folder is chowned to `owner` when given.
 * @param home the user's home folder (created if missing)
 */
export async function writeMaildir(
  home: string,
  messages: readonly MaildirMessage[],
  options: WriteMaildirOptions,
): Promise<void> {
  const root = join(home, "Maildir");
  const byMailbox = new Map<string, MaildirMessage[]>();
  const add = (name: string): void => {
    for (const level of withAncestors(isInbox(name) ? "INBOX" : name)) {
      if (!byMailbox.has(level)) byMailbox.set(level, []);
    }
  };
  add("INBOX");
  for (const name of options.mailboxes ?? []) add(name);
  for (const message of messages) {
    const name = isInbox(message.mailbox) ? "INBOX" : message.mailbox;
    add(name);
    byMailbox.get(name)?.push(message);
  }

  const owned: string[] = [home, root];
  const files: Array<{ path: string; bytes: Uint8Array; time?: Date }> = [];
  for (const [name, list] of byMailbox) {
    const folder = join(root, maildirFolder(name));
    for (const sub of ["cur", "new", "tmp"]) {
      await mkdir(join(folder, sub), { recursive: true, mode: 0o755 });
      owned.push(join(folder, sub));
    }
    if (folder !== root) {
      owned.push(folder);
      files.push({ path: join(folder, "maildirfolder"), bytes: Buffer.alloc(0) });
    }
    const sorted = list
      .map((message, order) => ({ message, order }))
      .sort(
        (a, b) => a.message.internalDate.getTime() - b.message.internalDate.getTime() || a.order - b.order,
      )
      .map(({ message }) => message);
    const keywords: string[] = [];
    const baseNames: string[] = [];
    sorted.forEach((message, i) => {
      const base = messageBaseName(i + 1, message.internalDate, message.bytes);
      baseNames.push(base);
      const path = join(folder, "cur", `${base}:2,${flagLetters(message.flags, keywords)}`);
      files.push({ path, bytes: message.bytes, time: message.internalDate });
    });
    files.push({
      path: join(folder, "dovecot-uidlist"),
      bytes: Buffer.from(renderUidlist(options.uidValidity, baseNames)),
    });
    if (keywords.length > 0) {
      const text = keywords.map((keyword, i) => `${i} ${keyword}\n`).join("");
      files.push({ path: join(folder, "dovecot-keywords"), bytes: Buffer.from(text) });
    }
  }
  const subscribed = [...byMailbox.keys()]
    .filter((name) => name !== "INBOX")
    .map((name) => maildirFolder(name).slice(1));
  files.push({
    path: join(root, "subscriptions"),
    bytes: Buffer.from(subscribed.map((n) => `${n}\n`).join("")),
  });

  const owner = options.owner;
  await runPool(files, 64, async ({ path, bytes, time }) => {
    await writeFile(path, bytes, { mode: 0o644 });
    if (time !== undefined) await utimes(path, time, time);
    if (owner !== undefined) await chown(path, owner.uid, owner.gid);
  });
  if (owner !== undefined) {
    await runPool(owned, 16, (path) => chown(path, owner.uid, owner.gid));
  }
}
