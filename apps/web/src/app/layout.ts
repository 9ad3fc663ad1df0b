/** Which pane a phone shows (one at a time); desktop shows all three. */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";

export type Pane = "folders" | "list" | "reader";

export const layoutStore = createStore<{ readonly pane: Pane }>()(() => ({ pane: "list" }));

export function showPane(pane: Pane): void {
  layoutStore.setState({ pane });
}

export function usePane(): Pane {
  return useStore(layoutStore, (s) => s.pane);
}
