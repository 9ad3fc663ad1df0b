import { describe, expect, it } from "vitest";
import { tick, writtenLines } from "../../test/client-helpers.js";
import type { ImapError } from "../errors.js";
import { createTagGenerator } from "../session/tags.js";
import type { UntaggedData } from "../types/response.js";
import { ImapClient } from "./client.js";
import { IdleLoop } from "./idle-loop.js";
import { MemoryTransport } from "./memory-transport.js";
import type { Timers } from "./timers.js";

/** Timers on a clock the test advances. */
function fakeClock(): Timers & { advance(ms: number): void } {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  return {
    setTimeout(callback, ms) {
      pending.set(next, { at: now + ms, callback });
      return next++;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()]
          .filter(([, t]) => t.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = until;
    },
  };
}

async function setup(caps = "IMAP4rev1 IDLE") {
  const transport = new MemoryTransport();
  const clock = fakeClock();
  const client = new ImapClient(transport, { session: { tags: createTagGenerator({ prefix: "A" }) } });
  transport.receive(`* PREAUTH [CAPABILITY ${caps}] hi\r\n`);
  const loop = new IdleLoop(client, { timers: clock, restartMs: 60_000, pollMs: 5_000, resumeAfterMs: 100 });
  const updates: UntaggedData[][] = [];
  loop.onUpdates((batch) => updates.push([...batch]));
  const watching = loop.watch("INBOX");
  await tick();
  expect(writtenLines(transport)).toEqual(["A1 EXAMINE INBOX"]);
  transport.receive("* 3 EXISTS\r\nA1 OK [READ-ONLY] done\r\n");
  await watching;
  return { client, transport, clock, loop, updates };
}

describe("IdleLoop", () => {
  it("opens the mailbox, enters IDLE once quiet, and delivers what arrives as one batch per chunk", async () => {
    const { transport, clock, loop, updates } = await setup();
    expect(writtenLines(transport)).toEqual([]);
    clock.advance(100);
    await tick();
    expect(writtenLines(transport)).toEqual(["A2 IDLE"]);
    transport.receive("+ idling\r\n");
    expect(loop.mode).toBe("idling");
    updates.length = 0;
    transport.receive("* 4 EXISTS\r\n* 1 RECENT\r\n* 2 FETCH (FLAGS (\\Seen))\r\n");
    expect(updates).toEqual([
      [
        { type: "exists", count: 4 },
        { type: "recent", count: 1 },
        { type: "fetch", seq: 2, items: { flags: ["\\Seen"] } },
      ],
    ]);
  });

  it("re-issues IDLE after restartMs", async () => {
    const { transport, clock } = await setup();
    clock.advance(100);
    await tick();
    transport.receive("+ idling\r\n");
    writtenLines(transport);
    clock.advance(60_000);
    await tick();
    expect(writtenLines(transport)).toEqual(["DONE"]);
    transport.receive("A2 OK idle done\r\n");
    await tick();
    clock.advance(100);
    await tick();
    expect(writtenLines(transport)).toEqual(["A3 IDLE"]);
  });

  it("ends IDLE for the caller's command, keeps its results out of the updates, and resumes after", async () => {
    const { client, transport, clock, updates } = await setup();
    clock.advance(100);
    await tick();
    transport.receive("+ idling\r\n");
    writtenLines(transport);
    updates.length = 0;
    const fetch = client.fetch("1:3", ["FLAGS"]);
    await tick();
    // DONE, and the UID FETCH right behind it (PROTOCOL.md rule 13).
    expect(writtenLines(transport)).toEqual(["DONE", "A3 UID FETCH 1:3 (FLAGS)"]);
    transport.receive("A2 OK idle done\r\n* 1 FETCH (UID 1 FLAGS ())\r\nA3 OK done\r\n");
    expect(await fetch).toHaveLength(1);
    expect(updates).toEqual([]);
    clock.advance(99);
    await tick();
    expect(writtenLines(transport)).toEqual([]);
    clock.advance(1);
    await tick();
    expect(writtenLines(transport)).toEqual(["A4 IDLE"]);
  });

  it("polls with NOOP when the server has no IDLE, delivering what NOOP brings", async () => {
    const { transport, clock, loop, updates } = await setup("IMAP4rev1");
    clock.advance(100);
    await tick();
    expect(loop.mode).toBe("polling");
    expect(writtenLines(transport)).toEqual([]);
    clock.advance(5_000);
    await tick();
    expect(writtenLines(transport)).toEqual(["A2 NOOP"]);
    updates.length = 0;
    transport.receive("* 5 EXISTS\r\nA2 OK done\r\n");
    await tick();
    expect(updates).toEqual([[{ type: "exists", count: 5 }]]);
    clock.advance(5_000);
    await tick();
    expect(writtenLines(transport)).toEqual(["A3 NOOP"]);
  });

  it("falls back to polling when the server refuses IDLE", async () => {
    const { transport, clock, loop } = await setup();
    clock.advance(100);
    await tick();
    writtenLines(transport);
    transport.receive("A2 BAD not now\r\n");
    await tick();
    clock.advance(100);
    await tick();
    expect(loop.mode).toBe("polling");
    clock.advance(5_000);
    await tick();
    expect(writtenLines(transport)).toEqual(["A3 NOOP"]);
  });

  it("stops with DONE and enters IDLE no more", async () => {
    const { transport, clock, loop } = await setup();
    clock.advance(100);
    await tick();
    transport.receive("+ idling\r\n");
    writtenLines(transport);
    const stopped = loop.stop();
    await tick();
    expect(writtenLines(transport)).toEqual(["DONE"]);
    transport.receive("A2 OK done\r\n");
    await stopped;
    clock.advance(120_000);
    await tick();
    expect(writtenLines(transport)).toEqual([]);
    expect(loop.mode).toBe("stopped");
  });

  it("reports a lost connection and stops", async () => {
    const { transport, clock, loop } = await setup();
    const errors: ImapError[] = [];
    loop.onError((error) => errors.push(error));
    clock.advance(100);
    await tick();
    transport.serverClose(new Error("reset"));
    await tick();
    expect(errors.map((e) => e.code)).toEqual(["IMAP_ERR_TRANSPORT"]);
    expect(loop.mode).toBe("stopped");
  });
});
