/**
 * The client as a UI drives it: commands queued in call order (login included), capabilities that
 * are never stale, cancellation and timeouts, batches, and MOVE where the server has none.
 */
import { describe, expect, it } from "vitest";
import { codeOf, tick, writtenLines } from "../../test/client-helpers.js";
import type { SessionEvent } from "../session/events.js";
import { createTagGenerator } from "../session/tags.js";
import { ImapClient } from "./client.js";
import { MemoryTransport } from "./memory-transport.js";
import type { ImapClientOptions } from "./options.js";
import type { Timers } from "./timers.js";

function setup(greeting: string, options: ImapClientOptions = {}) {
  const transport = new MemoryTransport();
  let clock = 1000;
  const client = new ImapClient(transport, {
    now: () => clock++,
    ...options,
    session: { tags: createTagGenerator({ prefix: "A" }), ...options.session },
  });
  transport.receive(`${greeting}\r\n`);
  return { client, transport };
}

/** Timers driven by the test. */
function manualTimers(): Timers & { fire(): void } {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout(callback) {
      pending.set(next, callback);
      return next++;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
    fire() {
      const callbacks = [...pending.values()];
      pending.clear();
      for (const callback of callbacks) callback();
    },
  };
}

describe("commands issued with login", () => {
  it("queues a SELECT issued in the same tick after the login, and resolves both", async () => {
    const { client, transport } = setup("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] hi");
    const both = Promise.all([client.login("alice", "secret"), client.select("INBOX")]);
    await tick();
    expect(writtenLines(transport).map((l) => l.split(" ").slice(0, 2).join(" "))).toEqual([
      "A1 AUTHENTICATE",
    ]);
    transport.receive("A1 OK [CAPABILITY IMAP4rev1 MOVE] in\r\n");
    await tick();
    expect(writtenLines(transport)).toEqual(["A2 SELECT INBOX"]);
    transport.receive("* 2 EXISTS\r\nA2 OK [READ-WRITE] done\r\n");
    const [, mailbox] = await both;
    expect(mailbox.exists).toBe(2);
  });

  it("writes AUTHENTICATE before a NOOP issued in the same tick", async () => {
    const { client, transport } = setup("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] hi");
    void client.login("alice", "secret");
    void client.noop();
    await tick();
    const sent = writtenLines(transport).map((l) => l.split(" ").slice(0, 2).join(" "));
    expect(sent).toEqual(["A1 AUTHENTICATE"]);
    transport.receive("A1 OK [CAPABILITY IMAP4rev1] in\r\n");
    await tick();
    expect(writtenLines(transport)).toEqual(["A2 NOOP"]);
  });

  it("reports no capabilities between login and the re-read, and resolves login after it", async () => {
    const { client, transport } = setup("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGIN-REFERRALS] hi");
    let resolved = false;
    const login = client.login("alice", "secret").then(() => {
      resolved = true;
    });
    await tick();
    transport.receive("A1 OK logged in\r\n");
    await tick();
    expect(client.capabilities).toBeNull();
    expect(resolved).toBe(false);
    expect(writtenLines(transport)).toEqual(["A1 LOGIN alice secret", "A2 CAPABILITY"]);
    transport.receive("* CAPABILITY IMAP4rev1 MOVE IDLE\r\nA2 OK done\r\n");
    await login;
    expect([...(client.capabilities ?? [])]).toEqual(["IMAP4REV1", "MOVE", "IDLE"]);
  });
});

describe("cancellation", () => {
  it("withdraws a command still queued when its signal aborts: it is never written", async () => {
    const { client, transport } = setup("* PREAUTH [CAPABILITY IMAP4rev1] hi", {
      session: { maxInFlight: 1 },
    });
    const first = client.noop();
    const controller = new AbortController();
    const second = client.noop({ signal: controller.signal });
    await tick();
    controller.abort();
    expect(await codeOf(second)).toBe("IMAP_ERR_CANCELLED");
    transport.receive("A1 OK done\r\n");
    await first;
    await tick();
    expect(writtenLines(transport)).toEqual(["A1 NOOP"]);
  });

  it("rejects a sent command at once and consumes its late reply", async () => {
    const { client, transport } = setup("* PREAUTH [CAPABILITY IMAP4rev1] hi");
    const controller = new AbortController();
    const list = client.list("", "*", { signal: controller.signal });
    await tick();
    controller.abort(new Error("the user left"));
    const error = await list.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "IMAP_ERR_CANCELLED", cause: new Error("the user left") });
    const rejected: SessionEvent[] = [];
    client.on("responseRejected", (e) => rejected.push(e));
    const status = client.status("INBOX", ["MESSAGES"]);
    await tick();
    transport.receive('* LIST () "/" INBOX\r\nA1 OK listed\r\n* STATUS INBOX (MESSAGES 4)\r\nA2 OK done\r\n');
    expect((await status).messages).toBe(4);
    expect(rejected).toEqual([]);
  });

  it("refuses a command whose signal has already aborted", async () => {
    const { client, transport } = setup("* PREAUTH [CAPABILITY IMAP4rev1] hi");
    const controller = new AbortController();
    controller.abort();
    expect(await codeOf(client.noop({ signal: controller.signal }))).toBe("IMAP_ERR_CANCELLED");
    await tick();
    expect(transport.written()).toBe("");
  });

  it("times a command out with IMAP_ERR_TIMEOUT when its reply never comes", async () => {
    const timers = manualTimers();
    const { client, transport } = setup("* PREAUTH [CAPABILITY IMAP4rev1] hi", {
      timers,
      commandTimeoutMs: 5000,
    });
    const noop = client.noop();
    await tick();
    timers.fire();
    expect(await codeOf(noop)).toBe("IMAP_ERR_TIMEOUT");
    // The late reply is consumed; the connection goes on.
    transport.receive("A1 OK late\r\n");
    const next = client.noop();
    await tick();
    transport.receive("A2 OK done\r\n");
    expect((await next).status).toBe("OK");
  });
});

describe("batches", () => {
  it("delivers one batch for all the responses of one received chunk", async () => {
    const { client, transport } = setup("* PREAUTH [CAPABILITY IMAP4rev1] hi");
    const select = client.select("INBOX");
    await tick();
    transport.receive("* 200 EXISTS\r\nA1 OK [READ-WRITE] done\r\n");
    await select;
    const batches: (readonly SessionEvent[])[] = [];
    client.onBatch((events) => batches.push(events));
    const fetch = client.fetch("1:200", ["FLAGS"]);
    await tick();
    batches.length = 0;
    let chunk = "";
    for (let uid = 1; uid <= 200; uid++) chunk += `* ${uid} FETCH (UID ${uid} FLAGS ())\r\n`;
    transport.receive(`${chunk}A2 OK done\r\n`);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.filter((e) => e.type === "untaggedReceived")).toHaveLength(200);
    expect(await fetch).toHaveLength(200);
  });
});

describe("MOVE without MOVE", () => {
  async function selected(caps: string) {
    const ctx = setup(`* PREAUTH [CAPABILITY IMAP4rev1 ${caps}] hi`);
    const select = ctx.client.select("INBOX");
    await tick();
    ctx.transport.receive("* 3 EXISTS\r\nA1 OK [READ-WRITE] done\r\n");
    await select;
    writtenLines(ctx.transport);
    return ctx;
  }

  it("copies, marks \\Deleted and expunges just those UIDs, each after the one before", async () => {
    const { client, transport } = await selected("UIDPLUS");
    const move = client.move("4:5", "Archive");
    await tick();
    expect(writtenLines(transport)).toEqual(["A2 UID COPY 4:5 Archive"]);
    transport.receive("A2 OK [COPYUID 9 4:5 20:21] copied\r\n");
    await tick();
    expect(writtenLines(transport)).toEqual(["A3 UID STORE 4:5 +FLAGS.SILENT (\\Deleted)"]);
    transport.receive("A3 OK stored\r\n");
    await tick();
    expect(writtenLines(transport)).toEqual(["A4 UID EXPUNGE 4:5"]);
    transport.receive("* 2 EXPUNGE\r\n* 2 EXPUNGE\r\nA4 OK expunged\r\n");
    expect(await move).toEqual({ uidValidity: 9, source: [[4, 5]], destination: [[20, 21]] });
  });

  it("deletes nothing when the copy fails", async () => {
    const { client, transport } = await selected("UIDPLUS");
    const move = client.move("4", "Full");
    await tick();
    transport.receive("A2 NO [OVERQUOTA] full\r\n");
    expect(await codeOf(move)).toBe("IMAP_ERR_NO");
    await tick();
    expect(writtenLines(transport)).toEqual(["A2 UID COPY 4 Full"]);
  });

  it("refuses when the server has neither MOVE nor UIDPLUS, sending nothing", async () => {
    const { client, transport } = await selected("");
    expect(await codeOf(client.move("4", "Archive"))).toBe("IMAP_ERR_NOT_SUPPORTED");
    await tick();
    expect(transport.written()).toBe("");
  });

  it("refuses UID EXPUNGE and IDLE locally without UIDPLUS and IDLE", async () => {
    const { client, transport } = await selected("");
    expect(await codeOf(client.expunge("4"))).toBe("IMAP_ERR_NOT_SUPPORTED");
    expect(await codeOf(client.idle().result)).toBe("IMAP_ERR_NOT_SUPPORTED");
    expect(transport.written()).toBe("");
  });
});
