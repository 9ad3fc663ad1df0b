/**
 * The command list: an ARIA grid, one row per tagged command, windowed (fixed row height, only the
 * rows in view are in the DOM). It keeps to the newest row while scrolled to the bottom, like a log.
 * Keyboard: the grid takes focus; arrows, Home and End move the active row, Enter shows its raw lines.
 */
import { type KeyboardEvent, type MouseEvent, memo, useId, useLayoutEffect, useRef, useState } from "react";
import { formatBytes, formatMs } from "./format";
import type { ProtocolRow } from "./store";
import { WaterfallBar } from "./waterfall-bar";

export const ROW_HEIGHT = 22;
const HEAD_HEIGHT = 24;
/** Rows drawn beyond the viewport on each side, and the viewport assumed before layout. */
const OVERSCAN = 8;
const UNMEASURED_ROWS = 40;

export interface CommandGridProps {
  readonly rows: readonly ProtocolRow[];
  readonly now: number | null;
  readonly selected: string | null;
  onSelect(key: string | null): void;
}

function commandText(row: ProtocolRow): string {
  return row.command.startsWith(`${row.tag} `) ? row.command.slice(row.tag.length + 1) : row.command;
}

interface RowProps {
  readonly row: ProtocolRow;
  readonly index: number;
  readonly id: string;
  readonly selected: boolean;
  readonly active: boolean;
  readonly now: number;
  readonly start: number;
  readonly span: number;
}

const CommandRow = memo(function CommandRow({
  row,
  index,
  id,
  selected,
  active,
  now,
  start,
  span,
}: RowProps) {
  const duration = row.doneAt === null ? null : row.doneAt - row.sentAt;
  return (
    <div
      role="row"
      id={id}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`protocol-row${active ? " protocol-row-active" : ""}`}
      style={{ top: index * ROW_HEIGHT }}
      data-row-key={row.key}
      data-sent-at={row.sentAt}
      data-done-at={row.doneAt ?? undefined}
      data-status={row.status}
    >
      <span role="gridcell" className="protocol-cell protocol-cell-tag">
        {row.tag}
      </span>
      <span role="gridcell" className="protocol-cell protocol-cell-command" title={row.command}>
        {commandText(row)}
      </span>
      <span
        role="gridcell"
        className={`protocol-cell protocol-status protocol-status-${row.status.toLowerCase()}`}
      >
        {row.status === "pending" ? "…" : row.status}
      </span>
      <span
        role="gridcell"
        className="protocol-cell protocol-cell-num"
        title={`${row.bytesOut} bytes sent, ${row.bytesIn} bytes received`}
      >
        {formatBytes(row.bytesOut)} / {formatBytes(row.bytesIn)}
      </span>
      <span role="gridcell" className="protocol-cell protocol-cell-num">
        {duration === null ? "" : formatMs(duration)}
      </span>
      <span
        role="gridcell"
        className="protocol-cell protocol-cell-waterfall"
        title={row.untagged > 0 ? `${row.untagged} untagged responses` : undefined}
      >
        <WaterfallBar
          sentAt={row.sentAt}
          doneAt={row.doneAt}
          now={now}
          start={start}
          span={span}
          status={row.status}
          ticks={row.ticks}
        />
      </span>
    </div>
  );
});

export function CommandGrid({ rows, now, selected, onSelect }: CommandGridProps) {
  const base = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [view, setView] = useState({ top: 0, height: 0 });
  const [active, setActive] = useState<string | null>(null);

  const start = rows[0]?.sentAt ?? 0;
  const end = Math.max(now ?? start, rows.at(-1)?.sentAt ?? start);
  const span = Math.max(1, end - start);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el !== null && atBottom.current && rows.length > 0) el.scrollTop = el.scrollHeight;
  }, [rows]);

  const viewportRows = view.height > 0 ? Math.ceil(view.height / ROW_HEIGHT) : UNMEASURED_ROWS;
  const first = Math.max(0, Math.floor(Math.max(0, view.top - HEAD_HEIGHT) / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, first + viewportRows + 2 * OVERSCAN);
  const activeIndex = active === null ? -1 : rows.findIndex((r) => r.key === active);
  const rowId = (key: string) => `${base}-row-${key}`;

  const onScroll = () => {
    const el = scroller.current;
    if (el === null) return;
    atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
    setView({ top: el.scrollTop, height: el.clientHeight });
  };

  const moveTo = (index: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (row === undefined) return;
    setActive(row.key);
    const el = scroller.current;
    if (el === null) return;
    const i = rows.indexOf(row);
    const top = i * ROW_HEIGHT;
    const viewport = el.clientHeight - HEAD_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (viewport > 0 && top + ROW_HEIGHT > el.scrollTop + viewport)
      el.scrollTop = top + ROW_HEIGHT - viewport;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const from = activeIndex === -1 ? rows.length : activeIndex;
    const page = Math.max(1, viewportRows - 1);
    const moves: Record<string, number> = {
      ArrowDown: activeIndex === -1 ? rows.length - 1 : from + 1,
      ArrowUp: from - 1,
      PageDown: from + page,
      PageUp: from - page,
      Home: 0,
      End: rows.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if ((event.key === "Enter" || event.key === " ") && activeIndex !== -1) {
      event.preventDefault();
      const key = rows[activeIndex]?.key ?? null;
      onSelect(key === selected ? null : key);
    }
  };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const rowEl = (event.target as HTMLElement).closest<HTMLElement>("[data-row-key]");
    const key = rowEl?.dataset.rowKey;
    if (key === undefined) return;
    setActive(key);
    onSelect(key === selected ? null : key);
  };

  return (
    <div
      ref={scroller}
      role="grid"
      aria-label="Commands"
      aria-rowcount={rows.length + 1}
      aria-activedescendant={
        activeIndex >= first && activeIndex < last && active !== null ? rowId(active) : undefined
      }
      tabIndex={0}
      className="protocol-grid"
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      onClick={onClick}
    >
      <div role="row" aria-rowindex={1} className="protocol-row protocol-row-head">
        <span role="columnheader" className="protocol-cell">
          Tag
        </span>
        <span role="columnheader" className="protocol-cell">
          Command
        </span>
        <span role="columnheader" className="protocol-cell">
          Status
        </span>
        <span role="columnheader" className="protocol-cell protocol-cell-num">
          Sent / received
        </span>
        <span role="columnheader" className="protocol-cell protocol-cell-num">
          Time
        </span>
        <span role="columnheader" className="protocol-cell protocol-cell-waterfall">
          Waterfall{rows.length > 0 ? ` (${formatMs(span)})` : ""}
        </span>
      </div>
      <div className="protocol-grid-body" style={{ height: rows.length * ROW_HEIGHT }}>
        {rows.slice(first, last).map((row, i) => (
          <CommandRow
            key={row.key}
            row={row}
            index={first + i}
            id={rowId(row.key)}
            selected={row.key === selected}
            active={row.key === active}
            now={now ?? row.sentAt}
            start={start}
            span={span}
          />
        ))}
      </div>
    </div>
  );
}
