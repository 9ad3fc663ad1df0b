/**
 * The targets, judged from one run's figures. A target is met, missed, or not measured
 * (null: a contender is missing, or the machine cannot express it, e.g. too few file descriptors),
 * and each carries the figures it was computed from.
 */
import type { Latency, RoundTrip } from "./latency.js";
import type { ForkingMemory, Hold, IdleMemory } from "./memory.js";
import { round } from "./report.js";

/** Median throughput of one contender: wall-clock MB/s each way, and MB per relay CPU second. */
export interface Throughput {
  down: number;
  up: number;
  downPerCpu: number | null;
  upPerCpu: number | null;
}

/** One target's verdict. */
export interface Target {
  target: string;
  value: number | null;
  threshold: string;
  met: boolean | null;
  note?: string;
}

/** Everything the targets are judged on. */
export interface Figures {
  throughput: Map<string, Throughput>;
  latency: Latency;
  /** Bytes lost in the close-flush check, per contender. */
  lost: Map<string, number>;
  memory: IdleMemory | null;
  hold: Hold | null;
  websockifyMemory: ForkingMemory | null;
}

const KIB = 1024;

/**
 * The six targets. Added latency is judged twice against the same threshold: with every
 * process on one CPU (the relay's own cost: repeatable to within a few microseconds) and as the scheduler
 * places them (what a two-CPU virtual machine's wake-ups add on top; noisy, see affinity.ts).
 */
export function judge(f: Figures): Target[] {
  const ours = f.throughput.get("gateway");
  const theirs = f.throughput.get("websockify");
  const noWebsockify = theirs === undefined ? "websockify not measured" : undefined;
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? null : round(a / b, 2);
  const perCpu = (a: number | null | undefined, b: number | null | undefined) =>
    a == null || b == null ? "" : `; per relay CPU second ${round(a / b, 2)}x`;
  const down = ratio(ours?.down, theirs?.down);
  const up = ratio(ours?.up, theirs?.up);

  const perSession = f.memory === null ? null : round(f.memory.perSession / KIB, 2);
  const wsfy = f.websockifyMemory;
  const lost = f.lost.get("gateway");
  const theirLoss = f.lost.get("websockify");

  return [
    {
      target: "downstream_vs_websockify",
      value: down,
      threshold: ">= 1.0x",
      met: down === null ? null : down >= 1.0,
      note:
        noWebsockify ??
        `${round(ours?.down ?? 0)} vs ${round(theirs?.down ?? 0)} MB/s${perCpu(ours?.downPerCpu, theirs?.downPerCpu)}`,
    },
    {
      target: "upstream_vs_websockify",
      value: up,
      threshold: ">= 1.5x",
      met: up === null ? null : up >= 1.5,
      note:
        noWebsockify ??
        `${round(ours?.up ?? 0)} vs ${round(theirs?.up ?? 0)} MB/s${perCpu(ours?.upPerCpu, theirs?.upPerCpu)}`,
    },
    latencyTarget("added_p50_latency_us_one_cpu", f.latency.oneCpu),
    latencyTarget("added_p50_latency_us_as_scheduled", f.latency.scheduled),
    {
      target: "idle_session_kib",
      value: perSession,
      threshold: "<= 20",
      met: perSession === null ? null : perSession <= 20,
      ...(f.memory === null
        ? {}
        : {
            note:
              `at ${f.memory.sessions} sessions, settled, after a full GC (right after opening them: ${round(f.memory.perSessionAfterBurst / KIB, 2)} KiB)` +
              (wsfy === null
                ? ""
                : `; websockify ${round(wsfy.perSessionRss / KIB)} KiB RSS, ${round(wsfy.perSessionPss / KIB)} KiB PSS per session at ${wsfy.sessions}`),
          }),
    },
    holdTarget(f.hold),
    {
      target: "bytes_lost_on_upstream_close",
      value: lost ?? null,
      threshold: "0",
      met: lost === undefined ? null : lost === 0,
      ...(theirLoss === undefined ? {} : { note: `websockify lost ${theirLoss} of 4194304` }),
    },
  ];
}

/** Added p50 latency of the gateway over direct TCP in one set of round trips. */
function latencyTarget(target: string, latency: Map<string, RoundTrip> | null): Target {
  const ours = latency?.get("gateway");
  const direct = latency?.get("direct");
  if (latency == null || ours === undefined || direct === undefined) {
    return { target, value: null, threshold: "<= 40", met: null };
  }
  const added = round(ours.p50 - direct.p50);
  return {
    target,
    value: added,
    threshold: "<= 40",
    met: added <= 40,
    note: latencyNote(latency, ours, direct),
  };
}

/** Our round trip against direct TCP, and what every other relay added, for scale. */
function latencyNote(latency: Map<string, RoundTrip>, ours: RoundTrip, direct: RoundTrip): string {
  const others = [...latency]
    .filter(([name]) => name !== "gateway" && name !== "direct")
    .map(([name, r]) => `${name} +${round(r.p50 - direct.p50)}`);
  return (
    `p50 ${round(ours.p50)} µs vs direct ${round(direct.p50)} µs, added p99 ${round(ours.p99 - direct.p99)} µs` +
    (others.length > 0 ? `; others add (p50, µs): ${others.join(", ")}` : "")
  );
}

function holdTarget(hold: Hold | null): Target {
  const base = { target: "idle_sessions_held", threshold: ">= 10000" };
  if (hold === null) return { ...base, value: null, met: null };
  if (hold.boundByFileLimit) {
    return {
      ...base,
      threshold: `>= ${hold.wanted}`,
      value: hold.held,
      met: null,
      note:
        `not measurable here: the relay's open-file limit (${hold.fileLimit}, which this machine does not let the benchmark raise) ` +
        "ran out first; the gateway held every session that limit allows and stayed up",
    };
  }
  return { ...base, threshold: `>= ${hold.wanted}`, value: hold.held, met: hold.held >= hold.wanted };
}
