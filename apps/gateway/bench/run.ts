/**
 * The gateway benchmark (`pnpm --filter @tagwire/gateway bench`): our gateway vs websockify vs socat
 * (TCP to TCP) vs direct TCP, plus a naive `ws` relay for reference; one client, loopback, 64 KiB
 * writes. See README.md for each measurement. Prints one JSON line per measurement and a final
 * summary line with the targets. Targets are reported, not enforced: the exit code is 1 only when a
 * measurement is invalid (bytes lost or corrupted in a throughput run, a relay that cannot start...).
 *
 * Options: `--mib N` (bytes per throughput run), `--runs N` (throughput runs per contender and
 * direction; medians are reported), `--rounds N` (ping-pongs per contender), `--sessions N` (idle
 * sessions for the memory figure), `--hold N` (idle sessions our gateway must hold), `--without
 * websockify,socat,naive-ws` (leave contenders out, e.g. for a quick run), `--client raw|ws` (the
 * WebSocket client: raw-ws.ts by default, or the `ws` package to compare).
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { onOneCpu } from "./affinity.js";
import { withFileLimit } from "./children.js";
import { closeFlush } from "./close-flush.js";
import {
  type Contender,
  direct,
  startGateway,
  startNaiveRelay,
  startSocat,
  startWebsockify,
  type WebSocketClient,
} from "./contenders.js";
import { type Latency, type RoundTrip, roundTrips } from "./latency.js";
import { forkingIdleMemory, hold, nodeIdleMemory, untilIdle } from "./memory.js";
import { fileLimits, loadAverage, openFileLimit } from "./proc.js";
import { emit, InvalidMeasurement, median, note, round } from "./report.js";
import { closeAll } from "./sessions.js";
import { judge, type Throughput } from "./summary.js";
import { downstreamRun, type Run, upstreamRun } from "./throughput.js";
import { UpstreamProcess } from "./upstream-process.js";

const MIB = 1024 * 1024;
const FLUSH_BYTES = 4 * MIB;
const WARMUP_ROUNDS = 500;
/** websockify forks a process per session: its memory figure gets this long to open sessions. */
const FORKING_BUDGET_MS = 20_000;
/** Descriptors wanted in each process: 10,000 sessions take ~10,000 here and ~20,000 in the gateway. */
const WANTED_FILES = 65_536;
const REEXEC_MARK = "TAGWIRE_BENCH_FILE_LIMIT";

interface Options {
  mib: number;
  runs: number;
  rounds: number;
  sessions: number;
  hold: number;
  without: Set<string>;
  client: WebSocketClient;
}

const OPTIONAL = new Set(["websockify", "socat", "naive-ws"]);

function readOptions(): Options {
  const { values } = parseArgs({
    // pnpm passes a literal "--" through to the script.
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
    options: {
      mib: { type: "string", default: "256" },
      runs: { type: "string", default: "15" },
      rounds: { type: "string", default: "5000" },
      sessions: { type: "string", default: "1000" },
      hold: { type: "string", default: "10000" },
      without: { type: "string", default: "" },
      client: { type: "string", default: "raw" },
    },
  });
  const int = (name: keyof typeof values) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} wants a positive integer`);
    return n;
  };
  const without = new Set(values.without.split(",").filter((name) => name !== ""));
  for (const name of without) {
    if (!OPTIONAL.has(name)) throw new Error(`--without takes ${[...OPTIONAL].join(", ")}; not ${name}`);
  }
  const client = values.client;
  if (client !== "raw" && client !== "ws") throw new Error(`--client takes raw or ws; not ${client}`);
  const options: Options = {
    client,
    mib: int("mib"),
    runs: int("runs"),
    rounds: int("rounds"),
    sessions: int("sessions"),
    hold: int("hold"),
    without,
  };
  if (options.hold < options.sessions) throw new Error("--hold must be at least --sessions");
  return options;
}

/**
 * When this process's soft open-file limit is low (often 1,024) but may be raised, the benchmark
 * runs itself again under `ulimit -n` (children inherit the new limit). Returns null when not needed.
 */
function reexecWithMoreFiles(): Promise<number> | null {
  const { soft, hard } = fileLimits();
  if (soft >= Math.min(WANTED_FILES, hard) || process.env[REEXEC_MARK] !== undefined) return null;
  const [command, args] = withFileLimit(Math.min(WANTED_FILES, hard), process.execPath, [
    ...process.execArgv,
    ...process.argv.slice(1),
  ]);
  const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, [REEXEC_MARK]: "1" } });
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
    // Phase 1: throughput, latency and close flush, all contenders started side by side.
    const gateway = await startGateway(upstream.port, options.client);
    running.push(gateway);
    const wanted = (name: string) => !options.without.has(name);
    const naive = wanted("naive-ws") ? await startNaiveRelay(upstream.port, options.client) : null;
    if (naive !== null) running.push(naive);
    const websockify = wanted("websockify") ? await startWebsockify(upstream.port, options.client) : null;
    if (websockify !== null) running.push(websockify);
    else if (wanted("websockify")) note("websockify is not installed (Debian package `websockify`): skipped");
    const socat = wanted("socat") ? await startSocat(upstream.port) : null;
    if (socat !== null) running.push(socat);
    else if (wanted("socat")) note("socat is not installed (Debian package `socat`): skipped");
    const contenders = [gateway, naive, websockify, socat, direct(upstream.port)].filter(
      (c): c is Contender => c !== null,
    );
    note(
      `upstream server :${upstream.port}, gateway :${gateway.port}; open-file limits: client ${openFileLimit()}, ` +
        `gateway ${openFileLimit(gateway.pid)}, upstream ${openFileLimit(upstream.pid)}; WebSocket client ` +
        `${options.client === "raw" ? "raw-ws.ts" : "ws"}; load average ${loadAverage()}`,
    );

    const throughput = await measureThroughput(contenders, options, invalid);
    const latency = await measureLatency(contenders, upstream, options, invalid);
    const lost = await measureFlush(contenders, invalid);
    const websockifyMemory =
      websockify === null
        ? null
        : await forkingIdleMemory(websockify, upstream, options.sessions, FORKING_BUDGET_MS);
    await stopAll();

    // Phase 2: memory, each Node relay fresh (what throughput runs left in a heap would blur it).
    if (naive !== null) {
      const quietNaive = await startNaiveRelay(upstream.port, options.client);
      running.push(quietNaive);
      const naiveMemory = await nodeIdleMemory(quietNaive, upstream, options.sessions);
      await closeAll(naiveMemory.channels);
      await untilIdle(upstream, 0);
      await stopAll();
    }
    const quiet = await startGateway(upstream.port, options.client);
    running.push(quiet);
    const memory = await nodeIdleMemory(quiet, upstream, options.sessions);
    const held = await hold(quiet, upstream, memory, options.hold);
    await stopAll();

    const targets = judge({ throughput, latency, lost, memory, hold: held, websockifyMemory });
    emit({
      summary: "gateway",
      targets,
      met: targets.filter((t) => t.met === true).length,
      missed: targets.filter((t) => t.met === false).length,
      not_measured: targets.filter((t) => t.met === null).length,
      invalid,
      client: options.client,
      runs: options.runs,
      seconds: round((performance.now() - started) / 1000, 1),
      load_average: loadAverage(),
    });
    for (const t of targets) {
      const verdict = t.met === null ? "not measured" : t.met ? "met" : "NOT met";
      note(`${t.target}: ${t.value} (target ${t.threshold}) ${verdict}${t.note ? `: ${t.note}` : ""}`);
    }
    return invalid.length > 0 ? 1 : 0;
  } finally {
    await stopAll();
    await upstream.stop();
  }
}

async function measureThroughput(
  contenders: Contender[],
  options: Options,
  invalid: string[],
): Promise<Map<string, Throughput>> {
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
  const figures = new Map<string, Throughput>();
  for (const [name, list] of runs) {
    const figure: Throughput = { down: 0, up: 0, downPerCpu: null, upPerCpu: null };
    for (const direction of ["down", "up"] as const) {
      const done = list[direction];
      if (done.length === 0) continue;
      const speeds = done.map((r) => mb / r.seconds);
      const relayCpu = done.flatMap((r) => (r.relayCpu === null ? [] : [r.relayCpu]));
      // CPU time is read in clock ticks (10 ms): never divide by less than one tick.
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
        chunk: 64 * 1024,
      });
      if (direction === "down") {
        figure.down = median(speeds);
        figure.downPerCpu = perCpu;
      } else {
        figure.up = median(speeds);
        figure.upPerCpu = perCpu;
      }
    }
    if (list.down.length > 0 && list.up.length > 0) figures.set(name, figure);
  }
  return figures;
}

async function measureLatency(
  contenders: Contender[],
  upstream: UpstreamProcess,
  options: Options,
  invalid: string[],
): Promise<Latency> {
  const measure = async () =>
    (await guard(invalid, () => roundTrips(contenders, options.rounds, WARMUP_ROUNDS))) ??
    new Map<string, RoundTrip>();
  const scheduled = await measure();
  emitRoundTrips(scheduled, "as scheduled");
  const pids = [process.pid, upstream.pid, ...contenders.flatMap((c) => (c.pid === null ? [] : [c.pid]))];
  const pinned = await onOneCpu(pids, measure);
  if (pinned === null) {
    note("round trips on one CPU: not measured (taskset missing, or a single CPU already)");
    return { scheduled, oneCpu: null };
  }
  emitRoundTrips(pinned, "one");
  return { scheduled, oneCpu: pinned };
}

function emitRoundTrips(results: Map<string, RoundTrip>, cpus: "as scheduled" | "one"): void {
  const base = results.get("direct");
  for (const [name, r] of results) {
    emit({
      measurement: "round_trip",
      cpus,
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
}

async function measureFlush(contenders: Contender[], invalid: string[]): Promise<Map<string, number>> {
  const lost = new Map<string, number>();
  for (const c of contenders) {
    const r = await guard(invalid, () => closeFlush(c, FLUSH_BYTES));
    if (r === null) continue;
    // A corrupt chunk counts as loss even when the total happens to match.
    lost.set(c.name, r.sent - r.received + r.corruptChunks);
    emit({
      measurement: "close_flush",
      contender: c.name,
      sent: r.sent,
      received: r.received,
      lost: r.sent - r.received,
      corrupt_chunks: r.corruptChunks,
      close_code: r.closeCode,
      seconds: round(r.seconds, 2),
      ok: r.received === r.sent && r.corruptChunks === 0,
    });
  }
  return lost;
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

(reexecWithMoreFiles() ?? main()).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`benchmark failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
