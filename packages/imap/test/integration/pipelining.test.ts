import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TcpTransport } from "../../node/tcp.js";
import { type CommandResult, mergeFetches } from "../../src/client/results.js";
import type { ImapClient, PendingCommand } from "../../src/index.js";
import type { FetchResponse } from "../../src/types/response.js";
import { text } from "../../src/types/values.js";
import { connectPlain, decoder, message, recordWrites, user } from "./helpers.js";

const MESSAGES = 16;
const SEEN = [2, 5, 11];

describe("pipelining against Dovecot", () => {
  let client: ImapClient;
  let transport: TcpTransport;
  const uids: number[] = [];

  beforeAll(async () => {
    ({ client, transport } = await connectPlain(user("pipeline")));
    // The seeding itself is pipelined: every APPEND goes out before the first completes.
    const appended = await Promise.all(
      Array.from({ length: MESSAGES }, (_, i) =>
        client.append(
          "INBOX",
          message(`Pipelined ${i + 1}`),
          SEEN.includes(i + 1) ? { flags: ["\\Seen"] } : {},
        ),
      ),
    );
    for (const uid of appended) uids.push(uid?.uids[0]?.[0] ?? Number.NaN);
    await client.select("INBOX");
  }, 20_000);

  afterAll(async () => {
    await client.logout();
  });

  it("sends a batch of 22 commands in one write and completes each by its own tag", {
    timeout: 20_000,
  }, async () => {
    const writes = recordWrites(transport);
    const fetchUids = uids.slice(0, 12);

    const fetches = fetchUids.map((uid) =>
      client.send({ name: "FETCH", uid: true, set: uid, attributes: ["UID", "FLAGS", "ENVELOPE"] }),
    );
    const statuses = ["Sent", "Drafts", "Trash"].map((mailbox) =>
      client.send({ name: "STATUS", mailbox, items: ["MESSAGES", "UIDNEXT"] }),
    );
    const list = client.send({ name: "LIST", reference: "", patterns: ["*"] });
    const namespace = client.send({ name: "NAMESPACE" });
    const capability = client.send({ name: "CAPABILITY" });
    const noop = client.send({ name: "NOOP" });
    const seenCount = client.send({
      name: "SEARCH",
      uid: true,
      criteria: [{ key: "SEEN" }],
      return: ["COUNT"],
    });
    const unseenAll = client.send({
      name: "SEARCH",
      uid: true,
      criteria: [{ key: "UNSEEN" }],
      return: ["ALL"],
    });
    const allFlags = client.send({ name: "FETCH", uid: true, set: "1:*", attributes: ["FLAGS"] });
    const id = client.send({ name: "ID", params: null });
    const batch: PendingCommand[] = [
      ...fetches,
      ...statuses,
      list,
      namespace,
      capability,
      noop,
      seenCount,
      unseenAll,
      allFlags,
      id,
    ];
    const results = await Promise.all(batch.map((p) => p.result));

    // One write carried every command, in order.
    expect(batch.length).toBeGreaterThanOrEqual(20);
    expect(writes).toHaveLength(1);
    const lines = decoder.decode(writes[0]).split("\r\n").slice(0, -1);
    expect(lines.map((l) => l.split(" ")[0])).toEqual(batch.map((p) => p.tag));
    // Each completion is its own command's.
    results.forEach((result: CommandResult, i) => {
      expect(result.tag).toBe(batch[i]?.tag);
      expect(result.status).toBe("OK");
    });

    fetchUids.forEach((uid, i) => {
      const data = results[i]?.data.filter((d): d is FetchResponse => d.type === "fetch") ?? [];
      expect(data).toHaveLength(1);
      expect(data[0]?.items.uid).toBe(uid);
      expect(text(data[0]?.items.envelope?.subject ?? null)).toBe(`Pipelined ${i + 1}`);
    });
    ["Sent", "Drafts", "Trash"].forEach((mailbox, i) => {
      const status = results[12 + i]?.data.find((d) => d.type === "mailboxStatus");
      expect(status?.type === "mailboxStatus" && status.mailbox.name).toBe(mailbox);
    });
    const listed = results[15]?.data.flatMap((d) => (d.type === "list" ? [d.mailbox.name] : [])) ?? [];
    expect(listed).toEqual(expect.arrayContaining(["INBOX", "Sent", "Drafts", "Trash"]));
    expect(results[16]?.data.some((d) => d.type === "namespace")).toBe(true);
    expect(results[17]?.data.some((d) => d.type === "capability")).toBe(true);
    const count = results[19]?.data.find((d) => d.type === "esearch");
    expect(count?.type === "esearch" && count.tag === seenCount.tag && count.count).toBe(SEEN.length);
    const unseen = results[20]?.data.find((d) => d.type === "esearch");
    const expectedUnseen = uids.filter((_, i) => !SEEN.includes(i + 1));
    const unseenUids = unseen?.type === "esearch" ? (unseen.all ?? []).flatMap(([a, b]) => range(a, b)) : [];
    expect(unseen?.type === "esearch" && unseen.tag).toBe(unseenAll.tag);
    expect(unseenUids).toEqual(expectedUnseen);
    // FETCH data is keyed by message: the single-message FETCHes' responses also answer 1:*.
    const flagged = mergeFetches(results[21]?.data ?? []);
    expect(flagged.map((f) => f.items.uid)).toEqual(uids);
    expect(flagged.every((f) => Array.isArray(f.items.flags))).toBe(true);
    expect(results[22]?.data.some((d) => d.type === "id")).toBe(true);
  });

  it("has every command of a batch in flight before the first completion", { timeout: 20_000 }, async () => {
    const inFlight: number[] = [];
    let completions = 0;
    const offSent = client.on("commandSent", (e) => {
      if (completions === 0) inFlight.push(e.inFlight);
    });
    const offDone = client.on("commandCompleted", () => {
      completions += 1;
    });

    await Promise.all(uids.map((uid) => client.fetch(uid, ["UID", "RFC822.SIZE"])));
    offSent();
    offDone();

    expect(inFlight).toHaveLength(uids.length);
    expect(Math.max(...inFlight)).toBe(uids.length);
  });
});

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
