/**
 * The Protocol panel, docked at the bottom like a browser's network panel: one row per tagged
 * command with a waterfall on a shared time axis (overlapping bars are pipelining), the raw lines of
 * the row clicked, and the pipelined vs one-at-a-time comparison.
 */
import "./protocol.css";
import {
  type KeyboardEvent,
  type PointerEvent,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from "react";
import { useStore } from "zustand";
import type { StoreApi } from "zustand/vanilla";
import { CommandGrid } from "./command-grid";
import { CompareView } from "./compare-view";
import { formatBytes } from "./format";
import { clampHeight, loadPrefs, MIN_HEIGHT, maxHeight, type PanelPrefs, savePrefs } from "./panel-prefs";
import { RowDetail } from "./row-detail";
import { filterRows, latencyMax, type ProtocolState, protocolStore } from "./store";

export interface ProtocolPanelProps {
  /** The store to show; the app's `protocolStore` unless given (tests). */
  readonly store?: StoreApi<ProtocolState>;
}

const RESIZE_STEP = 24;

function useResize(prefs: PanelPrefs, setPrefs: (update: (p: PanelPrefs) => PanelPrefs) => void) {
  const drag = useRef<{ y: number; height: number } | null>(null);
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture?.(event.pointerId);
    drag.current = { y: event.clientY, height: prefs.height };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const from = drag.current;
    if (from === null) return;
    const height = clampHeight(from.height + from.y - event.clientY);
    setPrefs((p) => (p.height === height ? p : { ...p, height }));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const delta = event.key === "ArrowUp" ? RESIZE_STEP : event.key === "ArrowDown" ? -RESIZE_STEP : 0;
    if (delta === 0) return;
    event.preventDefault();
    setPrefs((p) => ({ ...p, height: clampHeight(p.height + delta) }));
  };
  return { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp, onKeyDown };
}

export function ProtocolPanel({ store = protocolStore }: ProtocolPanelProps) {
  const bodyId = useId();
  const latencyId = useId();
  const [prefs, setPrefs] = useState(loadPrefs);
  const compareButton = useRef<HTMLButtonElement>(null);

  const version = useStore(store, (s) => s.version);
  const rows = useStore(store, (s) => s.rows);
  const now = useStore(store, (s) => s.now);
  const inFlight = useStore(store, (s) => s.inFlight);
  const bytesOut = useStore(store, (s) => s.bytesOut);
  const bytesIn = useStore(store, (s) => s.bytesIn);
  const filter = useStore(store, (s) => s.filter);
  const selected = useStore(store, (s) => s.selected);
  const compareAvailable = useStore(store, (s) => s.compareAvailable);
  const latency = useStore(store, (s) => s.latency);
  const latencyMs = useStore(store, (s) => s.latencyMs);
  const compare = useStore(store, (s) => s.compare);
  const actions = store.getState();

  useEffect(() => savePrefs(prefs), [prefs]);
  const resize = useResize(prefs, setPrefs);

  const shown = useMemo(() => filterRows(rows, filter), [rows, filter]);
  const selectedRow = selected === null ? undefined : rows.find((r) => r.key === selected);
  // `version` changes whenever the log may have: the lines are read again then.
  // biome-ignore lint/correctness/useExhaustiveDependencies: version stands for the log's contents
  const lines = useMemo(
    () => (selectedRow === undefined ? { lines: [], complete: true } : actions.linesFor(selectedRow)),
    [selectedRow, version, actions],
  );

  const toggle = () => setPrefs((p) => ({ ...p, open: !p.open }));
  const closeCompare = useCallback(() => {
    actions.closeCompare();
    compareButton.current?.focus();
  }, [actions]);
  const startCompare = () => {
    if (!prefs.open) setPrefs((p) => ({ ...p, open: true }));
    void actions.runCompare();
  };
  const running = compare.status === "pipelined" || compare.status === "serial";

  return (
    <section
      aria-label="Protocol"
      className={`protocol-panel${prefs.open ? " protocol-panel-open" : ""}`}
      style={prefs.open ? { height: prefs.height } : undefined}
    >
      {prefs.open ? (
        <div
          role="separator"
          aria-orientation="horizontal"
          aria-label="Resize Protocol panel"
          aria-valuenow={prefs.height}
          aria-valuemin={MIN_HEIGHT}
          aria-valuemax={maxHeight()}
          tabIndex={0}
          className="protocol-resize"
          {...resize}
        />
      ) : null}
      <div className="protocol-head">
        <button
          type="button"
          className="protocol-toggle"
          aria-expanded={prefs.open}
          aria-controls={bodyId}
          onClick={toggle}
        >
          <span className="protocol-chevron" aria-hidden="true">
            {prefs.open ? "▾" : "▸"}
          </span>
          Protocol
        </button>
        <span className="protocol-stats">
          <span className={inFlight > 0 ? "protocol-busy" : undefined}>{inFlight} in flight</span>
          <span>{formatBytes(bytesOut)} sent</span>
          <span>{formatBytes(bytesIn)} received</span>
        </span>
        {prefs.open ? (
          <span className="protocol-tools">
            <input
              type="search"
              className="protocol-filter"
              aria-label="Filter commands"
              placeholder="Filter commands"
              value={filter}
              onChange={(e) => actions.setFilter(e.target.value)}
            />
            <button type="button" className="protocol-button" onClick={() => actions.clear()}>
              Clear
            </button>
            {compareAvailable && latency !== null ? (
              <span className="protocol-latency">
                <label htmlFor={latencyId}>Latency</label>
                <input
                  id={latencyId}
                  type="range"
                  min={0}
                  max={latencyMax(latency)}
                  step={10}
                  value={latencyMs}
                  aria-valuetext={`${latencyMs} ms`}
                  disabled={running}
                  onChange={(e) => actions.setLatency(Number(e.target.value))}
                />
                <span className="protocol-muted">{latencyMs} ms</span>
              </span>
            ) : null}
            {compareAvailable ? (
              <button
                ref={compareButton}
                type="button"
                className="protocol-button protocol-button-accent"
                onClick={startCompare}
              >
                Compare: pipelined vs one at a time
              </button>
            ) : null}
          </span>
        ) : null}
      </div>
      {prefs.open ? (
        <div id={bodyId} className="protocol-body">
          {compare.open ? (
            <CompareView compare={compare} onClose={closeCompare} />
          ) : (
            <>
              <div className="protocol-main">
                {shown.length === 0 ? (
                  <p className="protocol-empty">
                    {rows.length === 0 ? "No commands yet." : "No command matches the filter."}
                  </p>
                ) : null}
                <CommandGrid rows={shown} now={now} selected={selected} onSelect={actions.select} />
              </div>
              {selectedRow !== undefined ? (
                <RowDetail
                  row={selectedRow}
                  lines={lines.lines}
                  complete={lines.complete}
                  onClose={() => actions.select(null)}
                />
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}
