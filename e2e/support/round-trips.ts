/**
 * Reading a pipelining timeline out of a harness trace. Timestamps are the page's clock at the
 * session events: `commandSent` when the driver took a command's first bytes, `commandCompleted`
 * when its tagged completion arrived.
 */
import type { TraceEntry } from "../harness/api.js";

export interface CommandTiming {
  readonly tag: string;
  readonly name: string;
  readonly sentAt: number;
  readonly completedAt: number;
  /** Commands in flight when it was sent, itself included. */
  readonly inFlight: number;
}

/** Every command sent in `trace` that also completed in it, in the order they were sent. */
export function commandTimings(trace: readonly TraceEntry[]): CommandTiming[] {
  const sent = new Map<string, { name: string; at: number; inFlight: number }>();
  const out: CommandTiming[] = [];
  for (const entry of trace) {
    const tag = entry.tag;
    if (typeof tag !== "string") continue;
    if (entry.type === "commandSent" && !sent.has(tag)) {
      sent.set(tag, { name: String(entry.name), at: entry.at, inFlight: Number(entry.inFlight) });
    } else if (entry.type === "commandCompleted") {
      const start = sent.get(tag);
      if (start !== undefined) {
        out.push({
          tag,
          name: start.name,
          sentAt: start.at,
          completedAt: entry.at,
          inFlight: start.inFlight,
        });
      }
    }
  }
  return out.sort((a, b) => a.sentAt - b.sentAt);
}

/**
 * How many round trips the commands took: the longest chain of commands each of which was sent only
 * after the previous one had completed. Commands sent together, before any of them completed, share a
 * round trip; a command sent after a completion starts a new one.
 */
export function roundTrips(timings: readonly CommandTiming[]): number {
  const rounds: number[] = [];
  timings.forEach((command, i) => {
    let round = 1;
    for (let j = 0; j < i; j++) {
      const earlier = timings[j] as CommandTiming;
      if (earlier.completedAt <= command.sentAt) round = Math.max(round, (rounds[j] as number) + 1);
    }
    rounds.push(round);
  });
  return Math.max(0, ...rounds);
}

/** How many of `timings` were sent before the first of them completed. */
export function sentBeforeFirstCompletion(timings: readonly CommandTiming[]): number {
  const firstCompletion = Math.min(...timings.map((command) => command.completedAt));
  return timings.filter((command) => command.sentAt < firstCompletion).length;
}
