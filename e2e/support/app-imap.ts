/**
 * What the server says, from a Node-side connection, to compare the UI with: a folder's order as the
 * app asks for it (`UID SORT (REVERSE DATE)`, or UIDs descending without SORT) and envelopes.
 */
import type { ImapClient, NString } from "@tagwire/imap";
import { decodeWords } from "./app-test.js";

export interface ListedMessage {
  readonly uid: number;
  readonly subject: string;
  /** The first From's display name, or its address when it has none. */
  readonly sender: string;
  /** `Date:` in epoch milliseconds (NaN when absent). */
  readonly date: number;
}

function text(value: NString): string {
  return value === null ? "" : decodeWords(Buffer.from(value).toString("utf8"));
}

/** The folder's UIDs newest first, the way the app orders them for this server. */
export async function folderOrder(client: ImapClient, mailbox: string): Promise<number[]> {
  await client.examine(mailbox);
  if (client.capabilities?.has("SORT")) {
    const result = await client.command({
      name: "SORT",
      uid: true,
      criteria: ["REVERSE DATE"],
      charset: "UTF-8",
      search: [{ key: "ALL" }],
    });
    for (const data of result.data) if (data.type === "sort") return [...data.numbers];
    return [];
  }
  const found = await client.search([{ key: "ALL" }]);
  return [...found.numbers].sort((a, b) => b - a);
}

/** Envelopes of `uids`, in the order given. */
export async function envelopes(client: ImapClient, uids: readonly number[]): Promise<ListedMessage[]> {
  if (uids.length === 0) return [];
  const fetched = await client.fetch(uids.join(","), ["UID", "ENVELOPE"]);
  const byUid = new Map<number, ListedMessage>();
  for (const message of fetched) {
    const uid = message.items.uid;
    const envelope = message.items.envelope;
    if (uid === undefined || envelope === undefined) continue;
    const from = envelope.from?.[0];
    const name = from === undefined ? "" : text(from.name);
    const address = from === undefined ? "" : `${text(from.mailbox)}@${text(from.host)}`;
    byUid.set(uid, {
      uid,
      subject: text(envelope.subject),
      sender: name || address,
      date: Date.parse(text(envelope.date)),
    });
  }
  return uids.map((uid) => {
    const message = byUid.get(uid);
    if (message === undefined) throw new Error(`no ENVELOPE for UID ${uid}`);
    return message;
  });
}
