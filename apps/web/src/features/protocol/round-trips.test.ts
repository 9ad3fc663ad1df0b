import { describe, expect, it } from "vitest";
import type { WireEvent } from "../../lib/imap-client/types";
import { compareSentence, countRoundTrips, formatDuration, runDuration } from "./round-trips";

const sent = (tag: string, at: number): WireEvent => ({
  kind: "sent",
  at,
  tag,
  name: "NOOP",
  text: `${tag} NOOP`,
  bytes: 10,
  inFlight: 1,
});
const done = (tag: string, at: number): WireEvent => ({
  kind: "completed",
  at,
  tag,
  status: "OK",
  text: `${tag} OK`,
  bytes: 8,
});
const untagged = (at: number): WireEvent => ({
  kind: "untagged",
  at,
  tags: ["A1"],
  text: "* 1 EXISTS",
  bytes: 9,
});

describe("countRoundTrips", () => {
  it("counts one per command sent one at a time", () => {
    expect(
      countRoundTrips([
        sent("A1", 0),
        done("A1", 5),
        sent("A2", 6),
        done("A2", 9),
        sent("A3", 9),
        done("A3", 12),
      ]),
    ).toBe(3);
  });

  it("counts a pipelined burst once, and each burst after an answer again", () => {
    const events = [
      sent("A1", 0),
      sent("A2", 0),
      sent("A3", 1),
      untagged(3),
      done("A1", 4),
      sent("A4", 4),
      sent("A5", 4),
      done("A2", 5),
      done("A3", 5),
      done("A4", 8),
      done("A5", 8),
    ];
    expect(countRoundTrips(events)).toBe(2);
  });

  it("ignores untagged responses and counts nothing for no commands", () => {
    expect(countRoundTrips([untagged(1), untagged(2)])).toBe(0);
    expect(countRoundTrips([sent("A1", 0), untagged(1), sent("A2", 2), done("A1", 3), done("A2", 3)])).toBe(
      1,
    );
  });
});

describe("the comparison sentence", () => {
  it("measures from the first send to the last completion", () => {
    expect(runDuration([untagged(0), sent("A1", 10), done("A1", 30), sent("A2", 31), done("A2", 50)])).toBe(
      40,
    );
    expect(runDuration([])).toBe(0);
  });

  it("formats durations and the speed-up", () => {
    expect(formatDuration(412.4)).toBe("412 ms");
    expect(formatDuration(1900)).toBe("1.9 s");
    expect(compareSentence({ durationMs: 412, roundTrips: 4 }, { durationMs: 1900, roundTrips: 17 })).toBe(
      "Pipelined: 412 ms in 4 round trips. One at a time: 1.9 s in 17 round trips — 4.6x faster.",
    );
    expect(compareSentence({ durationMs: 100, roundTrips: 1 }, { durationMs: 50, roundTrips: 2 })).toBe(
      "Pipelined: 100 ms in 1 round trip. One at a time: 50 ms in 2 round trips — pipelined was 2.0x slower.",
    );
  });
});
