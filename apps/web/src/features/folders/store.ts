/** The folder tree: what LIST and STATUS said, which folder is open, which parents are collapsed. */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { Folder } from "../../lib/imap-client/types";

export interface FoldersState {
  readonly folders: readonly Folder[];
  readonly status: "idle" | "loading" | "ready" | "failed";
  readonly problem: string | null;
  /** Path of the open folder. */
  readonly current: string | null;
  readonly collapsed: ReadonlySet<string>;
  loading(): void;
  loaded(folders: readonly Folder[]): void;
  failed(message: string): void;
  opened(path: string): void;
  toggle(path: string): void;
  counts(path: string, messages: number | null, unseen: number | null): void;
  reset(): void;
}

const initial = {
  folders: [],
  status: "idle",
  problem: null,
  current: null,
  collapsed: new Set<string>(),
} as const;

export function createFoldersStore() {
  return createStore<FoldersState>()((set) => ({
    ...initial,
    loading: () => set({ status: "loading", problem: null }),
    loaded: (folders) => set({ folders, status: "ready", problem: null }),
    failed: (problem) => set({ status: "failed", problem }),
    opened: (current) => set({ current }),
    toggle: (path) =>
      set((s) => {
        const collapsed = new Set(s.collapsed);
        if (!collapsed.delete(path)) collapsed.add(path);
        return { collapsed };
      }),
    counts: (path, messages, unseen) =>
      set((s) => ({ folders: s.folders.map((f) => (f.path === path ? { ...f, messages, unseen } : f)) })),
    reset: () => set({ ...initial, collapsed: new Set() }),
  }));
}

export const foldersStore = createFoldersStore();

export function useFoldersStore<T>(selector: (state: FoldersState) => T): T {
  return useStore(foldersStore, selector);
}

/** The folders shown: children of collapsed parents left out. */
export function visibleFolders(folders: readonly Folder[], collapsed: ReadonlySet<string>): Folder[] {
  const hidden = new Set<string>();
  return folders.filter((f) => {
    if (f.parent !== null && (hidden.has(f.parent) || collapsed.has(f.parent))) {
      hidden.add(f.path);
      return false;
    }
    return true;
  });
}
