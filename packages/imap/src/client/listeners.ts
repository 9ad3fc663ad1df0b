/**
 * Typed subscriptions to session events, one by one or a batch at a time. A batch is every event
 * that one received chunk (or one call) produced, in order: a FETCH of 200 rows that arrived in one
 * chunk is one batch, so a store can apply it as one update. A listener that throws does not stop
 * the others or the client: its error is re-raised asynchronously, as an unhandled rejection.
 */
import type { SessionEvent, SessionEventType } from "../session/events.js";

/** The event of one type. */
export type EventOf<T extends SessionEventType> = Extract<SessionEvent, { type: T }>;

export type Unsubscribe = () => void;

export class Listeners {
  readonly #byType = new Map<SessionEventType, Set<(event: SessionEvent) => void>>();
  readonly #any = new Set<(event: SessionEvent) => void>();
  readonly #batch = new Set<(events: readonly SessionEvent[]) => void>();

  on<T extends SessionEventType>(type: T, listener: (event: EventOf<T>) => void): Unsubscribe {
    let set = this.#byType.get(type);
    if (set === undefined) {
      set = new Set();
      this.#byType.set(type, set);
    }
    // Each entry is only ever called with events of its own type.
    const entry = listener as (event: SessionEvent) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  onAny(listener: (event: SessionEvent) => void): Unsubscribe {
    this.#any.add(listener);
    return () => this.#any.delete(listener);
  }

  onBatch(listener: (events: readonly SessionEvent[]) => void): Unsubscribe {
    this.#batch.add(listener);
    return () => this.#batch.delete(listener);
  }

  /** Whether anyone listens to batches (so the client collects them only then). */
  get wantsBatches(): boolean {
    return this.#batch.size > 0;
  }

  emitBatch(events: readonly SessionEvent[]): void {
    for (const listener of [...this.#batch]) call(listener, events);
  }

  emit(event: SessionEvent): void {
    const typed = this.#byType.get(event.type);
    if (typed !== undefined) for (const listener of [...typed]) call(listener, event);
    for (const listener of [...this.#any]) call(listener, event);
  }
}

function call<E>(listener: (event: E) => void, event: E): void {
  try {
    listener(event);
  } catch (error) {
    void Promise.reject(error);
  }
}
