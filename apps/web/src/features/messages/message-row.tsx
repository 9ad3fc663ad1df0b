import { memo } from "react";
import { shortDate } from "../../lib/format/dates";
import type { MessageSummary } from "../../lib/imap-client/types";

export const ROW_HEIGHT = 56;

function senderOf(row: MessageSummary): string {
  const from = row.from[0];
  if (from === undefined) return "(no sender)";
  return from.name || from.email || "(no sender)";
}

export interface MessageRowProps {
  readonly row: MessageSummary | undefined;
  readonly index: number;
  readonly total: number;
  readonly top: number;
  readonly selected: boolean;
  readonly focusable: boolean;
}

/** Characters of preview a row lays out: more than the widest pane shows, far fewer than 256. */
const PREVIEW_CHARS = 160;

/** One row of the grid: a quiet placeholder of the same height until its FETCH has landed. */
export const MessageRow = memo(function MessageRow({
  row,
  index,
  top,
  selected,
  focusable,
}: MessageRowProps) {
  const style = { transform: `translateY(${top}px)` };
  if (row === undefined) {
    return (
      <div
        role="row"
        aria-rowindex={index + 1}
        aria-busy="true"
        className="messages-row messages-placeholder"
        style={style}
      >
        <div role="gridcell" className="messages-ph-line messages-ph-sender" />
        <div role="gridcell" className="messages-ph-line messages-ph-subject" />
      </div>
    );
  }
  const unread = !row.flags.includes("\\Seen");
  const flagged = row.flags.includes("\\Flagged");
  const answered = row.flags.includes("\\Answered");
  return (
    // A click opens the row: the grid handles it (and the keys j/k, arrows, Enter) for every row.
    <div
      role="row"
      id={`message-${row.uid}`}
      aria-rowindex={index + 1}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      data-index={index}
      data-unread={unread || undefined}
      className="messages-row"
      style={style}
    >
      <span className="messages-dot" aria-hidden="true" />
      <div role="gridcell" className="messages-sender" title={row.from[0]?.email}>
        {senderOf(row)}
        {unread && <span className="visually-hidden"> (unread)</span>}
      </div>
      <div role="gridcell" className="messages-subject">
        <span className="messages-subject-text">{row.subject || "(no subject)"}</span>
        {row.preview !== null && row.preview !== "" && (
          <span className="messages-preview"> — {row.preview.slice(0, PREVIEW_CHARS)}</span>
        )}
      </div>
      <div role="gridcell" className="messages-meta">
        {answered && <Icon name="answered" label="Answered" />}
        {row.hasAttachment && <Icon name="attachment" label="Has attachment" />}
        {flagged && <Icon name="flag" label="Flagged" />}
        <time dateTime={new Date(row.date).toISOString()}>{shortDate(row.date)}</time>
      </div>
    </div>
  );
});

const ICONS = {
  attachment: "M10.5 5.5 6 10a1.4 1.4 0 0 0 2 2l5-5a2.8 2.8 0 0 0-4-4L4 8a4.2 4.2 0 0 0 6 6l3.5-3.5",
  flag: "M4 14V2.5M4 3h8l-1.5 3L12 9H4",
  answered: "M6.5 4 3 7.5 6.5 11M3 7.5h6a4 4 0 0 1 4 4V13",
} as const;

function Icon({ name, label }: { readonly name: keyof typeof ICONS; readonly label: string }) {
  return (
    <svg
      className={`messages-icon messages-icon-${name}`}
      width="14"
      height="14"
      viewBox="0 0 16 16"
      role="img"
      aria-label={label}
    >
      <path
        d={ICONS[name]}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
