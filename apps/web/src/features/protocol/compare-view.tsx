import { type KeyboardEvent, useEffect, useRef } from "react";
import { formatDuration } from "./round-trips";
import type { CompareRun, CompareState } from "./store";
import { WaterfallBar } from "./waterfall-bar";

/** Rows drawn per run; a folder open is a few dozen commands. */
const MAX_LANE_ROWS = 200;

export interface CompareViewProps {
  readonly compare: CompareState;
  onClose(): void;
}

function runEnd(run: CompareRun | null): number {
  if (run === null) return 0;
  let end = 0;
  for (const row of run.rows) end = Math.max(end, (row.doneAt ?? row.sentAt) - run.start);
  return end;
}

function Lane({
  label,
  run,
  span,
  pending,
}: {
  label: string;
  run: CompareRun | null;
  span: number;
  pending: boolean;
}) {
  const summary =
    run === null
      ? pending
        ? "running…"
        : "not run"
      : `${formatDuration(run.durationMs)}, ${run.roundTrips} round trip${run.roundTrips === 1 ? "" : "s"}`;
  const rows = run?.rows.slice(0, MAX_LANE_ROWS) ?? [];
  return (
    <div className="protocol-lane">
      <div className="protocol-lane-head">
        <span className="protocol-lane-label">{label}</span>
        <span className="protocol-muted">{summary}</span>
      </div>
      {run !== null ? (
        <div role="table" aria-label={`${label}: ${summary}`} className="protocol-lane-rows">
          {rows.map((row) => (
            <div
              role="row"
              key={row.key}
              className="protocol-lane-row"
              data-sent-at={row.sentAt}
              data-done-at={row.doneAt ?? undefined}
            >
              <span role="cell" className="protocol-cell protocol-cell-tag">
                {row.tag}
              </span>
              <span role="cell" className="protocol-cell protocol-cell-command" title={row.command}>
                {row.name}
              </span>
              <span role="cell" className="protocol-cell protocol-cell-waterfall">
                <WaterfallBar
                  sentAt={row.sentAt - run.start}
                  doneAt={row.doneAt === null ? null : row.doneAt - run.start}
                  now={span}
                  start={0}
                  span={span}
                  status={row.status}
                  ticks={row.ticks.map((t) => t - run.start)}
                />
              </span>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** Both runs of the same folder open, one above the other on one time scale, and the result in a sentence. */
export function CompareView({ compare, onClose }: CompareViewProps) {
  const self = useRef<HTMLElement>(null);
  useEffect(() => {
    self.current?.focus();
  }, []);
  const span = Math.max(1, runEnd(compare.pipelined), runEnd(compare.serial));
  const running = compare.status === "pipelined" || compare.status === "serial";
  const progress =
    compare.status === "pipelined"
      ? "Running the folder open pipelined…"
      : compare.status === "serial"
        ? "Running the folder open one command at a time…"
        : compare.sentence;
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      onClose();
    }
  };
  return (
    <section
      ref={self}
      tabIndex={-1}
      className="protocol-compare"
      aria-label="Pipelined vs one at a time"
      onKeyDown={onKeyDown}
    >
      <div className="protocol-compare-head">
        <p className="protocol-compare-result" aria-live="polite">
          {progress}
        </p>
        <button type="button" className="protocol-button" onClick={onClose}>
          Close comparison
        </button>
      </div>
      {compare.error !== null ? (
        <p role="alert" className="protocol-error">
          {compare.error}
        </p>
      ) : null}
      <div className="protocol-axis" aria-hidden="true">
        <span>0</span>
        <span>{formatDuration(span)}</span>
      </div>
      <Lane label="Pipelined" run={compare.pipelined} span={span} pending={running} />
      <Lane label="One at a time" run={compare.serial} span={span} pending={running} />
    </section>
  );
}
