/**
 * Which rows to fetch as the list scrolls. The folder's order is cut into fixed chunks of
 * `CHUNK_ROWS` positions; a chunk near the view (the visible rows plus `MARGIN_ROWS` each way) is
 * fetched with one UID FETCH, all such chunks pipelined. A chunk whose FETCH is still pending when
 * the view has moved far away (beyond `KEEP_ROWS`) is cancelled: queued, it never goes out; sent,
 * its late rows are dropped. While the view moves by more than a chunk between two calls (a fling,
 * a drag of the scrollbar), fetching waits until it has been still for `SETTLE_MS`, so the rows
 * flown past are never asked for. Rows that land are handed on in batches, one per received chunk.
 */
import type { MessageSummary } from "../../lib/imap-client/types";
import { batchPerTurn } from "./batch";

/** Rows per UID FETCH: small enough that the first rows paint after one short response. */
export const CHUNK_ROWS = 50;
/** Rows fetched beyond each edge of the view, so a normal scroll finds them ready. */
export const MARGIN_ROWS = 60;
/** A pending chunk further than this from the view is cancelled. */
export const KEEP_ROWS = 300;
/** How long a fast-moving view must stay put before its rows are fetched: well under a frame budget of patience. */
export const SETTLE_MS = 60;

export type FetchRows = (
  uids: readonly number[],
  options: { signal: AbortSignal; onRow: (row: MessageSummary) => void },
) => Promise<void>;

type ChunkState = { readonly kind: "loading"; readonly abort: AbortController } | { readonly kind: "loaded" };

export class RowLoader {
  readonly #uids: Uint32Array;
  readonly #fetch: FetchRows;
  readonly #landed: (rows: readonly MessageSummary[]) => void;
  readonly #chunks = new Map<number, ChunkState>();
  readonly #deliver = batchPerTurn<MessageSummary>((rows) => {
    if (!this.#disposed) this.#landed(rows);
  });
  #disposed = false;
  #lastFirst: number | null = null;
  #settle: ReturnType<typeof setTimeout> | null = null;
  readonly #settleMs: number;
  /** Rows the list already has (prefetched with the folder's order): not asked for again. */
  readonly #known: (uid: number) => boolean;

  constructor(
    uids: Uint32Array,
    fetch: FetchRows,
    landed: (rows: readonly MessageSummary[]) => void,
    options: { settleMs?: number; known?: (uid: number) => boolean } = {},
  ) {
    this.#uids = uids;
    this.#fetch = fetch;
    this.#landed = landed;
    this.#settleMs = options.settleMs ?? SETTLE_MS;
    this.#known = options.known ?? (() => false);
  }

  /** The view shows positions `first..last` (inclusive): fetch what is near, cancel what is far. */
  show(first: number, last: number): void {
    if (this.#disposed || this.#uids.length === 0) return;
    const jumped = this.#lastFirst !== null && Math.abs(first - this.#lastFirst) > CHUNK_ROWS;
    this.#lastFirst = first;
    if (this.#settle !== null) clearTimeout(this.#settle);
    this.#settle = null;
    if (jumped) {
      this.#cancelFar(first, last);
      this.#settle = setTimeout(() => {
        this.#settle = null;
        this.#apply(first, last);
      }, this.#settleMs);
      return;
    }
    this.#apply(first, last);
  }

  #apply(first: number, last: number): void {
    if (this.#disposed) return;
    const from = Math.max(0, first - MARGIN_ROWS);
    const to = Math.min(this.#uids.length - 1, last + MARGIN_ROWS);
    this.#cancelFar(first, last);
    for (let chunk = Math.floor(from / CHUNK_ROWS); chunk <= Math.floor(to / CHUNK_ROWS); chunk++) {
      if (!this.#chunks.has(chunk)) this.#load(chunk);
    }
  }

  #cancelFar(first: number, last: number): void {
    for (const [chunk, state] of this.#chunks) {
      if (state.kind !== "loading") continue;
      const start = chunk * CHUNK_ROWS;
      if (start + CHUNK_ROWS - 1 < first - KEEP_ROWS || start > last + KEEP_ROWS) {
        state.abort.abort();
        this.#chunks.delete(chunk);
      }
    }
  }

  /** Chunks with a FETCH pending (for tests and the activity line). */
  get pending(): number {
    let n = 0;
    for (const state of this.#chunks.values()) if (state.kind === "loading") n++;
    return n;
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#settle !== null) clearTimeout(this.#settle);
    for (const state of this.#chunks.values()) if (state.kind === "loading") state.abort.abort();
    this.#chunks.clear();
  }

  #load(chunk: number): void {
    const abort = new AbortController();
    const uids = Array.from(this.#uids.subarray(chunk * CHUNK_ROWS, (chunk + 1) * CHUNK_ROWS)).filter(
      (uid) => !this.#known(uid),
    );
    if (uids.length === 0) {
      this.#chunks.set(chunk, { kind: "loaded" });
      return;
    }
    this.#chunks.set(chunk, { kind: "loading", abort });
    this.#fetch(uids, { signal: abort.signal, onRow: (row) => this.#land(row, abort.signal) }).then(
      () => {
        if (this.#chunks.get(chunk)?.kind === "loading") this.#chunks.set(chunk, { kind: "loaded" });
      },
      () => {
        // Cancelled, or failed: forget the chunk so that the next `show` asks again.
        const state = this.#chunks.get(chunk);
        if (state?.kind === "loading" && state.abort === abort) this.#chunks.delete(chunk);
      },
    );
  }

  #land(row: MessageSummary, signal: AbortSignal): void {
    if (!signal.aborted && !this.#disposed) this.#deliver(row);
  }
}
