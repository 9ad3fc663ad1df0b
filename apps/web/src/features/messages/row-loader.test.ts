import { describe, expect, it } from "vitest";
import type { MessageSummary } from "../../lib/imap-client/types";
import { CHUNK_ROWS, type FetchRows, KEEP_ROWS, MARGIN_ROWS, RowLoader } from "./row-loader";

interface Call {
  readonly uids: readonly number[];
  readonly signal: AbortSignal;
  readonly onRow: (row: MessageSummary) => void;
  finish(): void;
}

function harness(total: number) {
  const uids = Uint32Array.from({ length: total }, (_, i) => total - i);
  const calls: Call[] = [];
  const landed: MessageSummary[][] = [];
  const fetch: FetchRows = (list, { signal, onRow }) =>
    new Promise((resolve, reject) => {
      signal.addEventListener("abort", () => reject(new Error("aborted")));
      calls.push({ uids: list, signal, onRow, finish: () => resolve() });
    });
  const loader = new RowLoader(uids, fetch, (rows) => landed.push([...rows]), { settleMs: 0 });
  return { loader, calls, landed };
}

const row = (uid: number) => ({ uid }) as MessageSummary;
const settled = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("RowLoader", () => {
  it("fetches the chunks around the view, pipelined, each once", () => {
    const { loader, calls } = harness(10_000);
    loader.show(0, 20);
    const expected = Math.ceil((20 + MARGIN_ROWS + 1) / CHUNK_ROWS);
    expect(calls).toHaveLength(expected);
    expect(calls[0]?.uids).toHaveLength(CHUNK_ROWS);
    expect(calls[0]?.uids[0]).toBe(10_000);
    loader.show(0, 20);
    expect(calls).toHaveLength(expected);
  });

  it("cancels pending chunks the view has left far behind, and never asks for the rows in between", async () => {
    const { loader, calls } = harness(100_000);
    loader.show(0, 20);
    const first = calls.length;
    loader.show(50_000, 50_020);
    expect(calls.slice(0, first).every((c) => c.signal.aborted)).toBe(true);
    await settled();
    const asked = calls.slice(first).flatMap((c) => c.uids);
    expect(Math.max(...asked)).toBeLessThanOrEqual(100_000 - (50_000 - MARGIN_ROWS - CHUNK_ROWS));
    expect(Math.min(...asked)).toBeGreaterThanOrEqual(100_000 - (50_020 + MARGIN_ROWS + CHUNK_ROWS));
  });

  it("fetches nothing for the rows a fast scroll flies past, only where it stops", async () => {
    const { loader, calls } = harness(100_000);
    loader.show(0, 20);
    const before = calls.length;
    for (let first = 1_000; first <= 40_000; first += 1_000) loader.show(first, first + 20);
    expect(calls.length).toBe(before);
    await settled();
    const asked = calls.slice(before).flatMap((c) => c.uids);
    expect(asked.length).toBeGreaterThan(0);
    expect(Math.max(...asked)).toBeLessThanOrEqual(100_000 - (40_000 - MARGIN_ROWS - CHUNK_ROWS));
  });

  it("asks only for the rows it does not already have", () => {
    const uids = Uint32Array.from({ length: 200 }, (_, i) => 200 - i);
    const asked: number[][] = [];
    const loader = new RowLoader(
      uids,
      (list) => {
        asked.push([...list]);
        return new Promise(() => undefined);
      },
      () => undefined,
      { settleMs: 0, known: (uid) => uid > 160 },
    );
    loader.show(0, 30);
    expect(asked).toEqual([
      Array.from({ length: 10 }, (_, i) => 160 - i),
      Array.from({ length: 50 }, (_, i) => 150 - i),
    ]);
  });

  it("keeps a pending chunk that is still near", () => {
    const { loader, calls } = harness(10_000);
    loader.show(0, 20);
    loader.show(KEEP_ROWS / 2, KEEP_ROWS / 2 + 20);
    expect(calls[0]?.signal.aborted).toBe(false);
  });

  it("hands rows on in one batch per turn and drops rows of a cancelled chunk", async () => {
    const { loader, calls, landed } = harness(1_000);
    loader.show(0, 10);
    const call = calls[0] as Call;
    call.onRow(row(1000));
    call.onRow(row(999));
    await Promise.resolve();
    expect(landed).toEqual([[row(1000), row(999)]]);
    loader.dispose();
    call.onRow(row(998));
    await Promise.resolve();
    expect(landed).toHaveLength(1);
  });

  it("asks again for a cancelled chunk when the view comes back", async () => {
    const { loader, calls } = harness(1_000);
    loader.show(0, 10);
    const before = calls.length;
    loader.show(900, 950);
    await settled();
    const afterMove = calls.length;
    loader.show(0, 10);
    await settled();
    expect(afterMove).toBeGreaterThan(before);
    expect(calls.slice(afterMove).some((c) => c.uids[0] === 1_000)).toBe(true);
  });
});
