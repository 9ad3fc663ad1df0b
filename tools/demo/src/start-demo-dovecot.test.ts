import type { Dovecot } from "@tagwire/dovecot";
import { openImap } from "@tagwire/imap/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USER } from "./account.js";
import { BULK_COUNT, FOLDERS } from "./folders.js";
import { demoMessages } from "./seed.js";
import { startDemoDovecot } from "./start-demo-dovecot.js";

const NOW = new Date("2025-03-14T12:00:00Z");
let dovecot: Dovecot;
let startupMs = 0;

beforeAll(async () => {
  const began = performance.now();
  dovecot = await startDemoDovecot({ now: NOW });
  startupMs = performance.now() - began;
});
afterAll(() => dovecot?.stop());

/** Messages and unseen messages per folder, as seeded. */
function expectedCounts(): Map<string, { messages: number; unseen: number }> {
  const counts = new Map<string, { messages: number; unseen: number }>();
  for (const m of demoMessages(NOW)) {
    const entry = counts.get(m.mailbox) ?? { messages: 0, unseen: 0 };
    entry.messages++;
    if (!(m.flags ?? []).includes("\\Seen")) entry.unseen++;
    counts.set(m.mailbox, entry);
  }
  return counts;
}

describe("startDemoDovecot", () => {
  it("serves every folder of the demo mailbox with its counts to demo/demo, within seconds", async () => {
    expect(dovecot.users).toEqual([DEMO_USER]);
    expect(startupMs).toBeLessThan(15_000);
    const url = `imap://${DEMO_USER.username}:${DEMO_USER.password}@${dovecot.host}:${dovecot.imapPort}`;
    const client = await openImap(url);
    try {
      const folders = await client.list("", "*", { specialUse: true, status: ["MESSAGES", "UNSEEN"] });
      const listed = new Map(folders.map((f) => [f.name, f]));
      for (const [name, counts] of expectedCounts()) {
        expect(listed.get(name)?.status, name).toMatchObject(counts);
      }
      expect(listed.get(FOLDERS.bulk)?.status?.messages).toBe(BULK_COUNT);
      for (const parent of ["Projects", "Reisen", "Lists"]) expect(listed.has(parent), parent).toBe(true);
      const uses = Object.fromEntries(
        folders.filter((f) => f.specialUse !== null).map((f) => [f.specialUse, f.name]),
      );
      expect(uses).toEqual({
        "\\Sent": "Sent",
        "\\Drafts": "Drafts",
        "\\Archive": "Archive",
        "\\Junk": "Junk",
        "\\Trash": "Trash",
      });
      const inbox = await client.select(FOLDERS.inbox);
      expect(inbox.exists).toBe(expectedCounts().get(FOLDERS.inbox)?.messages);
    } finally {
      await client.logout();
    }
  });
});
