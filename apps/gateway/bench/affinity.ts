/**
 * CPU affinity of the benchmark's processes (Linux, `taskset` from util-linux). The round-trip
 * measurement runs twice: as the scheduler places the processes, and with the client, the upstream
 * server and every relay on one CPU. On a small virtual machine the first is dominated by where the
 * kernel happens to wake each process (direct TCP itself swings from ~25 to ~100 µs between runs);
 * on one CPU every hop is a plain context switch, so the figure is what each relay's own work costs
 * and moves by a few microseconds between runs, not tens.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { findExecutable } from "./children.js";
import { descendantsOf } from "./proc.js";

/** The CPUs `pid` may run on, as the kernel lists them (`0-1`, `0,2`...); null when unreadable. */
export function allowedCpus(pid: number | "self" = "self"): string | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return status.match(/^Cpus_allowed_list:\s*(\S+)$/m)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** How many CPUs a kernel list such as `0-3,6` names. */
export function countCpus(list: string): number {
  let count = 0;
  for (const part of list.split(",")) {
    const [from, to] = part.split("-").map(Number);
    if (from === undefined || Number.isNaN(from)) continue;
    count += to === undefined ? 1 : to - from + 1;
  }
  return count;
}

/** Sets the affinity of every thread of `pid` and of its live descendants to `cpus`. */
function setAffinity(taskset: string, pid: number, cpus: string): void {
  for (const target of [pid, ...descendantsOf(pid)]) {
    try {
      execFileSync(taskset, ["--all-tasks", "--cpu-list", "--pid", cpus, String(target)], {
        stdio: "ignore",
      });
    } catch {
      // A descendant may have exited between listing and pinning; it no longer matters.
    }
  }
}

/**
 * Runs `work` with `pids` (and their descendants, including processes they fork meanwhile, which
 * inherit the affinity) on the first CPU this process may use, then restores each process's former
 * affinity. Returns null, without running `work`, when this cannot be arranged: no `taskset`, or
 * only one CPU to begin with (then the other measurement already is the one-CPU one).
 */
export async function onOneCpu<T>(pids: readonly number[], work: () => Promise<T>): Promise<T | null> {
  const taskset = findExecutable("taskset");
  const own = allowedCpus();
  if (taskset === null || own === null || countCpus(own) < 2) return null;
  const cpu = own.split(/[,-]/)[0] as string;
  const before = pids.map((pid) => [pid, allowedCpus(pid) ?? own] as const);
  for (const [pid] of before) setAffinity(taskset, pid, cpu);
  try {
    return await work();
  } finally {
    for (const [pid, cpus] of before) setAffinity(taskset, pid, cpus);
  }
}
