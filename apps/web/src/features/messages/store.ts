/**
 * The open folder's list: its order (every UID, newest first) and the rows fetched so far. Rows
 * landing in one received chunk are applied as one update (`rowsLanded`), and a `version` counter
 * lets the list re-render without copying the map.
 */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { FolderView, MessageSummary } from "../../lib/imap-client/types";

export interface MessagesState {
  readonly path: string | null;
  readonly view: FolderView | null;
  readonly status: "idle" | "opening" | "ready" | "failed";
  readonly problem: string | null;
  readonly rows: Map<number, MessageSummary>;
  readonly version: number;
  /** The message under the cursor (and in the reading pane). */
  readonly selectedUid: number | null;
  opening(path: string): void;
  opened(view: FolderView): void;
  failed(problem: string): void;
  rowsLanded(rows: readonly MessageSummary[]): void;
  flagsChanged(uid: number, flags: readonly string[]): void;
  select(uid: number | null): void;
  reset(): void;
}

export function createMessagesStore() {
  return createStore<MessagesState>()((set, get) => ({
    path: null,
    view: null,
    status: "idle",
    problem: null,
    rows: new Map(),
    version: 0,
    selectedUid: null,
    opening: (path) =>
      set((s) => ({
        path,
        view: null,
        status: "opening",
        problem: null,
        rows: new Map(),
        version: s.version + 1,
        selectedUid: null,
      })),
    opened: (view) => {
      if (view.path !== get().path) return;
      set((s) => ({ view, status: "ready", version: s.version + 1 }));
    },
    failed: (problem) => set({ status: "failed", problem }),
    rowsLanded: (rows) => {
      if (rows.length === 0) return;
      const map = get().rows;
      for (const row of rows) map.set(row.uid, row);
      set((s) => ({ version: s.version + 1 }));
    },
    flagsChanged: (uid, flags) => {
      const map = get().rows;
      const row = map.get(uid);
      if (row === undefined) return;
      map.set(uid, { ...row, flags });
      set((s) => ({ version: s.version + 1 }));
    },
    select: (selectedUid) => set({ selectedUid }),
    reset: () =>
      set((s) => ({
        path: null,
        view: null,
        status: "idle",
        problem: null,
        rows: new Map(),
        version: s.version + 1,
        selectedUid: null,
      })),
  }));
}

export const messagesStore = createMessagesStore();

export function useMessagesStore<T>(selector: (state: MessagesState) => T): T {
  return useStore(messagesStore, selector);
}
