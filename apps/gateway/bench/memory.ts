/**
 * Memory per idle session, and how many idle sessions a relay holds.
 * - Node relays (gateway, naive reference), each a fresh process: warm up (open and close 100
 *   sessions so code and pools exist), leave the relay alone for QUIET_MS, force a full GC and read
 *   RSS; open N idle sessions, force a full GC and read RSS ("after the burst"); leave it alone for
 *   QUIET_MS again, force a full GC and read RSS ("settled"). Per session = growth / N. Right after
 *   the burst, the heap pages that the handshakes' garbage grew are still resident (a full GC frees
 *   the objects, not the pages); an idle Node process gives them back within about 20 s (V8's memory
 *   reducer compacts the heap once allocation stops, and the freed pages are unmapped). The settled
 *   figure, baseline and sessions both measured that way, is what idle sessions hold and the one
 *   compared with the target; both are printed.
 * - Forking relays (websockify): sum RSS, and PSS, over the process tree before and after; opening is
 *   slow (a fork per session) so it is bounded in time and the figure is per session actually opened.
 * - Hold (gateway): keep the first N and open up to the hold count; count open WebSockets and upstream
 *   connections. Each session needs two descriptors in the relay, so the relay's open-file limit is
 *   read too: when it is too low for the count, the figure says so instead of blaming the gateway.
 */
import type { Channel } from "./channel.js";
import { type Contender, type NodeRelay, sleep } from "./contenders.js";
import { openFileLimit, openFiles } from "./proc.js";
import { emit, note, round } from "./report.js";
import { closeAll, openIdleSessions } from "./sessions.js";
import type { UpstreamProcess } from "./upstream-process.js";

const KIB = 1024;
/** The last sessions of a hold are opened one at a time (see `hold`). */
const TAIL = 200;
const SETTLE_MS = 1000;
/** Time alone before a settled reading: V8's memory reducer starts ~8 s after allocation stops. */
const QUIET_MS = 25_000;

/** Idle-session memory of a Node relay. */
export interface IdleMemory {
  /** Bytes per session once the relay has been left alone (settled), after a full GC. */
  perSession: number;
  /** Bytes per session after a full GC right after the sessions were opened. */
  perSessionAfterBurst: number;
  sessions: number;
  /** The open sessions (for `hold` to build on). */
  channels: Channel[];
  /** RSS after GC before any session. */
  baseRss: number;
  /** Descriptors the relay had open before any session. */
  baseFiles: number;
}

/** Measures `count` idle sessions through a fresh Node relay; the sessions are left open. */
export async function nodeIdleMemory(
  relay: NodeRelay,
  upstream: UpstreamProcess,
  count: number,
): Promise<IdleMemory> {
  const baseFiles = openFiles(relay.pid);
  const warm = await openIdleSessions(relay, 100, 20);
  await closeAll(warm.channels);
  await untilIdle(upstream, 0);
  await sleep(QUIET_MS);
  const before = await relay.collectGarbage();
  const opened = await openIdleSessions(relay, count, 50);
  await sleep(SETTLE_MS);
  const burst = await relay.collectGarbage();
  await sleep(QUIET_MS);
  const after = await relay.collectGarbage();
  const n = Math.max(1, opened.channels.length);
  const result: IdleMemory = {
    perSession: (after.rss - before.rss) / n,
    perSessionAfterBurst: (burst.rss - before.rss) / n,
    sessions: opened.channels.length,
    channels: opened.channels,
    baseRss: before.rss,
    baseFiles,
  };
  emit({
    measurement: "idle_memory",
    contender: relay.name,
    sessions: result.sessions,
    wanted: count,
    upstream_connections: (await upstream.stats()).idle,
    failures: opened.failures,
    first_error: opened.firstError,
    rss_before: before.rss,
    rss_after: after.rss,
    per_session_kib: round(result.perSession / KIB, 2),
    per_session_kib_after_burst: round(result.perSessionAfterBurst / KIB, 2),
    rss_after_burst: burst.rss,
    heap_per_session_kib: round((after.heapUsed - before.heapUsed) / n / KIB, 2),
    open_seconds: round(opened.seconds, 2),
  });
  return result;
}

/** Whether the gateway held the wanted number of idle sessions. */
export interface Hold {
  held: number;
  wanted: number;
  /** True when the relay's open-file limit, not the relay, capped the count. */
  boundByFileLimit: boolean;
  fileLimit: number;
}

/** Keeps `start`'s sessions and opens more up to `wanted`; closes them all at the end. */
export async function hold(
  relay: NodeRelay,
  upstream: UpstreamProcess,
  start: IdleMemory,
  wanted: number,
): Promise<Hold> {
  const fileLimit = openFileLimit(relay.pid);
  const needed = 2 * wanted + start.baseFiles;
  if (fileLimit < needed) {
    note(
      `${relay.name} may open ${fileLimit} files and ${wanted} sessions need ~${needed} ` +
        `(2 sockets each + ${start.baseFiles}): expect it to run out of descriptors`,
    );
  }
  // In bulk first, then one at a time: near a descriptor limit, concurrent attempts would take each
  // other's last descriptors and fail together.
  const deadline = Date.now() + 90_000;
  const have = start.channels.length;
  const bulk = await openIdleSessions(relay, Math.max(0, wanted - have - TAIL), 100, deadline);
  const tail = await openIdleSessions(relay, wanted - have - bulk.channels.length, 1, deadline);
  const all = [...start.channels, ...bulk.channels, ...tail.channels];
  await sleep(2 * SETTLE_MS);
  const open = all.filter((c) => c.isOpen).length;
  const relayed = (await upstream.stats()).idle;
  const held = Math.min(open, relayed);
  const peakFiles = openFiles(relay.pid);
  const mem = await relay.collectGarbage();
  // The limit decided when the relay held (within a couple) every session its descriptors allow:
  // two each, beside those it had before any session.
  const allowed = Math.floor((fileLimit - start.baseFiles) / 2);
  const boundByFileLimit = held < wanted && allowed < wanted && held >= allowed - 2;
  emit({
    measurement: "idle_hold",
    contender: relay.name,
    wanted,
    open_websockets: open,
    upstream_connections: relayed,
    failures: bulk.failures + tail.failures,
    first_error: bulk.firstError ?? tail.firstError,
    relay_open_files: peakFiles,
    relay_file_limit: fileLimit,
    sessions_allowed_by_file_limit: allowed,
    bound_by_file_limit: boundByFileLimit,
    relay_alive: openFiles(relay.pid) > 0,
    rss: mem.rss,
    per_session_kib: round((mem.rss - start.baseRss) / Math.max(1, held) / KIB, 2),
    open_seconds: round(bulk.seconds + tail.seconds, 2),
    held: open === wanted && relayed === wanted,
  });
  await closeAll(all);
  await untilIdle(upstream, 0);
  return { held, wanted, boundByFileLimit, fileLimit };
}

/** Idle-session memory of a forking relay, summed over its process tree. */
export interface ForkingMemory {
  perSessionRss: number;
  perSessionPss: number;
  sessions: number;
}

/** Opens up to `count` idle sessions through a forking relay within `budgetMs`; closes them after. */
export async function forkingIdleMemory(
  relay: Contender,
  upstream: UpstreamProcess,
  count: number,
  budgetMs: number,
): Promise<ForkingMemory | null> {
  // Children of earlier sessions must be gone, or their memory would count as baseline.
  await until(() => (relay.memory()?.processes ?? 1) === 1, 10_000);
  const before = relay.memory();
  if (before === null) return null;
  const deadline = Date.now() + budgetMs;
  const opened = await openIdleSessions(relay, count, 8, deadline);
  await sleep(SETTLE_MS);
  const after = relay.memory();
  const n = Math.max(1, opened.channels.length);
  const result: ForkingMemory = {
    perSessionRss: ((after?.rss ?? 0) - before.rss) / n,
    perSessionPss: ((after?.pss ?? 0) - before.pss) / n,
    sessions: opened.channels.length,
  };
  emit({
    measurement: "idle_memory",
    contender: relay.name,
    sessions: result.sessions,
    wanted: count,
    upstream_connections: (await upstream.stats()).idle,
    processes: after?.processes ?? 0,
    failures: opened.failures,
    first_error: opened.firstError,
    per_session_kib: round(result.perSessionRss / KIB, 1),
    per_session_pss_kib: round(result.perSessionPss / KIB, 1),
    open_seconds: round(opened.seconds, 2),
    opens_per_s: round(opened.channels.length / opened.seconds, 1),
    stopped_by_time_budget: Date.now() >= deadline && opened.channels.length + opened.failures < count,
  });
  await closeAll(opened.channels);
  await untilIdle(upstream, 0);
  return result;
}

/** Waits (bounded) until the upstream server has `idle` idle connections. */
export function untilIdle(upstream: UpstreamProcess, idle: number, timeoutMs = 20_000): Promise<boolean> {
  return until(async () => (await upstream.stats()).idle === idle, timeoutMs);
}

/** Polls `condition` every 50 ms until true or `timeoutMs`; resolves with whether it became true. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}
