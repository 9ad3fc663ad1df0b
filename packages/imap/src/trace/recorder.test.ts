import { describe, expect, it } from "vitest";
import { completed, sent, untagged } from "../../test/trace-events.js";
import type { SessionEvent } from "../session/events.js";
import { TraceRecorder } from "./recorder.js";

const exists = (n: number): SessionEvent => untagged({ type: "exists", count: n }, `* ${n} EXISTS\r\n`);

describe("TraceRecorder", () => {
  it("keeps at most maxLines, drops the oldest and counts everything", () => {
    const recorder = new TraceRecorder({ maxLines: 3 });
    for (let n = 1; n <= 5; n++) recorder.record(exists(n));
    expect(recorder.lines().map((l) => l.text)).toEqual(["* 3 EXISTS", "* 4 EXISTS", "* 5 EXISTS"]);
    expect(recorder.size).toBe(3);
    expect(recorder.first).toBe(2);
    expect(recorder.counts).toEqual({ lines: 5, dropped: 2, sentBytes: 0, receivedBytes: 60 });
  });

  it("keeps at most maxTextBytes of text, and always the newest line", () => {
    const recorder = new TraceRecorder({ maxTextBytes: 25 });
    for (let n = 1; n <= 4; n++) recorder.record(exists(n));
    // Each line has 10 characters of text: two fit.
    expect(recorder.lines().map((l) => l.text)).toEqual(["* 3 EXISTS", "* 4 EXISTS"]);
    recorder.record(untagged({ type: "exists", count: 1 }, `* ${"9".repeat(40)} EXISTS\r\n`));
    expect(recorder.size).toBe(1);
    expect(recorder.counts.dropped).toBe(4);
  });

  it("counts octets both ways and returns each event's lines", () => {
    const recorder = new TraceRecorder();
    expect(recorder.record(sent("A1", "NOOP", "A1 NOOP"))).toHaveLength(1);
    recorder.record({
      type: "continuationSent",
      tag: "A2",
      name: "APPEND",
      kind: "literal",
      bytes: 100,
      at: 1,
    });
    recorder.record({ type: "continuationSent", tag: "A3", name: "IDLE", kind: "done", bytes: 6, at: 1 });
    recorder.record(completed("A1", "A1 OK done\r\n"));
    // Without raw octets a completion has no line, but its bytes count.
    recorder.record(completed("A4"));
    expect(recorder.counts).toEqual({ lines: 4, dropped: 0, sentBytes: 9 + 6, receivedBytes: 12 });
    expect(recorder.record({ type: "stateChanged", from: "authenticated", to: "selected", at: 2 })).toEqual(
      [],
    );
  });

  it("gives the lines of one command: what it sent, what was routed to it, its completion", () => {
    const recorder = new TraceRecorder();
    recorder.record(sent("A1", "SELECT", "A1 SELECT INBOX"));
    recorder.record(sent("A2", "NOOP", "A2 NOOP"));
    recorder.record(untagged({ type: "exists", count: 3 }, "* 3 EXISTS\r\n", ["A1"]));
    recorder.record(untagged({ type: "recent", count: 0 }, "* 0 RECENT\r\n", []));
    recorder.record(completed("A2", "A2 OK\r\n"));
    recorder.record(completed("A1", "A1 OK [READ-WRITE] done\r\n"));
    expect(recorder.linesFor("A1").map((l) => `${l.direction}: ${l.text}`)).toEqual([
      "C: A1 SELECT INBOX",
      "S: * 3 EXISTS",
      "S: A1 OK [READ-WRITE] done",
    ]);
  });

  it("appends in constant time however long the history", () => {
    const recorder = new TraceRecorder({ maxLines: 1000 });
    const event = exists(1);
    const time = (n: number): number => {
      const start = performance.now();
      for (let i = 0; i < n; i++) recorder.record(event);
      return performance.now() - start;
    };
    time(10_000);
    const perEvent = time(100_000) / 100_000;
    expect(recorder.size).toBe(1000);
    expect(recorder.counts.lines).toBe(110_000);
    // Generous: a few microseconds per event on any machine; a copy per append would be far slower.
    expect(perEvent).toBeLessThan(0.05);
  });

  it("clears lines and counts", () => {
    const recorder = new TraceRecorder();
    recorder.record(exists(1));
    recorder.clear();
    expect(recorder.lines()).toEqual([]);
    expect(recorder.counts).toEqual({ lines: 0, dropped: 0, sentBytes: 0, receivedBytes: 0 });
  });
});
