/** Short numbers for the panel's dense columns. */

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Percent of `span` that `value - start` is, kept inside 0..100. */
export function percent(value: number, start: number, span: number): number {
  if (span <= 0) return 0;
  return Math.min(100, Math.max(0, ((value - start) / span) * 100));
}
