/*
 * Turns StartOptions.seed into the messages and mailboxes to write for each user: fixtures (default),
 * generated bulk mail and caller-supplied messages, in that order.
 */
import { generateBulk } from "./bulk.js";
import { fixtureMailboxes, fixtureMessages } from "./fixtures.js";
import { assertMailboxName } from "./mailbox-name.js";
import { type MaildirMessage, toMaildirBytes } from "./maildir.js";
import type { DovecotUser, SeedMessage, SeedOptions, StartOptions } from "./types.js";

/** INTERNALDATE of messages without a usable `Date:` header. */
const FALLBACK_DATE = new Date(Date.UTC(2024, 0, 1));

/** What to write into one user's Maildir. */
export interface UserSeed {
  messages: MaildirMessage[];
  mailboxes: string[];
}

/**
 * The `Date:` header of a message as a Date, or undefined when absent or unparsable. Reads only the header
 * section, unfolds continuation lines and drops `(comments)`.
 */
export function headerDate(bytes: Uint8Array): Date | undefined {
  const text = Buffer.from(bytes.subarray(0, 64 * 1024)).toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  const header = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  const match = /^date:[ \t]*(.*)$/im.exec(header);
  if (match === null) return undefined;
  const value = (match[1] ?? "").replace(/\([^)]*\)/g, "").trim();
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(Math.floor(time / 1000) * 1000);
}

function toMaildirMessage(message: SeedMessage): MaildirMessage {
  assertMailboxName(message.mailbox);
  const bytes = toMaildirBytes(message.message);
  return {
    mailbox: message.mailbox,
    bytes,
    flags: message.flags ?? [],
    internalDate: message.internalDate ?? headerDate(bytes) ?? FALLBACK_DATE,
  };
}

function normalize(seed: StartOptions["seed"]): SeedOptions {
  if (seed === undefined || seed === true) return { fixtures: true };
  if (seed === false) return { fixtures: false };
  if (Array.isArray(seed)) return { fixtures: false, messages: seed as readonly SeedMessage[] };
  return seed as SeedOptions;
}

/**
 * Resolve the seed option for the given users. Fixture content of users not in `users` is skipped;
 * a bulk or explicit message for an unknown user is an error.
 */
export async function resolveSeed(
  seed: StartOptions["seed"],
  users: readonly DovecotUser[],
): Promise<Map<string, UserSeed>> {
  const options = normalize(seed);
  const plan = new Map<string, UserSeed>(
    users.map((user) => [user.username, { messages: [], mailboxes: [] }]),
  );
  const target = (username: string, what: string): UserSeed => {
    const entry = plan.get(username);
    if (entry === undefined) throw new Error(`${what} names the unknown user ${JSON.stringify(username)}`);
    return entry;
  };

  if (options.fixtures ?? true) {
    for (const [username, mailboxes] of Object.entries(await fixtureMailboxes())) {
      plan.get(username)?.mailboxes.push(...mailboxes);
    }
    for (const message of await fixtureMessages()) {
      plan.get(message.username)?.messages.push(toMaildirMessage(message));
    }
  }

  if (options.bulk !== undefined) {
    const bulk = typeof options.bulk === "number" ? { count: options.bulk } : options.bulk;
    const username = bulk.username ?? users[0]?.username;
    if (username === undefined) throw new Error("seed.bulk needs at least one user");
    const entry = target(username, "seed.bulk");
    const mailbox = bulk.mailbox ?? "Bulk";
    entry.mailboxes.push(mailbox);
    for (const message of generateBulk({ count: bulk.count, username, mailbox, seed: bulk.seed ?? 1 })) {
      entry.messages.push(toMaildirMessage(message));
    }
  }

  for (const message of options.messages ?? []) {
    target(message.username, "A seed message").messages.push(toMaildirMessage(message));
  }
  return plan;
}
