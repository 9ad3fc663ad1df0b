import { describe, expect, it } from "vitest";
import { initialScripts } from "../bench/build-size";
import { formatTable } from "../bench/report";
import { sendBursts, type WireEvent, wireBytes } from "../bench/round-trips";
import { median, percentile } from "../bench/stats";

const send = (at: number, bytes = 10): WireEvent => ({ at, dir: "send", bytes });
const recv = (at: number, bytes = 100): WireEvent => ({ at, dir: "recv", bytes });

describe("sendBursts", () => {
  it("counts pipelined sends as one wait", () => {
    expect(sendBursts([send(0), send(1), send(2), recv(100), recv(101)])).toBe(1);
  });

  it("counts each send after a receive as a new wait", () => {
    expect(sendBursts([send(0), recv(100), send(101), recv(200), send(201), send(202), recv(300)])).toBe(3);
  });

  it("ignores events outside the window", () => {
    const events = [send(0), recv(50), send(60), recv(150), send(160), recv(260)];
    expect(sendBursts(events, 55, 155)).toBe(1);
    expect(sendBursts(events, 55, 270)).toBe(2);
    expect(wireBytes(events, 55, 200)).toEqual({ sent: 20, received: 100 });
  });

  it("does not count a burst whose answer came after the window: nobody waited for it", () => {
    const events = [send(0), recv(100), send(150), recv(250)];
    expect(sendBursts(events, 0, 200)).toBe(1);
    expect(sendBursts(events, 0, 250)).toBe(2);
  });

  it("is zero without sends", () => {
    expect(sendBursts([recv(1), recv(2)])).toBe(0);
  });
});

describe("initialScripts", () => {
  it("finds module scripts and modulepreloads, not other links", () => {
    const html = `<script type="module" crossorigin src="/assets/index-a.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor-b.js">
      <link rel="stylesheet" href="/assets/index-c.css"><script src="/legacy.js"></script>`;
    expect(initialScripts(html)).toEqual(["/assets/index-a.js", "/assets/vendor-b.js"]);
  });
});

describe("stats", () => {
  it("median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("nearest-rank percentile", () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([5], 90)).toBe(5);
  });
});

describe("formatTable", () => {
  it("prints the verdicts", () => {
    const table = formatTable([
      { section: "s", measure: "m", value: "1", baseline: "b", ratio: "r", target: "t", met: false },
      { section: "s", measure: "n", value: "2", baseline: "", ratio: "", target: "", met: null },
    ]);
    expect(table).toContain("NOT MET");
    expect(table.split("\n")).toHaveLength(4);
  });
});
