import { memo } from "react";
import { percent } from "./format";
import type { RowStatus } from "./store";

export interface WaterfallBarProps {
  readonly sentAt: number;
  /** Null while in flight: the bar runs to `now`. */
  readonly doneAt: number | null;
  readonly now: number;
  /** The shared axis: time zero and its length in ms. */
  readonly start: number;
  readonly span: number;
  readonly status: RowStatus;
  readonly ticks: readonly number[];
}

/** One command's bar from sent to tagged completion, with a tick per (sampled) untagged response. */
export const WaterfallBar = memo(function WaterfallBar(props: WaterfallBarProps) {
  const { sentAt, doneAt, now, start, span, status, ticks } = props;
  const left = percent(sentAt, start, span);
  const right = percent(doneAt ?? Math.max(now, sentAt), start, span);
  return (
    <div className="protocol-bar-track" aria-hidden="true">
      <span
        className={`protocol-bar protocol-bar-${status.toLowerCase()}`}
        style={{ left: `${left}%`, width: `${Math.max(0, right - left)}%` }}
      />
      {ticks.map((at, i) => (
        // Ticks are positions only; their order never changes within a render.
        // biome-ignore lint/suspicious/noArrayIndexKey: ticks are plain numbers that may repeat
        <span key={i} className="protocol-tick" style={{ left: `${percent(at, start, span)}%` }} />
      ))}
    </div>
  );
});
