/**
 * The Protocol panel's model of one or more connections: a row per tagged command, in-flight
 * commands, byte totals and a bounded log of wire lines. Every `ingest` costs O(events) and every
 * history is bounded, so a long session or a 5,000-row FETCH burst costs the same memory as a short one.
 */

import { Ring } from "../../lib/imap-client/ring";
import type { WireEvent } from "../../lib/imap-client/types";

export type RowStatus = "pending" | "OK" | "NO" | "BAD" | "cancelled" | "failed";

export interface ProtocolRow {
  /** Unique for the model's life (tags repeat across connections and reconnects). */
  readonly key: string;
  readonly connectionId: string;
  readonly tag: string;
  readonly name: string;
  /** The command as sent, credentials redacted. */
  readonly command: string;
  readonly status: RowStatus;
  readonly bytesOut: number;
  readonly bytesIn: number;
  readonly sentAt: number;
  readonly doneAt: number | null;
  /** Untagged responses routed to the command. */
  readonly untagged: number;
  /** Arrival times of a sample of those responses (at most `MAX_TICKS`, spread evenly). */
  readonly ticks: readonly number[];
}

export interface LogLine {
  readonly id: number;
  readonly connectionId: string;
  readonly at: number;
  /** C: client, S: server, !: failed locally, -: connection event. */
  readonly direction: "C" | "S" | "!" | "-";
  /** Tags of the commands the line belongs to. */
  readonly tags: readonly string[];
  readonly text: string;
  readonly bytes: number | null;
}

export const MAX_TICKS = 64;
export const DEFAULT_MAX_ROWS = 500;
export const DEFAULT_MAX_LOG = 2000;

interface MutableRow {
  key: string;
  connectionId: string;
  tag: string;
  name: string;
  command: string;
  status: RowStatus;
  bytesOut: number;
  bytesIn: number;
  sentAt: number;
  doneAt: number | null;
  untagged: number;
  ticks: number[];
  /** Keep one untagged arrival in `stride`: when `ticks` is full, every other one is dropped and the stride doubles. */
  stride: number;
  /** Ids of the log lines of its command and of its completion (null until then). */
  firstLine: number;
  lastLine: number | null;
  snapshot: ProtocolRow | null;
}

/** The lines kept for a row; `complete` is false when older lines left the log. */
export interface RowLines {
  readonly lines: readonly LogLine[];
  readonly complete: boolean;
}

function freeze(row: MutableRow): ProtocolRow {
  return {
    key: row.key,
    connectionId: row.connectionId,
    tag: row.tag,
    name: row.name,
    command: row.command,
    status: row.status,
    bytesOut: row.bytesOut,
    bytesIn: row.bytesIn,
    sentAt: row.sentAt,
    doneAt: row.doneAt,
    untagged: row.untagged,
    ticks: row.ticks.slice(),
  };
}

function addTick(row: MutableRow, at: number): void {
  row.untagged++;
  if ((row.untagged - 1) % row.stride !== 0) return;
  if (row.ticks.length === MAX_TICKS) {
    row.ticks = row.ticks.filter((_, i) => i % 2 === 0);
    row.stride *= 2;
    if ((row.untagged - 1) % row.stride !== 0) return;
  }
  row.ticks.push(at);
}

export class WireModel {
  readonly #rows: Ring<MutableRow>;
  readonly #log: Ring<LogLine>;
  /** connection id → tag → its latest row. */
  readonly #byTag = new Map<string, Map<string, MutableRow>>();
  readonly #byKey = new Map<string, MutableRow>();
  /** connection id → tags sent and not completed. */
  readonly #pending = new Map<string, Set<string>>();
  #inFlight = 0;
  #nextKey = 0;
  #nextLine = 0;
  bytesOut = 0;
  bytesIn = 0;
  /** The latest event time seen: the "now" of in-flight bars. */
  lastAt: number | null = null;

  constructor(maxRows = DEFAULT_MAX_ROWS, maxLog = DEFAULT_MAX_LOG) {
    this.#rows = new Ring(maxRows);
    this.#log = new Ring(maxLog);
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get logSize(): number {
    return this.#log.size;
  }

  ingest(connectionId: string, events: readonly WireEvent[]): void {
    for (const event of events) this.#one(connectionId, event);
  }

  #line(
    connectionId: string,
    event: WireEvent,
    direction: LogLine["direction"],
    tags: readonly string[],
  ): void {
    this.#log.push({
      id: this.#nextLine++,
      connectionId,
      at: event.at,
      direction,
      tags,
      text: event.text,
      bytes: "bytes" in event ? event.bytes : null,
    });
  }

  #one(connectionId: string, event: WireEvent): void {
    if (this.lastAt === null || event.at > this.lastAt) this.lastAt = event.at;
    const tags = this.#byTag.get(connectionId);
    switch (event.kind) {
      case "sent": {
        this.bytesOut += event.bytes;
        this.#line(connectionId, event, "C", [event.tag]);
        const row: MutableRow = {
          key: `r${this.#nextKey++}`,
          connectionId,
          tag: event.tag,
          name: event.name,
          command: event.text,
          status: "pending",
          bytesOut: event.bytes,
          bytesIn: 0,
          sentAt: event.at,
          doneAt: null,
          untagged: 0,
          ticks: [],
          stride: 1,
          firstLine: this.#nextLine - 1,
          lastLine: null,
          snapshot: null,
        };
        this.#byKey.set(row.key, row);
        const dropped = this.#rows.push(row);
        if (dropped !== undefined) {
          this.#byKey.delete(dropped.key);
          const map = this.#byTag.get(dropped.connectionId);
          if (map !== undefined && map.get(dropped.tag) === dropped) map.delete(dropped.tag);
        }
        if (tags === undefined) this.#byTag.set(connectionId, new Map([[event.tag, row]]));
        else tags.set(event.tag, row);
        let pending = this.#pending.get(connectionId);
        if (pending === undefined) {
          pending = new Set();
          this.#pending.set(connectionId, pending);
        }
        if (!pending.has(event.tag)) {
          pending.add(event.tag);
          this.#inFlight++;
        }
        return;
      }
      case "completed": {
        this.bytesIn += event.bytes;
        this.#line(connectionId, event, event.status === "failed" ? "!" : "S", [event.tag]);
        if (this.#pending.get(connectionId)?.delete(event.tag)) this.#inFlight--;
        const row = tags?.get(event.tag);
        if (row === undefined) return;
        row.bytesIn += event.bytes;
        if (row.doneAt === null) {
          row.doneAt = event.at;
          row.status = event.status;
          row.lastLine = this.#nextLine - 1;
        }
        row.snapshot = null;
        return;
      }
      case "untagged": {
        this.bytesIn += event.bytes;
        this.#line(connectionId, event, "S", event.tags);
        if (tags === undefined) return;
        for (const tag of event.tags) {
          const row = tags.get(tag);
          if (row === undefined) continue;
          row.bytesIn += event.bytes;
          addTick(row, event.at);
          row.snapshot = null;
        }
        return;
      }
      case "continuation": {
        if (event.direction === "out") this.bytesOut += event.bytes;
        else this.bytesIn += event.bytes;
        this.#line(connectionId, event, event.direction === "out" ? "C" : "S", [event.tag]);
        const row = tags?.get(event.tag);
        if (row === undefined) return;
        if (event.direction === "out") row.bytesOut += event.bytes;
        else row.bytesIn += event.bytes;
        row.snapshot = null;
        return;
      }
      case "greeting":
        this.bytesIn += event.bytes;
        this.#line(connectionId, event, "S", []);
        return;
      case "closed": {
        this.#line(connectionId, event, "-", []);
        const pending = this.#pending.get(connectionId);
        if (pending !== undefined) {
          this.#inFlight -= pending.size;
          pending.clear();
        }
        return;
      }
    }
  }

  /** The rows, oldest first; rows unchanged since the last call keep their identity. */
  rows(): ProtocolRow[] {
    const out: ProtocolRow[] = [];
    for (const row of this.#rows) {
      if (row.snapshot === null) row.snapshot = freeze(row);
      out.push(row.snapshot);
    }
    return out;
  }

  /** The log lines kept for `row`: its command, the responses routed to it and its completion. */
  linesFor(row: ProtocolRow): RowLines {
    const own = this.#byKey.get(row.key);
    if (own === undefined) return { lines: [], complete: false };
    const out: LogLine[] = [];
    let oldest: number | null = null;
    for (const line of this.#log) {
      oldest ??= line.id;
      if (line.id < own.firstLine || line.connectionId !== own.connectionId) continue;
      if (own.lastLine !== null && line.id > own.lastLine) break;
      if (line.tags.includes(own.tag)) out.push(line);
    }
    return { lines: out, complete: oldest !== null && oldest <= own.firstLine };
  }

  /** Every log line kept, oldest first. */
  lines(): LogLine[] {
    return [...this.#log];
  }

  /** Forgets rows, log and totals; commands still in flight stay counted. */
  clear(): void {
    this.#rows.clear();
    this.#log.clear();
    this.#byTag.clear();
    this.#byKey.clear();
    this.bytesOut = 0;
    this.bytesIn = 0;
    this.lastAt = null;
  }

  reset(): void {
    this.clear();
    this.#pending.clear();
    this.#inFlight = 0;
  }
}
