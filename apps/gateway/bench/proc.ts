/**
 * Process figures from /proc (Linux): resident memory, proportional memory (shared pages split
 * between the processes that map them), descendants, open-file limit. RSS of a forking server is
 * the sum over its process tree; that counts shared pages once per process, so PSS is reported
 * beside it.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

function read(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

function kibField(text: string | null, field: string): number {
  const match = text?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
}

/** Resident set size of `pid` in bytes (0 once the process is gone). */
export function rssOf(pid: number): number {
  return kibField(read(`/proc/${pid}/status`), "VmRSS");
}

/** Proportional set size of `pid` in bytes (0 when unreadable). */
export function pssOf(pid: number): number {
  return kibField(read(`/proc/${pid}/smaps_rollup`), "Pss");
}

/** Every live descendant of `pid` (children, grandchildren...). */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (stat === null) continue;
    // Field 4 (ppid) follows the command name, which is in parentheses and may hold spaces.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

let ticksPerSecond: number | null = null;

/** Kernel clock ticks per second (`getconf CLK_TCK`, 100 on Linux). */
function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU seconds `pid` has used so far (0 once it is gone). */
export function cpuSecondsOf(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === null) return 0;
  // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

/** CPU seconds used so far by `pid` and its live descendants. */
export function treeCpuSeconds(pid: number): number {
  let total = cpuSecondsOf(pid);
  for (const child of descendantsOf(pid)) total += cpuSecondsOf(child);
  return total;
}

/** Memory of a process tree: RSS summed, PSS summed, and how many processes. */
export interface TreeMemory {
  rss: number;
  pss: number;
  processes: number;
}

/** Sums memory over `pid` and its descendants. */
export function treeMemory(pid: number): TreeMemory {
  const pids = [pid, ...descendantsOf(pid)];
  let rss = 0;
  let pss = 0;
  for (const p of pids) {
    rss += rssOf(p);
    pss += pssOf(p);
  }
  return { rss, pss, processes: pids.length };
}

/** Open-file limits of `pid` (Infinity when unlimited or unknown). */
export function fileLimits(pid: number | "self" = "self"): { soft: number; hard: number } {
  const match = read(`/proc/${pid}/limits`)?.match(/^Max open files\s+(\S+)\s+(\S+)/m);
  const parse = (value: string | undefined) =>
    value === undefined || value === "unlimited" ? Number.POSITIVE_INFINITY : Number(value);
  return { soft: parse(match?.[1]), hard: parse(match?.[2]) };
}

/** The soft limit on open files of `pid`. */
export function openFileLimit(pid: number | "self" = "self"): number {
  return fileLimits(pid).soft;
}

/** Descriptors `pid` has open now. */
export function openFiles(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

/** The 1-minute load average, to judge how quiet the machine was. */
export function loadAverage(): number {
  return Number(read("/proc/loadavg")?.split(" ")[0] ?? Number.NaN);
}
