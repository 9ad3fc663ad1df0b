/**
 * Timing: warm-up rounds, then timed rounds whose median is reported. The implementations of a
 * case run interleaved (round-robin, order rotated each round), so drift in machine load, heap
 * growth or CPU frequency hits all of them alike instead of whichever ran last. The heap is
 * collected before each timed run when the engine allows it, so no run pays for another's garbage.
 * Besides wall time (`process.hrtime.bigint()`, what the targets use) each run's process CPU time
 * is recorded: on a machine shared with other work it leaves out the time spent descheduled.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as (() => void) | undefined;

/** One implementation of a case: `run` does the work once, `check` throws if its output is wrong. */
export interface Contender<T> {
  readonly impl: string;
  readonly run: () => T | Promise<T>;
  readonly check: (result: T) => void;
}

export interface Timing {
  readonly impl: string;
  /** Wall-clock milliseconds of each timed run, in run order. */
  readonly samples: readonly number[];
  readonly medianMs: number;
  /** Median process CPU time (user + system, all threads) of the timed runs, in milliseconds. */
  readonly cpuMedianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export interface Rounds {
  readonly warmup: number;
  readonly runs: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const hi = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? Number.NaN) + hi) / 2;
}

/**
 * Runs every contender `warmup + runs` times, interleaved, checking each result (warm-up runs
 * included) and timing each run with `process.hrtime.bigint()`.
 */
// biome-ignore lint/suspicious/noExplicitAny: contenders of one case return different result types
export async function measure(contenders: ReadonlyArray<Contender<any>>, rounds: Rounds): Promise<Timing[]> {
  const samples = contenders.map((): number[] => []);
  const cpuSamples = contenders.map((): number[] => []);
  for (let round = 0; round < rounds.warmup + rounds.runs; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const index = (k + round) % contenders.length;
      const contender = contenders[index];
      if (contender === undefined) continue;
      collect?.();
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      const result = await contender.run();
      const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
      const cpu = process.cpuUsage(cpuStart);
      contender.check(result);
      if (round >= rounds.warmup) {
        samples[index]?.push(elapsed);
        cpuSamples[index]?.push((cpu.user + cpu.system) / 1000);
      }
    }
  }
  return contenders.map((c, i) => {
    const s = samples[i] ?? [];
    return {
      impl: c.impl,
      samples: s,
      medianMs: median(s),
      cpuMedianMs: median(cpuSamples[i] ?? []),
      minMs: Math.min(...s),
      maxMs: Math.max(...s),
    };
  });
}
