import { describe, expect, it, vi } from "vitest";
import type { WireEvent } from "../../lib/imap-client/types";
import { toWireEvents } from "../../lib/imap-client/wire-events";
import { type CompareRunner, createProtocolStore, filterRows } from "./store";

const sent = (tag: string, at: number, text = `${tag} NOOP`): WireEvent => ({
  kind: "sent",
  at,
  tag,
  name: text.split(" ")[1] ?? "NOOP",
  text,
  bytes: 20,
  inFlight: 1,
});
const done = (tag: string, at: number, status: "OK" | "NO" | "failed" = "OK"): WireEvent => ({
  kind: "completed",
  at,
  tag,
  status,
  text: `${tag} ${status} done`,
  bytes: 12,
});
const untagged = (tags: string[], at: number, text = "* 1 EXISTS"): WireEvent => ({
  kind: "untagged",
  at,
  tags,
  text,
  bytes: 30,
});

function manual() {
  const queue: (() => void)[] = [];
  const store = createProtocolStore({ schedule: (publish) => queue.push(publish) });
  return { store, queue };
}

describe("the protocol store", () => {
  it("gives three pipelined commands three rows whose time ranges overlap", () => {
    const { store } = manual();
    store
      .getState()
      .ingest("main", [
        sent("A1", 100, "A1 SELECT INBOX"),
        sent("A2", 101, "A2 UID SEARCH ALL"),
        sent("A3", 102, "A3 UID FETCH 1:3 (FLAGS)"),
      ]);
    store
      .getState()
      .ingest("main", [
        untagged(["A1"], 140),
        done("A1", 150),
        untagged(["A3"], 151),
        untagged(["A3"], 152),
        done("A2", 155),
        done("A3", 160, "NO"),
      ]);
    store.getState().flush();
    const { rows, inFlight, bytesOut, bytesIn } = store.getState();
    expect(rows.map((r) => [r.tag, r.status, r.sentAt, r.doneAt])).toEqual([
      ["A1", "OK", 100, 150],
      ["A2", "OK", 101, 155],
      ["A3", "NO", 102, 160],
    ]);
    for (const a of rows)
      for (const b of rows) expect(a.sentAt < (b.doneAt ?? 0) && b.sentAt < (a.doneAt ?? 0)).toBe(true);
    expect(rows[2]).toMatchObject({ untagged: 2, ticks: [151, 152], bytesOut: 20, bytesIn: 72 });
    expect(inFlight).toBe(0);
    expect(bytesOut).toBe(60);
    expect(bytesIn).toBe(3 * 30 + 3 * 12);
  });

  it("counts commands in flight and publishes at most once per frame", () => {
    const { store, queue } = manual();
    const listener = vi.fn();
    store.subscribe(listener);
    for (let i = 0; i < 100; i++) store.getState().ingest("main", [sent(`A${i}`, i)]);
    expect(listener).not.toHaveBeenCalled();
    expect(queue).toHaveLength(1);
    queue.shift()?.();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getState().inFlight).toBe(100);
    expect(store.getState().version).toBe(1);
    store.getState().ingest("main", [done("A0", 200), { kind: "closed", at: 201, text: "closed (bye)" }]);
    store.getState().flush();
    expect(store.getState().inFlight).toBe(0);
  });

  it("filters rows by tag, command or status", () => {
    const { store } = manual();
    store
      .getState()
      .ingest("main", [
        sent("A1", 1, "A1 SELECT INBOX"),
        sent("A2", 2, "A2 UID FETCH 1:* (FLAGS)"),
        done("A2", 3, "NO"),
      ]);
    store.getState().flush();
    const rows = store.getState().rows;
    expect(filterRows(rows, "fetch").map((r) => r.tag)).toEqual(["A2"]);
    expect(filterRows(rows, " a1 ").map((r) => r.tag)).toEqual(["A1"]);
    expect(filterRows(rows, "no").map((r) => r.tag)).toEqual(["A2"]);
    expect(filterRows(rows, "")).toBe(rows);
    store.getState().setFilter("select");
    expect(store.getState().filter).toBe("select");
  });

  it("clears rows, raw lines and totals but keeps counting commands in flight", () => {
    const { store } = manual();
    store.getState().ingest("main", [sent("A1", 1), sent("A2", 2), done("A1", 3)]);
    store.getState().select("r0");
    store.getState().clear();
    expect(store.getState()).toMatchObject({
      rows: [],
      bytesOut: 0,
      bytesIn: 0,
      inFlight: 1,
      selected: null,
    });
    expect(store.getState().lines()).toEqual([]);
    store.getState().ingest("main", [done("A2", 4)]);
    store.getState().flush();
    expect(store.getState().rows).toEqual([]);
    expect(store.getState().inFlight).toBe(0);
  });

  it("stays bounded after 10,000 commands with many responses each", () => {
    const { store } = manual();
    for (let i = 0; i < 10_000; i++) {
      const tag = `A${i}`;
      const burst: WireEvent[] = [sent(tag, i)];
      for (let j = 0; j < 20; j++) burst.push(untagged([tag], i + j / 20));
      burst.push(done(tag, i + 1));
      store.getState().ingest("main", burst);
    }
    store.getState().ingest("main", [sent("LAST", 20_000)]);
    for (let j = 0; j < 5000; j++) store.getState().ingest("main", [untagged(["LAST"], 20_000 + j)]);
    store.getState().flush();
    const { rows, inFlight } = store.getState();
    expect(rows).toHaveLength(500);
    expect(rows[0]?.tag).toBe("A9501");
    expect(store.getState().lines().length).toBe(2000);
    const last = rows.at(-1);
    expect(last?.untagged).toBe(5000);
    expect(last?.ticks.length).toBeLessThanOrEqual(64);
    expect(last?.ticks[0]).toBe(20_000);
    expect(last?.ticks.at(-1)).toBeGreaterThan(20_000 + 4000);
    expect(inFlight).toBe(1);
  });

  it("keeps a row's raw lines, and the log has no literal contents or credentials", () => {
    const { store } = manual();
    store
      .getState()
      .ingest("main", [
        sent("A1", 1, "A1 LOGIN demo ***"),
        done("A1", 2),
        sent("A2", 3, "A2 APPEND INBOX {310}<310 bytes>"),
        sent("A3", 3, "A3 UID FETCH 5 (BODY.PEEK[])"),
        untagged(["A3"], 4, "* 5 FETCH (UID 5 BODY[] {2048})"),
        untagged([], 4.5, "* 6 EXISTS"),
        done("A3", 5),
        done("A2", 6),
      ]);
    store.getState().flush();
    const a3 = store.getState().rows.find((r) => r.tag === "A3");
    if (a3 === undefined) throw new Error("no A3 row");
    const { lines, complete } = store.getState().linesFor(a3);
    expect(lines.map((l) => `${l.direction}: ${l.text}`)).toEqual([
      "C: A3 UID FETCH 5 (BODY.PEEK[])",
      "S: * 5 FETCH (UID 5 BODY[] {2048})",
      "S: A3 OK done",
    ]);
    expect(complete).toBe(true);
    const log = JSON.stringify(store.getState().lines());
    expect(log).toContain("<310 bytes>");
    expect(log).not.toMatch(/secret|password|hunter/i);
  });

  it("says when a row's older lines have left the bounded log", () => {
    const store = createProtocolStore({ schedule: () => {}, maxLog: 10 });
    const burst: WireEvent[] = [sent("A1", 0, "A1 UID FETCH 1:* (FLAGS)")];
    for (let i = 0; i < 20; i++) burst.push(untagged(["A1"], i + 1, `* ${i + 1} FETCH (FLAGS ())`));
    burst.push(done("A1", 30), sent("A2", 31, "A2 NOOP"), done("A2", 32));
    store.getState().ingest("main", burst);
    store.getState().flush();
    const [a1, a2] = store.getState().rows;
    if (a1 === undefined || a2 === undefined) throw new Error("rows missing");
    const kept = store.getState().linesFor(a1);
    expect(kept.complete).toBe(false);
    expect(kept.lines.map((l) => l.text).at(-1)).toBe("A1 OK done");
    expect(kept.lines).toHaveLength(8);
    expect(store.getState().linesFor(a2)).toMatchObject({ complete: true, lines: [{ text: "A2 NOOP" }, {}] });
  });

  it("logs session events without literal bytes or passwords", () => {
    const { store } = manual();
    const events = [
      {
        type: "commandSent",
        at: 1,
        tag: "A1",
        name: "LOGIN",
        text: 'A1 LOGIN demo "hunter2"',
        bytes: 24,
        inFlight: 1,
        internal: false,
      },
      {
        type: "commandCompleted",
        at: 2,
        tag: "A1",
        name: "LOGIN",
        status: "OK",
        code: null,
        text: "ok",
        bytes: 9,
        cancelled: false,
      },
      {
        type: "commandSent",
        at: 3,
        tag: "A2",
        name: "FETCH",
        text: "A2 UID FETCH 5 (BODY.PEEK[])",
        bytes: 30,
        inFlight: 1,
        internal: false,
      },
      {
        type: "untaggedReceived",
        at: 4,
        tags: ["A2"],
        bytes: 90,
        data: {
          type: "fetch",
          seq: 1,
          items: {
            uid: 5,
            sections: [
              {
                item: "BODY",
                section: "",
                origin: null,
                data: new TextEncoder().encode("Subject: a secret"),
              },
            ],
          },
        },
      },
    ] as unknown as Parameters<typeof toWireEvents>[0];
    store.getState().ingest("main", toWireEvents(events));
    const log = store
      .getState()
      .lines()
      .map((l) => l.text);
    expect(log).toEqual([
      "A1 LOGIN demo ***",
      "A1 OK ok",
      "A2 UID FETCH 5 (BODY.PEEK[])",
      "* 1 FETCH (UID 5 BODY[] {17})",
    ]);
  });

  it("keys rows per connection and reset forgets everything", () => {
    const { store } = manual();
    store.getState().ingest("main", [sent("A1", 1)]);
    store.getState().ingest("other", [sent("A1", 2), done("A1", 3)]);
    store.getState().flush();
    expect(store.getState().rows.map((r) => [r.connectionId, r.status])).toEqual([
      ["main", "pending"],
      ["other", "OK"],
    ]);
    store.getState().reset();
    expect(store.getState()).toMatchObject({ rows: [], inFlight: 0, now: null });
  });
});

describe("Compare", () => {
  const run = (pipelined: boolean): WireEvent[] =>
    pipelined
      ? [sent("A1", 0), sent("A2", 0), sent("A3", 0), done("A1", 100), done("A2", 100), done("A3", 100)]
      : [sent("A1", 0), done("A1", 100), sent("A2", 100), done("A2", 200), sent("A3", 200), done("A3", 300)];

  it("runs pipelined then one at a time with the chosen latency and says how they compare", async () => {
    const { store } = manual();
    const calls: unknown[] = [];
    const runner: CompareRunner = async (options) => {
      calls.push(options);
      return run(options.maxInFlight === undefined);
    };
    store.getState().configureCompare({ run: runner, latency: { defaultMs: 50, maxMs: 200 } });
    expect(store.getState().latencyMs).toBe(50);
    store.getState().setLatency(999);
    expect(store.getState().latencyMs).toBe(200);
    await store.getState().runCompare();
    expect(calls).toEqual([
      { maxInFlight: undefined, latencyMs: 200 },
      { maxInFlight: 1, latencyMs: 200 },
    ]);
    const { compare } = store.getState();
    expect(compare).toMatchObject({ open: true, status: "done" });
    expect(compare.pipelined?.rows).toHaveLength(3);
    expect(compare.serial?.roundTrips).toBe(3);
    expect(compare.sentence).toBe(
      "Pipelined: 100 ms in 1 round trip. One at a time: 300 ms in 3 round trips — 3.0x faster.",
    );
    store.getState().closeCompare();
    expect(store.getState().compare.open).toBe(false);
  });

  it("passes no latency when the gateway offers none, and reports a failing runner as a sentence", async () => {
    const { store } = manual();
    const calls: unknown[] = [];
    store.getState().configureCompare({
      run: async (options) => {
        calls.push(options);
        throw new Error("Sign in first");
      },
      latency: null,
    });
    await store.getState().runCompare();
    expect(calls).toEqual([{ maxInFlight: undefined, latencyMs: undefined }]);
    expect(store.getState().compare).toMatchObject({
      open: true,
      status: "failed",
      error: "The comparison failed: Sign in first.",
    });
  });
});
