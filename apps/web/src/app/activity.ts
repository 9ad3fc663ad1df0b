/** Commands in flight on the main connection, for the thin activity line under the header. */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { WireEvent } from "../lib/imap-client/types";

interface ActivityState {
  readonly inFlight: number;
}

export const activityStore = createStore<ActivityState>()(() => ({ inFlight: 0 }));

const pending = new Set<string>();

export function trackActivity(events: readonly WireEvent[]): void {
  const before = pending.size;
  for (const event of events) {
    if (event.kind === "sent") pending.add(event.tag);
    else if (event.kind === "completed") pending.delete(event.tag);
    else if (event.kind === "closed") pending.clear();
  }
  if (pending.size !== before || pending.size !== activityStore.getState().inFlight) {
    activityStore.setState({ inFlight: pending.size });
  }
}

export function resetActivity(): void {
  pending.clear();
  activityStore.setState({ inFlight: 0 });
}

export function useInFlight(): number {
  return useStore(activityStore, (s) => s.inFlight);
}
