/**
 * Time and cancellation as the core sees them. `lib: ["ES2022"]` has no DOM or Node types, so the
 * few members used of `setTimeout` and `AbortSignal` are declared structurally: the browser's and
 * Node's objects both fit.
 */

/** Timers; the global ones by default (`globalTimers`). Tests inject their own. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The part of the WHATWG `AbortSignal` the client uses. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { readonly once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** The host's `setTimeout`/`clearTimeout`. */
export function globalTimers(): Timers {
  const g = globalThis as unknown as {
    setTimeout: (callback: () => void, ms: number) => unknown;
    clearTimeout: (handle: unknown) => void;
  };
  return {
    setTimeout: (callback, ms) => g.setTimeout(callback, ms),
    clearTimeout: (handle) => g.clearTimeout(handle),
  };
}
