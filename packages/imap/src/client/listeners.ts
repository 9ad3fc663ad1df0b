/**
 * Typed subscriptions to session events. A listener that throws does not stop the others or the
 * client: its error is re-raised asynchronously, as an unhandled rejection.
 */
import type { SessionEvent, SessionEventType } from "../session/events.js";

/** The event of one type. */
export type EventOf<T extends SessionEventType> = Extract<SessionEvent, { type: T }>;

export type Unsubscribe = () => void;

export class Listeners {
  readonly #byType = new Map<SessionEventType, Set<(event: SessionEvent) => void>>();
  readonly #any = new Set<(event: SessionEvent) => void>();

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

  emit(event: SessionEvent): void {
    const typed = this.#byType.get(event.type);
    if (typed !== undefined) for (const listener of [...typed]) call(listener, event);
    for (const listener of [...this.#any]) call(listener, event);
  }
}

function call(listener: (event: SessionEvent) => void, event: SessionEvent): void {
  try {
    listener(event);
  } catch (error) {
    void Promise.reject(error);
  }
}
