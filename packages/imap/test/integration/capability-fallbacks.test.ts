/**
 * Commands judged by the capabilities the server offers, against Dovecots whose advertised list is
 * cut down with `imap_capability` (Dovecot still implements what it no longer advertises, so only
 * the client's own checks keep MOVE, UID EXPUNGE or ESEARCH off the wire): MOVE falls back to
 * COPY + STORE + UID EXPUNGE with UIDPLUS and is refused without it, ESEARCH is refused locally.
 * Also: commands withdrawn by an AbortSignal (queued: never sent; sent: rejected at once, the late
 * reply consumed) and commands that time out, with the session going on.
 */
import { type Dovecot, type DovecotUser, type SeedMessage, startDovecot } from "@tagwire/dovecot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandFailedEvent, SessionEvent } from "../../src/session/events.js";
import type { FetchAttribute } from "../../src/types/command.js";
import type { FetchResponse } from "../../src/types/response.js";
import { text } from "../../src/types/values.js";
import {
  connectServer,
  decoder,
  message,
  recordSent,
  recordWrites,
  type ScriptedServer,
  scriptedServer,
} from "./helpers.js";

const ACCOUNT: DovecotUser = { username: "fallback", password: "fallback-pass-8817" };
const TIMEOUT = { timeout: 20_000 };

/** Dovecot 2.3.19's default post-login list without MOVE and everything after UIDPLUS. */
const WITH_UIDPLUS = "IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE NAMESPACE UIDPLUS";
/** The same without UIDPLUS: no safe way to move. */
const WITHOUT_UIDPLUS = "IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE NAMESPACE";
/** What Dovecot's login process adds before login (ssl = yes, auth_mechanisms = plain login). */
const PRE_LOGIN_EXTRAS = ["STARTTLS", "AUTH=PLAIN", "AUTH=LOGIN"];

/** INBOX: five messages, the last two already marked \Deleted (oldest first, so UIDs 1-5). */
const SUBJECTS = ["Move me 1", "Move me 2", "Stay 3", "Deleted stays 4", "Deleted stays 5"];
const DELETED_UIDS = [4, 5];

function seed(): SeedMessage[] {
  return SUBJECTS.map((subject, i) => ({
    username: ACCOUNT.username,
    mailbox: "INBOX",
    message: message(subject).replace("Mon, 1 Jan 2024 10:00:00", `Mon, 1 Jan 2024 10:0${i}:00`),
    ...(DELETED_UIDS.includes(i + 1) ? { flags: ["\\Deleted"] } : {}),
  }));
}

function upper(list: string): string[] {
  return list.split(" ").map((c) => c.toUpperCase());
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

function subjects(fetched: readonly FetchResponse[]): string[] {
  return fetched.map((f) => text(f.items.envelope?.subject ?? null) ?? "").sort();
}

function flagsByUid(fetched: readonly FetchResponse[]): Record<number, string[]> {
  return Object.fromEntries(fetched.map((f) => [f.items.uid ?? 0, [...(f.items.flags ?? [])].sort()]));
}

describe("capability fallbacks against a Dovecot without MOVE", () => {
  let withUidplus: Dovecot;
  let withoutUidplus: Dovecot;

  beforeAll(async () => {
    const start = (list: string) =>
      startDovecot({ users: [ACCOUNT], tlsKey: "ec", seed: seed(), config: `imap_capability = ${list}` });
    [withUidplus, withoutUidplus] = await Promise.all([start(WITH_UIDPLUS), start(WITHOUT_UIDPLUS)]);
  }, 20_000);

  afterAll(async () => {
    await Promise.all([withUidplus?.stop(), withoutUidplus?.stop()]);
  });

  it("advertises the configured list after login and adds STARTTLS and AUTH= before", TIMEOUT, async () => {
    for (const [server, list] of [
      [withUidplus, WITH_UIDPLUS],
      [withoutUidplus, WITHOUT_UIDPLUS],
    ] as const) {
      const { client } = await connectServer(server);
      expect([...(client.capabilities ?? [])].sort()).toEqual([...upper(list), ...PRE_LOGIN_EXTRAS].sort());

      await client.login(ACCOUNT.username, ACCOUNT.password);

      expect([...(client.capabilities ?? [])].sort()).toEqual(upper(list).sort());
      // Read again from the server, not from the login's announcement.
      expect((await client.capability()).sort()).toEqual(upper(list).sort());
      await client.logout();
    }
  });

  it("moves with UID COPY, UID STORE \\Deleted and UID EXPUNGE of just those messages", TIMEOUT, async () => {
    const { client } = await connectServer(withUidplus, ACCOUNT);
    if ((await client.list("", "Archive")).length === 0) await client.create("Archive");
    const inbox = await client.select("INBOX");
    expect(inbox.exists).toBe(SUBJECTS.length);
    const { sent, stop } = recordSent(client);

    const copied = await client.move("1:2", "Archive");
    stop();

    expect(sent.map((e) => e.name)).toEqual(["COPY", "STORE", "EXPUNGE"]);
    expect(sent.map((e) => e.text.replace(/^\S+ /, ""))).toEqual([
      "UID COPY 1:2 Archive",
      "UID STORE 1:2 +FLAGS.SILENT (\\Deleted)",
      "UID EXPUNGE 1:2",
    ]);
    expect(copied?.source).toEqual([[1, 2]]);
    // What is left in INBOX: the unmoved message and the two that were \Deleted before, untouched.
    const left = await client.fetch("1:*", ["UID", "FLAGS", "ENVELOPE"]);
    expect(left.map((f) => f.items.uid).sort()).toEqual([3, 4, 5]);
    expect(flagsByUid(left)).toEqual({ 3: [], 4: ["\\Deleted"], 5: ["\\Deleted"] });
    await client.examine("Archive");
    const archived = await client.fetch("1:*", ["UID", "ENVELOPE"]);
    expect(subjects(archived)).toEqual(["Move me 1", "Move me 2"]);
    await client.logout();
  });

  it("deletes nothing when the fallback's COPY fails", TIMEOUT, async () => {
    const { client } = await connectServer(withUidplus, ACCOUNT);
    await client.select("INBOX");
    const { sent, stop } = recordSent(client);

    const failure = await client.move(3, "No such mailbox").catch((e: unknown) => e);
    stop();

    expect(codeOf(failure)).toBe("IMAP_ERR_NO");
    expect(sent.map((e) => e.name)).toEqual(["COPY"]);
    const [still] = await client.fetch(3, ["UID", "FLAGS"]);
    expect(still?.items.flags).toEqual([]);
    await client.logout();
  });

  it("refuses MOVE without MOVE and UIDPLUS and sends nothing", TIMEOUT, async () => {
    const { client, transport } = await connectServer(withoutUidplus, ACCOUNT);
    await client.select("INBOX");
    const writes = recordWrites(transport);
    const { sent, stop } = recordSent(client);

    const failure = await client.move("1:2", "Archive").catch((e: unknown) => e);
    stop();

    expect(codeOf(failure)).toBe("IMAP_ERR_NOT_SUPPORTED");
    expect(sent).toEqual([]);
    expect(writes).toEqual([]);
    const still = await client.fetch("1:*", ["UID", "FLAGS"]);
    expect(flagsByUid(still)).toEqual({ 1: [], 2: [], 3: [], 4: ["\\Deleted"], 5: ["\\Deleted"] });
    await client.logout();
  });

  it("refuses ESEARCH without ESEARCH locally, before anything is sent", TIMEOUT, async () => {
    const { client, transport } = await connectServer(withUidplus, ACCOUNT);
    await client.select("INBOX");
    const writes = recordWrites(transport);
    const events: SessionEvent[] = [];
    const off = client.onAny((event) => events.push(event));

    const failure = await client.esearch([{ key: "ALL" }], ["COUNT"]).catch((e: unknown) => e);
    off();

    expect(codeOf(failure)).toBe("IMAP_ERR_NOT_SUPPORTED");
    expect(events.filter((e) => e.type === "commandSent")).toEqual([]);
    const failed = events.find((e): e is CommandFailedEvent => e.type === "commandFailed");
    expect(failed).toMatchObject({ name: "SEARCH", sent: false });
    expect(writes).toEqual([]);
    // The plain SEARCH needs nothing and still works.
    expect((await client.search([{ key: "ALL" }])).numbers.length).toBeGreaterThan(0);
    await client.logout();
  });

  it("never sends a command cancelled while it is queued", TIMEOUT, async () => {
    const { client, transport } = await connectServer(withoutUidplus, ACCOUNT);
    const writes = recordWrites(transport);
    const events: SessionEvent[] = [];
    client.onAny((event) => events.push(event));
    const controller = new AbortController();
    let queuedAtAbort = -1;
    client.on("commandSent", (event) => {
      // The STORE waits for the mailbox switch to complete: it is still in the queue.
      if (event.name !== "SELECT") return;
      queuedAtAbort = client.session.queuedCount;
      controller.abort();
    });

    const select = client.select("INBOX");
    const store = client.store(3, "add", ["\\Flagged"], { signal: controller.signal });
    const failure = await store.catch((e: unknown) => e);
    await select;

    expect(queuedAtAbort).toBe(1);
    expect(codeOf(failure)).toBe("IMAP_ERR_CANCELLED");
    const storeEvents = events.filter((e) => "name" in e && e.name === "STORE");
    expect(storeEvents.map((e) => e.type)).toEqual(["commandQueued", "commandFailed"]);
    expect(storeEvents[1]).toMatchObject({ sent: false });
    expect(writes.map((w) => decoder.decode(w)).join("")).not.toContain("STORE");
    // Dovecot never saw it: the flag is not set.
    const [after] = await client.fetch(3, ["UID", "FLAGS"]);
    expect(after?.items.flags).toEqual([]);
    await client.logout();
  });

  it("rejects a command cancelled after it was sent at once and stays usable", TIMEOUT, async () => {
    const { client } = await connectServer(withoutUidplus, ACCOUNT);
    await client.select("INBOX");
    const events: SessionEvent[] = [];
    client.onAny((event) => events.push(event));
    const controller = new AbortController();
    let tag: string | null = null;
    const off = client.on("commandSent", (event) => {
      tag = event.tag;
      controller.abort();
    });

    const failure = await client
      .fetch("1:*", [{ item: "BODY", section: "", peek: true }, "FLAGS"], {
        signal: controller.signal,
      })
      .catch((e: unknown) => e);
    off();

    expect(codeOf(failure)).toBe("IMAP_ERR_CANCELLED");
    expect(tag).not.toBeNull();
    // Rejected before Dovecot's reply arrived.
    expect(events.filter((e) => e.type === "commandCompleted")).toEqual([]);
    expect(events.find((e) => e.type === "commandFailed")).toMatchObject({ tag, sent: true });
    // The connection goes on: the next command completes with its own data only.
    const flags = await client.fetch("1:*", ["UID", "FLAGS"]);
    expect(flags.map((f) => f.items.uid)).toEqual([1, 2, 3, 4, 5]);
    expect(flags.every((f) => f.items.sections === undefined)).toBe(true);
    expect(events.find((e) => e.type === "commandCompleted" && e.tag === tag)).toMatchObject({
      status: "OK",
      cancelled: true,
    });
    expect(client.closed).toBe(false);
    await client.logout();
  });

  it("times out a command whose reply is late and goes on", TIMEOUT, async () => {
    const { client, transport } = await connectServer(withoutUidplus, ACCOUNT);
    const events: SessionEvent[] = [];
    client.onAny((event) => events.push(event));
    // Dovecot answers, but nothing is read: the reply waits in the socket.
    transport.socket.pause();

    const failure = await client.noop({ timeoutMs: 50 }).catch((e: unknown) => e);

    expect(codeOf(failure)).toBe("IMAP_ERR_TIMEOUT");
    expect(client.closed).toBe(false);
    transport.socket.resume();
    const next = await client.status("INBOX", ["MESSAGES"]);
    expect(next.messages).toBe(SUBJECTS.length);
    const late = events.find((e) => e.type === "commandCompleted" && e.name === "NOOP");
    expect(late).toMatchObject({ status: "OK", cancelled: true });
    await client.logout();
  });

  it("keeps the late reply of a timed-out FETCH out of the next FETCH's result", TIMEOUT, async () => {
    const { client, transport } = await connectServer(withoutUidplus, ACCOUNT);
    await client.select("INBOX");
    const part: FetchAttribute = { item: "BODY", section: "1", peek: true };
    transport.socket.pause();

    const failure = await client.fetch(3, [part], { timeoutMs: 50 }).catch((e: unknown) => e);
    const next = client.fetch(3, [part]);
    await client.next("commandSent", (e) => e.name === "FETCH");
    transport.socket.resume();
    const [fetched] = await next;

    expect(codeOf(failure)).toBe("IMAP_ERR_TIMEOUT");
    // Dovecot answered both FETCHes; the first answer is the timed-out command's.
    expect(
      fetched?.items.sections?.map((s) => s.section),
      "sections of the second FETCH",
    ).toEqual(["1"]);
    await client.logout();
  });
});

describe("command timeouts against a server that never answers", () => {
  let server: ScriptedServer;

  beforeAll(async () => {
    let held: string | null = null;
    server = await scriptedServer("* OK [CAPABILITY IMAP4rev1] fake IMAP ready", ({ tag, command }, c) => {
      if (command === "NOOP" && held === null) {
        held = tag; // never answered on its own
        return;
      }
      if (command === "NOOP") {
        // The first NOOP's reply comes only now, after its caller gave up.
        if (held !== "") c.send(`${held} OK late NOOP completed`);
        held = "";
        c.send(`${tag} OK NOOP completed`);
        return;
      }
      if (command === "LOGOUT") {
        c.send("* BYE bye");
        c.send(`${tag} OK LOGOUT completed`);
        c.end();
        return;
      }
      c.send(`${tag} BAD unexpected`);
    });
  });

  afterAll(() => server?.close());

  it("rejects with IMAP_ERR_TIMEOUT and the session goes on", TIMEOUT, async () => {
    const { client } = await connectServer(server);
    const events: SessionEvent[] = [];
    client.onAny((event) => events.push(event));

    const failure = await client.noop({ timeoutMs: 50 }).catch((e: unknown) => e);

    expect(codeOf(failure)).toBe("IMAP_ERR_TIMEOUT");
    expect(client.closed).toBe(false);
    expect(client.state).toBe("notAuthenticated");
    const second = await client.noop();
    expect(second.status).toBe("OK");
    expect(second.text).toBe("NOOP completed");
    const noops = events.filter((e) => e.type === "commandCompleted" && e.name === "NOOP");
    expect(noops.map((e) => (e as { cancelled?: boolean }).cancelled === true)).toEqual([true, false]);
    expect(server.connections[0]?.lines.map((line) => line.split(" ")[1])).toEqual(["NOOP", "NOOP"]);
    await client.logout();
  });
});
