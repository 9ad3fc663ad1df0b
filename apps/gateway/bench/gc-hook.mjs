/**
 * Preloaded into the Node relays by the benchmark only (`node --expose-gc --import ./gc-hook.mjs`):
 * on SIGUSR2, runs a full garbage collection and reports the process's memory on stderr as
 * `bench-gc {...}`, so idle-session memory is read at steady state rather than at whatever point the
 * collector happened to be. The gateway itself knows nothing of it. Plain JavaScript, so the relays
 * run without a TypeScript loader, as they would in production.
 *
 * The report must work when the relay has used every descriptor it may open (the hold measurement
 * takes it there): `process.memoryUsage()` opens /proc/self/stat on every call and would fail with
 * EMFILE, so RSS is read from a /proc/self/status descriptor opened now and re-read in place.
 */
import { openSync, readSync } from "node:fs";
import { getHeapStatistics } from "node:v8";

const collect = globalThis.gc;
const status = openSync("/proc/self/status", "r");
const buffer = Buffer.alloc(4096);

/** Resident set size in bytes, from the `VmRSS` line of /proc/self/status. */
function residentBytes() {
  const text = buffer.toString("latin1", 0, readSync(status, buffer, 0, buffer.length, 0));
  const match = /^VmRSS:\s+(\d+) kB/m.exec(text);
  return match === null ? 0 : Number(match[1]) * 1024;
}

process.on("SIGUSR2", () => {
  collect?.();
  collect?.();
  const heap = getHeapStatistics();
  const report = {
    gc: collect !== undefined,
    rss: residentBytes(),
    heapUsed: heap.used_heap_size,
    external: heap.external_memory,
  };
  process.stderr.write(`bench-gc ${JSON.stringify(report)}\n`);
});
