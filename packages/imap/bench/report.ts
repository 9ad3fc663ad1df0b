/** The benchmark's output: one JSON object per line on stdout (progress notes go to stderr). */
import type { Timing } from "./measure.js";

/** One implementation's figures on one case. MB are 10^6 bytes. */
export interface CaseLine {
  readonly case: string;
  readonly impl: string;
  readonly mb_per_s: number;
  readonly responses_per_s: number;
  readonly median_ms: number;
  readonly runs: number;
  readonly min_ms: number;
  readonly max_ms: number;
  /** Median process CPU time: steadier than wall time when other processes compete for the CPU. */
  readonly cpu_median_ms: number;
  readonly bytes: number;
  readonly responses: number;
}

/** Whether one target of the issue is met, from the medians of one run of the benchmark. */
export interface TargetLine {
  readonly summary: string;
  readonly target: string;
  readonly ratio: number;
  readonly threshold: number;
  readonly met: boolean;
  readonly [extra: string]: unknown;
}

/** What one case reports: a line per contender and a line per target. */
export interface CaseOutcome {
  readonly lines: CaseLine[];
  readonly targets: TargetLine[];
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

export function caseLine(name: string, timing: Timing, bytes: number, responses: number): CaseLine {
  const seconds = timing.medianMs / 1000;
  return {
    case: name,
    impl: timing.impl,
    mb_per_s: round(bytes / 1e6 / seconds, 1),
    responses_per_s: Math.round(responses / seconds),
    median_ms: round(timing.medianMs, 3),
    runs: timing.samples.length,
    min_ms: round(timing.minMs, 3),
    max_ms: round(timing.maxMs, 3),
    cpu_median_ms: round(timing.cpuMedianMs, 3),
    bytes,
    responses,
  };
}

export function ratioOf(value: number, digits = 2): number {
  return round(value, digits);
}

export function emit(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}
