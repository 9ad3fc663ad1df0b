/**
 * The Protocol panel's store. `ingest` updates a mutable model at once (O(events)) and publishes a
 * new snapshot at most once per animation frame, so a burst of thousands of responses costs React
 * one render per frame.
 */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { WireEvent } from "../../lib/imap-client/types";
import { compareSentence, countRoundTrips, runDuration } from "./round-trips";
import {
  DEFAULT_MAX_LOG,
  DEFAULT_MAX_ROWS,
  type LogLine,
  type ProtocolRow,
  type RowLines,
  WireModel,
} from "./wire-model";

export type { LogLine, ProtocolRow, RowLines, RowStatus } from "./wire-model";

/** Runs the same folder open on a fresh connection and returns that run's wire events. */
export type CompareRunner = (options: {
  maxInFlight: number | undefined;
  latencyMs: number | undefined;
}) => Promise<readonly WireEvent[]>;

export interface LatencyRange {
  readonly defaultMs: number;
  readonly maxMs: number;
}

/** The slider's own limit; the gateway's `maxMs` may lower it. */
export const MAX_SLIDER_LATENCY = 300;

export interface CompareRun {
  readonly rows: readonly ProtocolRow[];
  /** The first command's send time: the run's time zero. */
  readonly start: number;
  readonly durationMs: number;
  readonly roundTrips: number;
}

export interface CompareState {
  /** Whether the panel shows the comparison instead of the command list. */
  readonly open: boolean;
  readonly status: "idle" | "pipelined" | "serial" | "done" | "failed";
  readonly pipelined: CompareRun | null;
  readonly serial: CompareRun | null;
  readonly sentence: string | null;
  readonly error: string | null;
}

export interface ProtocolState {
  /** Bumped on every published snapshot. */
  readonly version: number;
  /** Oldest first, at most `maxRows`. */
  readonly rows: readonly ProtocolRow[];
  readonly inFlight: number;
  readonly bytesOut: number;
  readonly bytesIn: number;
  /** The latest event time: where in-flight bars end. */
  readonly now: number | null;
  readonly filter: string;
  /** Key of the row whose raw lines are shown. */
  readonly selected: string | null;
  /** Whether the app configured a Compare runner. */
  readonly compareAvailable: boolean;
  readonly latency: LatencyRange | null;
  readonly latencyMs: number;
  readonly compare: CompareState;
  ingest(connectionId: string, events: readonly WireEvent[]): void;
  /** Publishes pending changes now (tests, or before reading `rows`). */
  flush(): void;
  /** Forgets rows, raw lines and byte totals (commands still in flight stay counted). */
  clear(): void;
  setFilter(filter: string): void;
  select(key: string | null): void;
  /** The raw lines kept for a row (its command, routed responses, completion). */
  linesFor(row: ProtocolRow): RowLines;
  /** Every raw line kept, oldest first. */
  lines(): readonly LogLine[];
  configureCompare(config: { run: CompareRunner; latency: LatencyRange | null }): void;
  setLatency(ms: number): void;
  /** Runs pipelined, then one at a time, and opens the comparison. */
  runCompare(): Promise<void>;
  closeCompare(): void;
  /** Sign-out: everything but the Compare configuration. */
  reset(): void;
}

export interface ProtocolStoreOptions {
  readonly maxRows?: number;
  readonly maxLog?: number;
  /** How a publish is deferred; defaults to the next animation frame. */
  readonly schedule?: (publish: () => void) => void;
}

const idleCompare: CompareState = {
  open: false,
  status: "idle",
  pipelined: null,
  serial: null,
  sentence: null,
  error: null,
};

function nextFrame(publish: () => void): void {
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(publish);
  else setTimeout(publish, 16);
}

function clampLatency(ms: number, range: LatencyRange | null): number {
  const max = Math.min(MAX_SLIDER_LATENCY, range?.maxMs ?? MAX_SLIDER_LATENCY);
  return Math.max(0, Math.min(max, Number.isFinite(ms) ? Math.round(ms) : 0));
}

export function latencyMax(range: LatencyRange): number {
  return Math.max(0, Math.min(MAX_SLIDER_LATENCY, range.maxMs));
}

function toRun(events: readonly WireEvent[]): CompareRun {
  const model = new WireModel(DEFAULT_MAX_ROWS, 1);
  model.ingest("compare", events);
  const rows = model.rows();
  return {
    rows,
    start: rows[0]?.sentAt ?? 0,
    durationMs: runDuration(events),
    roundTrips: countRoundTrips(events),
  };
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const sentence = text.trim() === "" ? "The comparison failed." : `The comparison failed: ${text.trim()}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** What the panel shows before anything arrived, and again after sign-out. */
const EMPTY_VIEW = {
  rows: [],
  inFlight: 0,
  bytesOut: 0,
  bytesIn: 0,
  now: null,
  filter: "",
  selected: null,
} as const;

export function createProtocolStore(options: ProtocolStoreOptions = {}) {
  const model = new WireModel(options.maxRows ?? DEFAULT_MAX_ROWS, options.maxLog ?? DEFAULT_MAX_LOG);
  const schedule = options.schedule ?? nextFrame;
  let scheduled = false;
  let runner: CompareRunner | null = null;
  /** Bumped by reset so a comparison still running does not write into a new session's panel. */
  let generation = 0;

  return createStore<ProtocolState>()((set, get) => {
    const publish = () => {
      scheduled = false;
      set((s) => ({
        version: s.version + 1,
        rows: model.rows(),
        inFlight: model.inFlight,
        bytesOut: model.bytesOut,
        bytesIn: model.bytesIn,
        now: model.lastAt,
      }));
    };
    const later = () => {
      if (scheduled) return;
      scheduled = true;
      schedule(() => {
        if (scheduled) publish();
      });
    };
    const setCompare = (patch: Partial<CompareState>) =>
      set((s) => ({ compare: { ...s.compare, ...patch } }));

    return {
      version: 0,
      ...EMPTY_VIEW,
      compareAvailable: false,
      latency: null,
      latencyMs: 0,
      compare: idleCompare,
      ingest: (connectionId, events) => {
        if (events.length === 0) return;
        model.ingest(connectionId, events);
        later();
      },
      flush: () => {
        if (scheduled) publish();
      },
      clear: () => {
        model.clear();
        set({ selected: null });
        publish();
      },
      setFilter: (filter) => set({ filter }),
      select: (selected) => set({ selected }),
      linesFor: (row) => model.linesFor(row),
      lines: () => model.lines(),
      configureCompare: ({ run, latency }) => {
        runner = run;
        set({
          compareAvailable: true,
          latency,
          latencyMs: latency === null ? 0 : clampLatency(latency.defaultMs, latency),
        });
      },
      setLatency: (ms) => set((s) => ({ latencyMs: clampLatency(ms, s.latency) })),
      runCompare: async () => {
        const run = runner;
        const status = get().compare.status;
        if (status === "pipelined" || status === "serial") {
          setCompare({ open: true });
          return;
        }
        const mine = ++generation;
        if (run === null) {
          set({
            compare: {
              ...idleCompare,
              open: true,
              status: "failed",
              error: "Compare is not available here.",
            },
          });
          return;
        }
        const latencyMs = get().latency === null ? undefined : get().latencyMs;
        set({ compare: { ...idleCompare, open: true, status: "pipelined" } });
        try {
          const pipelined = toRun(await run({ maxInFlight: undefined, latencyMs }));
          if (mine !== generation) return;
          setCompare({ pipelined, status: "serial" });
          const serial = toRun(await run({ maxInFlight: 1, latencyMs }));
          if (mine !== generation) return;
          setCompare({ serial, status: "done", sentence: compareSentence(pipelined, serial) });
        } catch (error) {
          if (mine !== generation) return;
          setCompare({ status: "failed", error: message(error) });
        }
      },
      closeCompare: () => setCompare({ open: false }),
      reset: () => {
        generation++;
        model.reset();
        scheduled = false;
        set((s) => ({
          version: s.version + 1,
          ...EMPTY_VIEW,
          compare: idleCompare,
        }));
      },
    };
  });
}

export const protocolStore = createProtocolStore();

export function useProtocolStore<T>(selector: (state: ProtocolState) => T): T {
  return useStore(protocolStore, selector);
}

/** The rows whose tag, command or status contain `filter` (case-insensitive). */
export function filterRows(rows: readonly ProtocolRow[], filter: string): readonly ProtocolRow[] {
  const needle = filter.trim().toLowerCase();
  if (needle === "") return rows;
  return rows.filter(
    (r) =>
      r.tag.toLowerCase().includes(needle) ||
      r.command.toLowerCase().includes(needle) ||
      r.status.toLowerCase().includes(needle),
  );
}
