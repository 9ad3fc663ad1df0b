/**
 * Expectations derived from the Dovecot fixture manifest (`@tagwire/dovecot`'s `fixtureMessages()`),
 * so the tests compare the browser's results with the seeded mail instead of hard-coded numbers.
 */
import { fixtureMessages } from "@tagwire/dovecot";

export interface FixtureMessage {
  /** The raw, unfolded `Subject:` value (encoded words left as they are, as in an ENVELOPE). */
  readonly subject: string | null;
  /** `Date:` in epoch milliseconds; the seeding derives INTERNALDATE, hence UID order, from it. */
  readonly date: number;
  readonly seen: boolean;
}

/** The message's top-level header fields, unfolded, as [lower-case name, value] pairs. */
function headerFields(message: Uint8Array | string): Array<[string, string]> {
  const raw = typeof message === "string" ? message : Buffer.from(message).toString("latin1");
  const end = raw.search(/\r?\n\r?\n/);
  const header = (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n(?=[ \t])/g, "");
  const fields: Array<[string, string]> = [];
  for (const line of header.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0)
      fields.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trimStart()]);
  }
  return fields;
}

/**
 * `username`'s fixture messages by mailbox, each list in the order the server numbers them (oldest
 * first, ties in manifest order).
 */
export async function fixtureMail(username: string): Promise<Map<string, FixtureMessage[]>> {
  const byMailbox = new Map<string, Array<FixtureMessage & { order: number }>>();
  (await fixtureMessages()).forEach((seed, order) => {
    if (seed.username !== username) return;
    const fields = headerFields(seed.message);
    const field = (name: string) => fields.find(([key]) => key === name)?.[1] ?? null;
    const date = Date.parse(field("date") ?? "");
    if (Number.isNaN(date)) throw new Error(`fixture message ${order} has no usable Date: header`);
    const list = byMailbox.get(seed.mailbox) ?? [];
    list.push({ subject: field("subject"), date, seen: (seed.flags ?? []).includes("\\Seen"), order });
    byMailbox.set(seed.mailbox, list);
  });
  const out = new Map<string, FixtureMessage[]>();
  for (const [mailbox, list] of byMailbox) {
    list.sort((a, b) => a.date - b.date || a.order - b.order);
    out.set(
      mailbox,
      list.map(({ subject, date, seen }) => ({ subject, date, seen })),
    );
  }
  return out;
}
