/**
 * A folder's order, newest first: `UID SORT (REVERSE DATE)` when the server offers SORT, else
 * `UID SEARCH ALL` (with ESEARCH's compact `RETURN (ALL)` when offered) sorted by UID, descending.
 */
import type { CallOptions, ImapClient, SearchKey } from "@tagwire/imap";

const ALL: SearchKey = { key: "ALL" };

export async function folderOrder(client: ImapClient, call: CallOptions): Promise<Uint32Array> {
  const caps = client.capabilities ?? new Set<string>();
  if (caps.has("SORT")) {
    const result = await client.command(
      { name: "SORT", uid: true, criteria: ["REVERSE DATE"], charset: "UTF-8", search: [ALL] },
      call,
    );
    for (const data of result.data) if (data.type === "sort") return data.numbers;
    return new Uint32Array(0);
  }
  const found = await client.search([ALL], { ...call, compact: caps.has("ESEARCH") });
  return descending(found.numbers.slice());
}

function descending(uids: Uint32Array): Uint32Array {
  return uids.sort().reverse();
}
