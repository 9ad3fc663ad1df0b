/** The benchmark's output: one JSON object per line on stdout; progress notes go to stderr. */

/** Rounds to `digits` decimals (JSON stays short and readable). */
export function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}

/** Writes one measurement (or the summary) as a JSON line on stdout. */
export function emit(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Writes a human note on stderr, so stdout stays machine-readable. */
export function note(text: string): void {
  process.stderr.write(`# ${text}\n`);
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The `p`th percentile (nearest rank) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("percentile of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** A measurement whose numbers cannot be trusted (bytes lost or corrupted in a throughput run...). */
export class InvalidMeasurement extends Error {
  override name = "InvalidMeasurement";
}
