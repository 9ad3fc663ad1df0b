/**
 * Collects items handed on one by one and applies them once per turn: every row a received chunk
 * produced becomes one store update.
 */
export function batchPerTurn<T>(apply: (items: readonly T[]) => void): (item: T) => void {
  let pending: T[] = [];
  return (item) => {
    pending.push(item);
    if (pending.length > 1) return;
    queueMicrotask(() => {
      const items = pending;
      pending = [];
      apply(items);
    });
  };
}
