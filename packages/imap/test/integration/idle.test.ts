import { describe, expect, it } from "vitest";
import type { SessionEvent } from "../../src/session/events.js";
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
