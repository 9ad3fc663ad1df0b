/**
 * The @tagwire/imap benchmark (`pnpm --filter @tagwire/imap bench`): list view, bodies and SEARCH,
 * each implementation fed the same bytes pre-cut into 16 KiB chunks in this one process. Prints
 * one JSON line per case and implementation, one per target, and a final summary line. Targets
 * are reported, not enforced; the exit code is 1 only when an output differs from the known
 * values (or a case fails to run), so a faster-but-wrong decoder cannot pass.
 *
 * Options: `--only list-view,bodies,search`, `--runs N`, `--warmup N` (defaults per case below).
 */
import { parseArgs } from "node:util";
import { runBodies } from "./cases/bodies.js";
import { runListView } from "./cases/list-view.js";
import { runSearch } from "./cases/search.js";
import { MismatchError } from "./check.js";
import type { Rounds } from "./measure.js";
import { type CaseOutcome, emit, note, type TargetLine } from "./report.js";

interface BenchCase {
  readonly name: string;
  readonly rounds: Rounds;
  readonly run: (rounds: Rounds) => Promise<CaseOutcome>;
}

const CASES: readonly BenchCase[] = [
  { name: "list-view", rounds: { warmup: 5, runs: 15 }, run: runListView },
  { name: "bodies", rounds: { warmup: 5, runs: 15 }, run: runBodies },
  { name: "search", rounds: { warmup: 5, runs: 21 }, run: runSearch },
];

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || (name === "runs" && n === 0))
    throw new Error(`--${name} wants an integer`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    // pnpm passes a literal "--" through to the script.
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
    options: { only: { type: "string" }, runs: { type: "string" }, warmup: { type: "string" } },
  });
  const only = values.only?.split(",").map((s) => s.trim());
  const unknown = only?.filter((name) => !CASES.some((c) => c.name === name)) ?? [];
  if (unknown.length > 0)
    throw new Error(`unknown case ${unknown.join(", ")}; cases: ${CASES.map((c) => c.name)}`);
  const runs = positive(values.runs, "runs");
  const warmup = positive(values.warmup, "warmup");

  const started = process.hrtime.bigint();
  const targets: TargetLine[] = [];
  const mismatches: string[] = [];
  for (const bench of CASES) {
    if (only && !only.includes(bench.name)) continue;
    const rounds = { warmup: warmup ?? bench.rounds.warmup, runs: runs ?? bench.rounds.runs };
    try {
      const outcome = await bench.run(rounds);
      for (const line of outcome.lines) emit(line);
      for (const target of outcome.targets) emit(target);
      targets.push(...outcome.targets);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      mismatches.push(message);
      emit({
        case: bench.name,
        error: err instanceof MismatchError ? "output mismatch" : "failed",
        detail: message,
      });
      if (!(err instanceof MismatchError) && err instanceof Error && err.stack) note(err.stack);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  emit({
    summary: "all",
    targets_met: targets.filter((t) => t.met).length,
    targets: targets.length,
    outputs_match: mismatches.length === 0,
    node: process.version,
    seconds: Number(seconds.toFixed(1)),
  });
  return mismatches.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    note(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
