/**
 * The app's mail layer against two real Dovecots with the demo mailbox: one offering everything,
 * one whose `imap_capability` hides every optional extension the app uses (LIST-STATUS, SPECIAL-USE,
 * SORT, ESORT, ESEARCH, PREVIEW, BINARY, LITERAL+, SASL-IR). Dovecot still executes what it no longer
 * advertises, so besides the results the tests assert which commands went out.
 */

import { DEMO_USER, startDemoDovecot } from "@tagwire/demo";
import type { Dovecot } from "@tagwire/dovecot";
import type { ImapClient } from "@tagwire/imap";
import { openImap } from "@tagwire/imap/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MailSession } from "./mail-session";
import type { MessageSummary } from "./types";

const REDUCED = "IMAP4rev1 LOGIN-REFERRALS ID ENABLE IDLE NAMESPACE UIDPLUS MOVE CHILDREN UNSELECT CONDSTORE";
const TIMEOUT = { timeout: 20_000 };

interface Connected {
  readonly mail: MailSession;
  readonly client: ImapClient;
  readonly sent: string[];
}

async function connect(server: Dovecot): Promise<Connected> {
  const client = await openImap(`imap://${server.host}:${server.imapPort}`);
  const sent: string[] = [];
  client.on("commandSent", (event) => sent.push(event.text.replace(/^\S+ /, "")));
  const mail = MailSession.over(client);
  await mail.signIn(DEMO_USER.username, DEMO_USER.password);
  return { mail, client, sent };
}

async function rows(mail: MailSession, uids: readonly number[]): Promise<MessageSummary[]> {
  const landed: MessageSummary[] = [];
  await mail.fetchSummaries(uids, { onRow: (row) => landed.push(row) });
  return landed;
}

describe.each([
  ["every extension", null],
  ["a reduced capability list", REDUCED],
] as const)("the mail layer against a Dovecot with %s", (_, capabilities) => {
  let server: Dovecot;

  beforeAll(async () => {
    server = await startDemoDovecot(
      capabilities === null ? {} : { config: `imap_capability = ${capabilities}` },
    );
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("signs in with AUTHENTICATE PLAIN when SASL-IR is offered, else LOGIN", TIMEOUT, async () => {
    const { sent, mail } = await connect(server);
    const login = sent.find((c) => /^(AUTHENTICATE|LOGIN)/.test(c)) ?? "";
    expect(login.startsWith(capabilities === null ? "AUTHENTICATE PLAIN" : "LOGIN")).toBe(true);
    await mail.signOut();
  });

  it("lists the folder tree with counts, special-use folders first", TIMEOUT, async () => {
    const { mail, client, sent } = await connect(server);
    const folders = await mail.listFolders();

    expect(folders[0]).toMatchObject({ path: "INBOX", name: "Inbox", specialUse: "inbox", depth: 0 });
    const uses = folders.filter((f) => f.depth === 0).map((f) => f.specialUse);
    for (const use of ["drafts", "sent", "archive", "junk", "trash"]) expect(uses).toContain(use);
    expect(uses.indexOf("sent")).toBeLessThan(uses.indexOf(null));
    const design = folders.find((f) => f.name === "Design");
    expect(design).toMatchObject({ depth: 2, parent: "Projects/Tagwire" });
    expect(folders.find((f) => f.name === "Übersee")).toMatchObject({ parent: "Reisen", depth: 1 });

    for (const folder of folders.filter((f) => f.selectable)) {
      const status = await client.status(folder.path, ["MESSAGES", "UNSEEN"]);
      expect({ path: folder.path, messages: folder.messages, unseen: folder.unseen }).toEqual({
        path: folder.path,
        messages: status.messages,
        unseen: status.unseen,
      });
    }
    const lists = sent.filter((c) => c.startsWith("LIST"));
    if (capabilities === null) {
      expect(lists).toEqual(['LIST "" * RETURN (SPECIAL-USE STATUS (MESSAGES UNSEEN))']);
      expect(sent.filter((c) => c.startsWith("STATUS"))).toHaveLength(
        folders.filter((f) => f.selectable).length,
      );
    } else {
      expect(lists).toEqual(['LIST "" *']);
      expect(sent.filter((c) => c.startsWith("STATUS"))).toHaveLength(
        2 * folders.filter((f) => f.selectable).length,
      );
    }
    await mail.signOut();
  });

  it("orders the folder newest first and fills rows as they land", TIMEOUT, async () => {
    const { mail, client, sent } = await connect(server);
    const view = await mail.openFolder("INBOX");
    const all = await client.fetch("1:*", ["UID", "INTERNALDATE"]);
    expect(view.exists).toBe(all.length);
    expect(view.uids.length).toBe(all.length);
    if (capabilities === null) {
      expect(sent).toContain("UID SORT (REVERSE DATE) UTF-8 ALL");
    } else {
      expect(sent.some((c) => c.includes("SORT"))).toBe(false);
      expect(sent).toContain("UID SEARCH ALL");
      expect([...view.uids]).toEqual(all.map((f) => f.items.uid ?? 0).sort((a, b) => b - a));
    }

    const first = await rows(mail, Array.from(view.uids.subarray(0, 10)));
    expect(first.map((r) => r.uid).sort()).toEqual(Array.from(view.uids.subarray(0, 10)).sort());
    for (const row of first) {
      expect(row.subject).not.toBe("");
      expect(row.structure).not.toBeNull();
      expect(row.preview === null).toBe(capabilities !== null);
    }
    await mail.signOut();
  });

  it(
    "fetches the first screen with the order: by $ with ESORT and SEARCHRES, else by UIDNEXT",
    TIMEOUT,
    async () => {
      const { mail, client, sent } = await connect(server);
      const landed: MessageSummary[] = [];
      let selectDone = false;
      let sortSentBeforeSelectDone = false;
      client.on("commandCompleted", (event) => {
        if (event.name === "SELECT") selectDone = true;
      });
      client.on("commandSent", (event) => {
        if (event.name === "SORT" || event.name === "SEARCH") sortSentBeforeSelectDone = !selectDone;
      });
      const view = await mail.openFolder("Lists/Bulk", {
        prefetch: { rows: 100, perFetch: 50 },
        onRow: (row) => landed.push(row),
      });
      // The order went out behind SELECT, not after it.
      expect(sortSentBeforeSelectDone).toBe(true);
      const fetches = sent.filter((c) => c.startsWith("UID FETCH"));
      if (capabilities === null) {
        expect(sent).toContain("UID SORT RETURN (SAVE PARTIAL 1:100) (REVERSE DATE) UTF-8 ALL");
        expect(fetches.map((c) => c.split(" ")[2])).toEqual(["$"]);
        expect(landed.map((r) => r.uid).sort((a, b) => b - a)).toEqual(
          Array.from(view.uids.subarray(0, 100)).sort((a, b) => b - a),
        );
      } else {
        const top = view.uids.reduce((a, b) => Math.max(a, b), 0);
        expect(fetches.map((c) => c.split(" ")[2])).toEqual([`${top - 49}:*`, `${top - 99}:${top - 50}`]);
        expect(landed.map((r) => r.uid).sort((a, b) => b - a)).toEqual(
          Array.from({ length: 100 }, (_, i) => top - i),
        );
      }
      await mail.signOut();
    },
  );

  it("streams an attachment decoded by BINARY when offered, else as stored", TIMEOUT, async () => {
    const { mail } = await connect(server);
    await mail.listFolders();
    const view = await mail.openFolder("INBOX");
    const summaries = await rows(mail, Array.from(view.uids));
    const withPdf = summaries.find((s) => s.structure?.children.some((p) => p.type === "application/pdf"));
    const pdf = withPdf?.structure?.children.find((p) => p.type === "application/pdf");
    expect(pdf?.encoding).toBe("base64");
    const chunks: Uint8Array[] = [];
    const { decoded } = await mail.streamBody(withPdf?.uid ?? 0, pdf?.section ?? "", (c) => chunks.push(c));
    const bytes = Buffer.concat(chunks);
    expect(decoded).toBe(capabilities === null);
    const content = decoded ? bytes : Buffer.from(bytes.toString("latin1"), "base64");
    expect(content.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await mail.signOut();
  });
});

describe("the folder order against a Dovecot with ESEARCH but no SORT", () => {
  let server: Dovecot;

  beforeAll(async () => {
    server = await startDemoDovecot({ config: `imap_capability = ${REDUCED} ESEARCH` });
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("asks for compact RETURN (ALL) ranges and orders by UID, newest first", TIMEOUT, async () => {
    const { mail, client, sent } = await connect(server);
    const view = await mail.openFolder("Lists/Bulk");
    const all = await client.fetch("1:*", ["UID"]);
    expect(sent).toContain("UID SEARCH RETURN (ALL) ALL");
    expect(view.uids.length).toBeGreaterThan(2_000);
    expect([...view.uids]).toEqual(all.map((f) => f.items.uid ?? 0).sort((a, b) => b - a));
    await mail.signOut();
  });
});
