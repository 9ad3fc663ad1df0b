/**
 * A folder's order, newest first: `UID SORT (REVERSE DATE)` when the server offers SORT, else
 * `UID SEARCH ALL` (with ESEARCH's compact `RETURN (ALL)` when offered) sorted by UID, descending.
 */
import type { CallOptions, ImapClient, NumberRanges, SearchKey } from "@tagwire/imap";

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
  if (caps.has("ESEARCH")) {
    const found = await client.esearch([ALL], ["ALL"], call);
    return descending(expandRanges(found?.all ?? []));
  }
  const found = await client.search([ALL], call);
  return descending(found.numbers.slice());
}

export function expandRanges(ranges: NumberRanges): Uint32Array {
  let total = 0;
  for (const [start, end] of ranges) total += end - start + 1;
  const out = new Uint32Array(total);
  let i = 0;
  for (const [start, end] of ranges) for (let n = start; n <= end; n++) out[i++] = n;
  return out;
}

function descending(uids: Uint32Array): Uint32Array {
  return uids.sort().reverse();
}
