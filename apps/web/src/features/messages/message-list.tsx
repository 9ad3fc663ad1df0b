import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useEffect, useRef } from "react";
import { MessageRow, ROW_HEIGHT } from "./message-row";
import { messagesStore, useMessagesStore } from "./store";
import "./messages.css";

export interface MessageListProps {
  /** Positions `first..last` are on screen: the wiring fetches what is near. */
  readonly onRange: (first: number, last: number) => void;
  /** The user opened the message with this UID. */
  readonly onOpen: (uid: number) => void;
}

/**
 * The whole folder as one virtualized grid: the scrollbar stands for every message from the first
 * frame, rows render as their FETCH lands. j/k or the arrow keys move and open, Enter opens.
 */
export function MessageList({ onRange, onOpen }: MessageListProps) {
  const view = useMessagesStore((s) => s.view);
  const status = useMessagesStore((s) => s.status);
  const problem = useMessagesStore((s) => s.problem);
  const selectedUid = useMessagesStore((s) => s.selectedUid);
  useMessagesStore((s) => s.version);
  const rows = messagesStore.getState().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const uids = view?.uids;
  const total = uids?.length ?? 0;

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (last >= 0) onRange(first, last);
  }, [first, last, onRange]);

  // Back to the top for another folder; the virtualizer's own offset avoids a forced layout.
  const path = view?.path;
  useEffect(() => {
    if (path !== undefined && (virtualizer.scrollOffset ?? 0) !== 0) virtualizer.scrollToOffset(0);
  }, [path, virtualizer]);

  const selectedIndex = selectedUid === null || uids === undefined ? -1 : uids.indexOf(selectedUid);

  const openIndex = (index: number) => {
    const uid = uids?.[index];
    if (uid === undefined) return;
    messagesStore.getState().select(uid);
    onOpen(uid);
  };

  const moveTo = (index: number) => {
    if (index < 0 || index >= total) return;
    virtualizer.scrollToIndex(index, { align: "auto" });
    openIndex(index);
    requestAnimationFrame(() => {
      scroller.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus({ preventScroll: true });
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const at = selectedIndex < 0 ? -1 : selectedIndex;
    switch (event.key) {
      case "j":
      case "ArrowDown":
        moveTo(at + 1);
        break;
      case "k":
      case "ArrowUp":
        moveTo(Math.max(0, at - 1));
        break;
      case "Home":
        moveTo(0);
        break;
      case "End":
        moveTo(total - 1);
        break;
      case "Enter":
      case "o":
        if (at >= 0) openIndex(at);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const focusIndex = selectedIndex >= first && selectedIndex <= last ? selectedIndex : first;

  return (
    <div className="messages-pane">
      {status === "failed" && (
        <p className="messages-state" role="alert">
          {problem}
        </p>
      )}
      {status === "ready" && total === 0 && <p className="messages-state">This folder is empty.</p>}
      <div
        ref={scroller}
        className="messages-scroller"
        role="grid"
        aria-label="Messages"
        aria-rowcount={total}
        aria-colcount={3}
        aria-busy={status === "opening"}
        tabIndex={items.length === 0 ? 0 : -1}
        onKeyDown={onKeyDown}
        onClick={(event) => {
          const row = (event.target as Element).closest("[data-index]");
          if (row !== null) openIndex(Number(row.getAttribute("data-index")));
        }}
      >
        <div
          role="rowgroup"
          className="messages-canvas"
          style={{ height: `${virtualizer.getTotalSize()}px` }}
        >
          {items.map((item) => {
            const uid = uids?.[item.index];
            return (
              <MessageRow
                key={item.key}
                index={item.index}
                total={total}
                top={item.start}
                row={uid === undefined ? undefined : rows.get(uid)}
                selected={uid !== undefined && uid === selectedUid}
                focusable={item.index === focusIndex}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
