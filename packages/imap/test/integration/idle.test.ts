import { startDovecot } from "@tagwire/dovecot";
import { describe, expect, it } from "vitest";
import { connectTcp } from "../../node/tcp.js";
import { ImapClient } from "../../src/client/client.js";
import { IdleLoop } from "../../src/client/idle-loop.js";
import type { SessionEvent } from "../../src/session/events.js";
import type { UntaggedData } from "../../src/types/response.js";
import { text } from "../../src/types/values.js";
import { connectPlain, message, user } from "./helpers.js";

describe("IDLE against Dovecot", () => {
  it("receives EXISTS while idling when a second connection APPENDs", { timeout: 30_000 }, async () => {
    const account = user("idle");
    const { client: watcher } = await connectPlain(account);
    const { client: writer } = await connectPlain(account);
    const before = (await watcher.select("INBOX")).exists;
    const wire: string[] = [];
    watcher.onAny((event: SessionEvent) => {
      if (event.type === "commandSent") wire.push(`C ${event.name}`);
      if (event.type === "continuationRequested") wire.push("S +");
      if (event.type === "continuationSent") wire.push(`C ${event.kind}`);
      if (event.type === "untaggedReceived" && event.data.type === "exists") wire.push("S EXISTS");
      if (event.type === "commandCompleted") wire.push(`S ${event.name} ${event.status}`);
    });

    const idle = watcher.idle();
    await idle.started;
    expect(watcher.session.idling).toBe(true);
    const grew = watcher.next("mailboxChanged", (e) =>
      e.changes.some((c) => c.kind === "exists" && c.count > before),
    );
    const appended = await writer.append("INBOX", message("Pushed while idling"));
    const changed = await grew;
    const done = await idle.done();

    expect(changed.mailbox?.exists).toBe(before + 1);
    expect(done.status).toBe("OK");
    expect(wire).toEqual(["C IDLE", "S +", "S EXISTS", "C done", "S IDLE OK"]);
    // The connection is usable again: the new message is there.
    const uid = appended?.uids[0]?.[0] as number;
    const [fetched] = await watcher.fetch(uid, ["UID", "ENVELOPE"]);
    expect(text(fetched?.items.envelope?.subject ?? null)).toBe("Pushed while idling");
    await Promise.all([watcher.logout(), writer.logout()]);
  });
});

/** Resolves with the first update batch that holds an EXISTS above `count`. */
function grown(loop: IdleLoop, count: number): Promise<readonly UntaggedData[]> {
  return new Promise((resolve) => {
    const off = loop.onUpdates((updates) => {
      if (updates.some((u) => u.type === "exists" && u.count > count)) {
        off();
        resolve(updates);
      }
    });
  });
}

describe("IdleLoop against Dovecot", () => {
  it("delivers EXISTS pushed by IDLE, and serves the caller's command in between", {
    timeout: 30_000,
  }, async () => {
    const account = user("idle");
    const { client: watcher } = await connectPlain(account);
    const { client: writer } = await connectPlain(account);
    const loop = new IdleLoop(watcher, { resumeAfterMs: 20 });
    const names: string[] = [];
    watcher.on("commandSent", (e) => names.push(e.name));
    const before = (await loop.watch("INBOX")).exists;
    await watcher.next("continuationRequested");
    expect(loop.mode).toBe("idling");

    const pushed = grown(loop, before);
    await writer.append("INBOX", message("Pushed to the loop"));
    expect((await pushed).some((u) => u.type === "exists")).toBe(true);

    // The caller needs the connection: DONE goes out, the command runs, IDLE resumes.
    const status = await watcher.status("INBOX", ["MESSAGES"]);
    expect(status.messages).toBe(before + 1);
    await watcher.next("continuationRequested");
    expect(names).toEqual(["EXAMINE", "IDLE", "STATUS", "IDLE"]);
    await loop.stop();
    await Promise.all([watcher.logout(), writer.logout()]);
  });

  it("polls with NOOP on a Dovecot that does not offer IDLE", { timeout: 30_000 }, async () => {
    const account = { username: "poller", password: "poller-pass-4410" };
    const server = await startDovecot({
      users: [account],
      seed: false,
      tlsKey: "ec",
      config: "imap_capability = IMAP4rev1 LITERAL+ SASL-IR ID ENABLE NAMESPACE UIDPLUS",
    });
    try {
      const watcher = new ImapClient(await connectTcp({ host: server.host, port: server.imapPort }));
      await watcher.login(account.username, account.password);
      expect(watcher.capabilities?.has("IDLE")).toBe(false);
      const loop = new IdleLoop(watcher, { pollMs: 100, resumeAfterMs: 10 });
      const names: string[] = [];
      watcher.on("commandSent", (e) => names.push(e.name));
      const before = (await loop.watch("INBOX")).exists;
      const pushed = grown(loop, before);
      await server.deliver(account.username, "INBOX", message("Polled"));
      await pushed;
      expect(loop.mode).toBe("polling");
      expect(names).not.toContain("IDLE");
      expect(names.filter((n) => n === "NOOP").length).toBeGreaterThan(0);
      await loop.stop();
      await watcher.logout();
    } finally {
      await server.stop();
    }
  });
});
