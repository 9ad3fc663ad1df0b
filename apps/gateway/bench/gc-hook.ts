/**
 * Preloaded into the gateway child by the benchmark only (`node --expose-gc --import ./gc-hook.ts`):
 * on SIGUSR2, runs a full garbage collection and reports the process's memory on stderr as
 * `bench-gc {...}`, so idle-session memory is read at steady state rather than at whatever point the
 * collector happened to be. The gateway itself knows nothing of it.
 */
const collect = (globalThis as { gc?: () => void }).gc;

process.on("SIGUSR2", () => {
  collect?.();
  collect?.();
  const m = process.memoryUsage();
  const report = { gc: collect !== undefined, rss: m.rss, heapUsed: m.heapUsed, external: m.external };
  process.stderr.write(`bench-gc ${JSON.stringify(report)}\n`);
});

export {};
