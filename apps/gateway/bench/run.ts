/**
 * The gateway benchmark (`pnpm --filter @tagwire/gateway bench`): our gateway vs websockify vs socat
 * (TCP to TCP) vs direct TCP, one client, loopback, 64 KiB writes. See README.md for each
 * measurement. Prints one JSON line per measurement and a final summary line with the targets.
 * Targets are reported, not enforced; the exit code is 1 only when a measurement is invalid (bytes
 * lost or corrupted in a throughput run, a relay that cannot start...), 0 otherwise.
 *
 * Options: `--mib N` (bytes per throughput run), `--runs N` (throughput runs per contender and
 * direction; the median is reported), `--rounds N` (ping-pongs), `--sessions N` (idle sessions for
 * the memory figure), `--hold N` (idle sessions our gateway must hold).
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { closeFlush } from "./close-flush.js";
import type { Contender, GatewayContender } from "./contenders.js";
import { direct, sleep, startGateway, startSocat, startWebsockify } from "./contenders.js";
import { type RoundTrip, roundTrips } from "./latency.js";
import { fileLimits, loadAverage, openFileLimit, openFiles } from "./proc.js";
import { emit, InvalidMeasurement, median, note, round } from "./report.js";
import { closeAll, openIdleSessions } from "./sessions.js";
import { downstreamRun, type Run, upstreamRun } from "./throughput.js";
import { UpstreamProcess } from "./upstream-process.js";

const MIB = 1024 * 1024;
const KIB = 1024;
const FLUSH_BYTES = 4 * MIB;
const WARMUP_ROUNDS = 500;
/** The last idle sessions of the hold are opened one at a time. */
const TAIL = 200;
/** Descriptors wanted in each process: 10,000 sessions take ~10,000 here and ~20,000 in the gateway. */
const WANTED_FILES = 65_536;
const REEXEC_MARK = "TAGWIRE_BENCH_FILE_LIMIT";

interface Options {
  mib: number;
  runs: number;
  rounds: number;
  sessions: number;
  hold: number;
}

interface Target {
  target: string;
  value: number | boolean | null;
  threshold: string;
  met: boolean | null;
  note?: string;
}

function readOptions(): Options {
  const { values } = parseArgs({
    // pnpm passes a literal "--" through to the script.
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
    options: {
      mib: { type: "string", default: "256" },
      runs: { type: "string", default: "3" },
      rounds: { type: "string", default: "5000" },
      sessions: { type: "string", default: "1000" },
      hold: { type: "string", default: "10000" },
    },
  });
  const int = (name: keyof typeof values) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} wants a positive integer`);
    return n;
  };
  return {
    mib: int("mib"),
    runs: int("runs"),
    rounds: int("rounds"),
    sessions: int("sessions"),
    hold: int("hold"),
  };
}

/**
 * When this process's soft open-file limit is low (often 1,024) but may be raised, the benchmark
 * runs itself again under `ulimit -n` (children inherit the new limit). Returns null when not needed.
 */
function reexecWithMoreFiles(): Promise<number> | null {
  const { soft, hard } = fileLimits();
  if (soft >= Math.min(WANTED_FILES, hard) || process.env[REEXEC_MARK] !== undefined) return null;
  const want = Math.min(WANTED_FILES, hard);
  const script = `ulimit -n ${want} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`;
  const argv = [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const child = spawn("/bin/sh", ["-c", script, ...argv], {
    stdio: "inherit",
    env: { ...process.env, [REEXEC_MARK]: "1" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
}

async function main(): Promise<number> {
  const options = readOptions();
  const started = performance.now();
  const invalid: string[] = [];
  const upstream = await UpstreamProcess.start();
  const running: Contender[] = [];
  const stopAll = async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
  };
  try {
    const gateway = await startGateway(upstream.port);
    running.push(gateway);
    note(
      `upstream server on 127.0.0.1:${upstream.port}, gateway on 127.0.0.1:${gateway.port}; open-file limits: ` +
        `client ${openFileLimit()}, gateway ${openFileLimit(gateway.pid)}, upstream ${openFileLimit(upstream.pid)}; ` +
        `load average ${loadAverage()}`,
    );
    const websockify = await startWebsockify(upstream.port);
    if (websockify === null)
      note("websockify is not installed (Debian package `websockify`): its figures are skipped");
    else running.push(websockify);
    const socat = await startSocat(upstream.port);
    if (socat === null) note("socat is not installed (Debian package `socat`): its figures are skipped");
    else running.push(socat);
    const contenders = [gateway, websockify, socat, direct(upstream.port)].filter(
      (c): c is Contender => c !== null,
    );

    const throughput = await measureThroughput(contenders, options, invalid);
    const latency = await measureLatency(contenders, options, invalid);
    const flush = await measureFlush(contenders, invalid);
    const wsfyMemory = websockify === null ? null : await measureForkingMemory(websockify, upstream, options);
    await stopAll();

    // A fresh gateway for memory: what the throughput runs left in its heap would blur the figure.
    const quiet = await startGateway(upstream.port);
    running.push(quiet);
    const memory = await measureGatewayMemory(quiet, upstream, options);
    await stopAll();

    const targets = summarise(throughput, latency, flush, memory, wsfyMemory, options);
    emit({
      summary: "gateway",
      targets,
      met: targets.filter((t) => t.met === true).length,
      missed: targets.filter((t) => t.met === false).length,
      not_measured: targets.filter((t) => t.met === null).length,
      invalid,
      seconds: round((performance.now() - started) / 1000, 1),
      load_average: loadAverage(),
    });
    for (const t of targets) {
      const verdict = t.met === null ? "not measured" : t.met ? "met" : "NOT met";
      note(
        `${t.target}: ${JSON.stringify(t.value)} (target ${t.threshold}) ${verdict}${t.note ? ` (${t.note})` : ""}`,
      );
    }
    return invalid.length > 0 ? 1 : 0;
  } finally {
    await stopAll();
    await upstream.stop();
  }
}

/** Median figures per contender: wall-clock MB/s each way, and MB per relay CPU second each way. */
type Figures = Map<string, { down: number; up: number; downPerCpu: number | null; upPerCpu: number | null }>;

async function measureThroughput(
  contenders: Contender[],
  options: Options,
  invalid: string[],
): Promise<Figures> {
  const bytes = options.mib * MIB;
  const runs = new Map(contenders.map((c) => [c.name, { down: [] as Run[], up: [] as Run[] }]));
  const warm = Math.min(bytes, 32 * MIB);
  for (const c of contenders) {
    await guard(invalid, () => downstreamRun(c, warm));
    await guard(invalid, () => upstreamRun(c, warm));
  }
  // Runs interleave the contenders, so a burst of load from elsewhere hits all of them alike.
  for (let run = 0; run < options.runs; run++) {
    for (const c of contenders) {
      const list = runs.get(c.name);
      const down = await guard(invalid, () => downstreamRun(c, bytes));
      if (down !== null) list?.down.push(down);
      const up = await guard(invalid, () => upstreamRun(c, bytes));
      if (up !== null) list?.up.push(up);
    }
  }
  const mb = bytes / 1e6;
  const figures: Figures = new Map();
  for (const [name, list] of runs) {
    const summary = { down: 0, up: 0, downPerCpu: null as number | null, upPerCpu: null as number | null };
    for (const direction of ["down", "up"] as const) {
      const done = list[direction];
      if (done.length === 0) continue;
      const speeds = done.map((r) => mb / r.seconds);
      const relayCpu = done.flatMap((r) => (r.relayCpu === null ? [] : [r.relayCpu]));
      const perCpu = relayCpu.length === 0 ? null : mb / Math.max(median(relayCpu), 0.01);
      emit({
        measurement: direction === "down" ? "downstream" : "upstream",
        contender: name,
        mb_per_s: round(median(speeds)),
        runs: done.length,
        samples_mb_per_s: speeds.map((v) => round(v)),
        relay_cpu_s: relayCpu.length === 0 ? null : round(median(relayCpu), 2),
        mb_per_relay_cpu_s: perCpu === null ? null : round(perCpu),
        client_cpu_s: round(median(done.map((r) => r.clientCpu)), 2),
        bytes,
        chunk: 64 * KIB,
      });
      if (direction === "down") {
        summary.down = median(speeds);
        summary.downPerCpu = perCpu;
      } else {
        summary.up = median(speeds);
        summary.upPerCpu = perCpu;
      }
    }
    if (list.down.length > 0 && list.up.length > 0) figures.set(name, summary);
  }
  return figures;
}

async function measureLatency(
  contenders: Contender[],
  options: Options,
  invalid: string[],
): Promise<Map<string, RoundTrip>> {
  const results =
    (await guard(invalid, () => roundTrips(contenders, options.rounds, WARMUP_ROUNDS))) ?? new Map();
  const base = results.get("direct");
  for (const [name, r] of results) {
    emit({
      measurement: "round_trip",
      contender: name,
      p50_us: round(r.p50),
      p99_us: round(r.p99),
      mean_us: round(r.mean),
      added_p50_us: base === undefined ? null : round(r.p50 - base.p50),
      added_p99_us: base === undefined ? null : round(r.p99 - base.p99),
      rounds: r.rounds,
      message_bytes: 32,
    });
  }
  return results;
}

async function measureFlush(contenders: Contender[], invalid: string[]): Promise<Map<string, number>> {
  const lost = new Map<string, number>();
  for (const c of contenders) {
    const r = await guard(invalid, () => closeFlush(c, FLUSH_BYTES));
    if (r === null) continue;
    const ok = r.received === r.sent && r.corruptChunks === 0;
    lost.set(c.name, r.sent - r.received + (r.corruptChunks > 0 ? 1 : 0));
    emit({
      measurement: "close_flush",
      contender: c.name,
      sent: r.sent,
      received: r.received,
      lost: r.sent - r.received,
      corrupt_chunks: r.corruptChunks,
      close_code: r.closeCode,
      seconds: round(r.seconds, 2),
      ok,
    });
  }
  return lost;
}

interface GatewayMemory {
  perSessionGc: number;
  perSessionRaw: number;
  opened: number;
  held: number;
  holdWanted: number;
  fileBound: boolean;
  gatewayLimit: number;
}

async function measureGatewayMemory(
  gateway: GatewayContender,
  upstream: UpstreamProcess,
  options: Options,
): Promise<GatewayMemory> {
  const baseFiles = openFiles(gateway.pid);
  // Warm-up: load and optimise the session code paths, so the baseline already holds them.
  const warm = await openIdleSessions(gateway, 100, 20);
  await closeAll(warm.channels);
  await waitFor(async () => (await upstream.stats()).idle === 0, 10_000);
  const before = await gateway.collectGarbage();
  const baseRaw = before.rss;

  const first = await openIdleSessions(gateway, options.sessions, 50);
  await sleep(1000);
  const raw = gateway.memory()?.rss ?? 0;
  const afterGc = await gateway.collectGarbage();
  const opened = first.channels.length;
  const perSessionRaw = (raw - baseRaw) / Math.max(1, opened);
  const perSessionGc = (afterGc.rss - before.rss) / Math.max(1, opened);
  emit({
    measurement: "idle_memory",
    contender: "gateway",
    sessions: opened,
    upstream_connections: (await upstream.stats()).idle,
    failures: first.failures,
    first_error: first.firstError,
    rss_before: before.rss,
    rss_after: afterGc.rss,
    per_session_kib: round(perSessionGc / KIB, 2),
    per_session_kib_before_gc: round(perSessionRaw / KIB, 2),
    heap_per_session_kib: round((afterGc.heapUsed - before.heapUsed) / Math.max(1, opened) / KIB, 2),
    open_seconds: round(first.seconds, 2),
  });

  // Hold: keep those and open the rest.
  const gatewayLimit = openFileLimit(gateway.pid);
  const needed = 2 * options.hold + baseFiles;
  if (gatewayLimit < needed) {
    note(
      `the gateway may open ${gatewayLimit} files and ${options.hold} sessions need ~${needed} ` +
        `(2 sockets each + ${baseFiles}): expect it to run out of descriptors`,
    );
  }
  // In bulk first, then one at a time: near a descriptor limit, concurrent attempts would take each
  // other's last descriptors and fail together.
  const deadline = Date.now() + 90_000;
  const bulk = await openIdleSessions(gateway, Math.max(0, options.hold - opened - TAIL), 100, deadline);
  const tail = await openIdleSessions(gateway, options.hold - opened - bulk.channels.length, 1, deadline);
  const more = {
    channels: [...bulk.channels, ...tail.channels],
    failures: bulk.failures + tail.failures,
    firstError: bulk.firstError ?? tail.firstError,
    seconds: bulk.seconds + tail.seconds,
  };
  const all = [...first.channels, ...more.channels];
  await sleep(2000);
  const open = all.filter((c) => c.isOpen).length;
  const relayed = (await upstream.stats()).idle;
  const held = Math.min(open, relayed);
  const peakFiles = openFiles(gateway.pid);
  const mem = await gateway.collectGarbage();
  const alive = openFiles(gateway.pid) > 0;
  // The limit, not the gateway, decided how many sessions fit when the gateway held (within a
  // couple) every session its descriptors allow: two each, beside those it had before any session.
  const allowedByLimit = Math.floor((gatewayLimit - baseFiles) / 2);
  const fileBound = held < options.hold && allowedByLimit < options.hold && held >= allowedByLimit - 2;
  emit({
    measurement: "idle_hold",
    contender: "gateway",
    wanted: options.hold,
    open_websockets: open,
    upstream_connections: relayed,
    failures: first.failures + more.failures,
    first_error: more.firstError ?? first.firstError,
    gateway_open_files: peakFiles,
    gateway_file_limit: gatewayLimit,
    sessions_allowed_by_file_limit: allowedByLimit,
    bound_by_file_limit: fileBound,
    gateway_alive: alive,
    rss: mem.rss,
    per_session_kib: round((mem.rss - before.rss) / Math.max(1, held) / KIB, 2),
    open_seconds: round(more.seconds, 2),
    held: open === options.hold && relayed === options.hold,
  });
  await closeAll(all);
  await waitFor(async () => (await upstream.stats()).idle === 0, 20_000);
  return { perSessionGc, perSessionRaw, opened, held, holdWanted: options.hold, fileBound, gatewayLimit };
}

interface ForkingMemory {
  perSessionRss: number;
  perSessionPss: number;
  sessions: number;
}

/** websockify forks a process per connection: sum memory over its tree. Bounded in time (~17 forks/s). */
async function measureForkingMemory(
  relay: Contender,
  upstream: UpstreamProcess,
  options: Options,
): Promise<ForkingMemory | null> {
  await waitFor(() => (relay.memory()?.processes ?? 1) === 1, 10_000);
  const before = relay.memory();
  if (before === null) return null;
  const budgetMs = 20_000;
  const opened = await openIdleSessions(relay, options.sessions, 8, Date.now() + budgetMs);
  await sleep(1000);
  const after = relay.memory();
  const n = Math.max(1, opened.channels.length);
  const result = {
    perSessionRss: ((after?.rss ?? 0) - before.rss) / n,
    perSessionPss: ((after?.pss ?? 0) - before.pss) / n,
    sessions: opened.channels.length,
  };
  emit({
    measurement: "idle_memory",
    contender: relay.name,
    sessions: result.sessions,
    wanted: options.sessions,
    upstream_connections: (await upstream.stats()).idle,
    processes: after?.processes ?? 0,
    failures: opened.failures,
    first_error: opened.firstError,
    per_session_kib: round(result.perSessionRss / KIB, 1),
    per_session_pss_kib: round(result.perSessionPss / KIB, 1),
    open_seconds: round(opened.seconds, 2),
    opens_per_s: round(opened.channels.length / opened.seconds, 1),
    note: result.sessions < options.sessions ? `stopped after ${budgetMs / 1000} s of opening` : undefined,
  });
  await closeAll(opened.channels);
  await waitFor(async () => (await upstream.stats()).idle === 0, 20_000);
  return result;
}

function summarise(
  throughput: Figures,
  latency: Map<string, RoundTrip>,
  flush: Map<string, number>,
  memory: GatewayMemory,
  wsfyMemory: ForkingMemory | null,
  options: Options,
): Target[] {
  const ours = throughput.get("gateway");
  const theirs = throughput.get("websockify");
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? null : round(a / b, 2);
  const down = ratio(ours?.down, theirs?.down);
  const up = ratio(ours?.up, theirs?.up);
  const ourLatency = latency.get("gateway");
  const base = latency.get("direct");
  const added = ourLatency === undefined || base === undefined ? null : round(ourLatency.p50 - base.p50);
  const perSession = round(memory.perSessionGc / KIB, 2);
  const lost = flush.get("gateway");
  const noWsfy = theirs === undefined ? "websockify not measured" : undefined;
  const perCpu = (a: number | null | undefined, b: number | null | undefined) =>
    a == null || b == null ? "" : `; per relay CPU second ${round(a / b, 2)}x`;
  return [
    {
      target: "downstream_vs_websockify",
      value: down,
      threshold: ">= 1.0x",
      met: down === null ? null : down >= 1.0,
      note:
        noWsfy ??
        `${round(ours?.down ?? 0)} vs ${round(theirs?.down ?? 0)} MB/s${perCpu(ours?.downPerCpu, theirs?.downPerCpu)}`,
    },
    {
      target: "upstream_vs_websockify",
      value: up,
      threshold: ">= 1.5x",
      met: up === null ? null : up >= 1.5,
      note:
        noWsfy ??
        `${round(ours?.up ?? 0)} vs ${round(theirs?.up ?? 0)} MB/s${perCpu(ours?.upPerCpu, theirs?.upPerCpu)}`,
    },
    {
      target: "added_p50_latency_us",
      value: added,
      threshold: "<= 40",
      met: added === null ? null : added <= 40,
    },
    {
      target: "idle_session_kib",
      value: perSession,
      threshold: "<= 20",
      met: perSession <= 20,
      note: `at ${memory.opened} sessions, after a full GC (before GC: ${round(memory.perSessionRaw / KIB, 2)} KiB)${
        wsfyMemory === null
          ? ""
          : `; websockify ${round(wsfyMemory.perSessionRss / KIB, 1)} KiB RSS / ${round(wsfyMemory.perSessionPss / KIB, 1)} KiB PSS per session`
      }`,
    },
    memory.fileBound
      ? {
          target: "idle_sessions_held",
          value: memory.held,
          threshold: `${options.hold}`,
          met: null,
          note:
            `not measurable here: the gateway's open-file limit (${memory.gatewayLimit}, a hard limit this ` +
            "process cannot raise) ran out first; it held every session that limit allows and stayed up",
        }
      : {
          target: "idle_sessions_held",
          value: memory.held,
          threshold: `${options.hold}`,
          met: memory.held >= options.hold,
        },
    {
      target: "bytes_lost_on_upstream_close",
      value: lost ?? null,
      threshold: "0",
      met: lost === undefined ? null : lost === 0,
      ...(flush.has("websockify") ? { note: `websockify lost ${flush.get("websockify")}` } : {}),
    },
  ];
}

/** Runs a measurement; an invalid one is recorded (exit code 1) and yields null. */
async function guard<T>(invalid: string[], run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (err) {
    const message = (err as Error).message;
    invalid.push(message);
    emit({ invalid: message, kind: err instanceof InvalidMeasurement ? "mismatch" : "error" });
    return null;
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

(reexecWithMoreFiles() ?? main()).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`benchmark failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
