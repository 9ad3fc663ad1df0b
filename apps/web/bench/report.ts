/** The summary table: one row a figure, its baseline from the same run, and the target's verdict. */

export interface Row {
  readonly section: string;
  readonly measure: string;
  readonly value: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
  /** null: no target, a figure for reference. */
  readonly met: boolean | null;
}

const HEADERS = ["section", "measure", "value", "baseline", "ratio", "target", "verdict"] as const;

export function verdict(met: boolean | null): string {
  return met === null ? "" : met ? "met" : "NOT MET";
}

/** Markdown table, so the output pastes into an issue as it is. */
export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [
    r.section,
    r.measure,
    r.value,
    r.baseline,
    r.ratio,
    r.target,
    verdict(r.met),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (values: readonly string[]) =>
    `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(HEADERS), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

export function printTable(rows: readonly Row[]): void {
  process.stdout.write(`${formatTable(rows)}\n`);
}
