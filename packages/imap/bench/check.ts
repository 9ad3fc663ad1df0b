/** Output checks: every benchmark run's result is compared with known values before it counts. */

/** A result that differs from the known value: the benchmark exits non-zero. */
export class MismatchError extends Error {
  override readonly name = "MismatchError";
}

/**
 * Throws a `MismatchError` naming every field of `actual` that differs from `expected` (fields
 * of `expected` that `actual` lacks are not compared: not every implementation reports all).
 */
export function expectCounts(
  what: string,
  actual: Readonly<Record<string, number>>,
  expected: Readonly<Record<string, number>>,
): void {
  const diffs: string[] = [];
  for (const [key, value] of Object.entries(actual)) {
    const want = expected[key];
    if (want === undefined) diffs.push(`${key}: no expected value`);
    else if (value !== want) diffs.push(`${key}: got ${value}, expected ${want}`);
  }
  if (diffs.length > 0) throw new MismatchError(`${what}: ${diffs.join("; ")}`);
}

export function expectTrue(what: string, condition: boolean): void {
  if (!condition) throw new MismatchError(what);
}
