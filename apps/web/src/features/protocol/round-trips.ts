import type { WireEvent } from "../../lib/imap-client/types";

/**
 * Round trips: the times the client had to wait for the server. Each maximal run of commands sent
 * with no tagged completion arriving in between is one round trip: the client sent all it could and
 * then needed an answer before sending more. One command at a time gives one round trip per command;
 * a pipelined burst gives one for the whole burst. Untagged responses, the greeting and continuation
 * steps are not counted.
 */
export function countRoundTrips(events: readonly WireEvent[]): number {
  let trips = 0;
  let sending = false;
  for (const event of events) {
    if (event.kind === "sent") {
      if (!sending) trips++;
      sending = true;
    } else if (event.kind === "completed") {
      sending = false;
    }
  }
  return trips;
}

/** From the first command sent to the last completion, in ms (0 when nothing was sent). */
export function runDuration(events: readonly WireEvent[]): number {
  let start: number | null = null;
  let end: number | null = null;
  for (const event of events) {
    if (event.kind === "sent" && start === null) start = event.at;
    if (event.kind === "completed" && (end === null || event.at > end)) end = event.at;
  }
  return start === null || end === null ? 0 : Math.max(0, end - start);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

function trips(n: number): string {
  return n === 1 ? "1 round trip" : `${n} round trips`;
}

export interface RunSummary {
  readonly durationMs: number;
  readonly roundTrips: number;
}

/** "Pipelined: 412 ms in 4 round trips. One at a time: 1.9 s in 17 round trips — 4.6x faster." */
export function compareSentence(pipelined: RunSummary, serial: RunSummary): string {
  const head =
    `Pipelined: ${formatDuration(pipelined.durationMs)} in ${trips(pipelined.roundTrips)}. ` +
    `One at a time: ${formatDuration(serial.durationMs)} in ${trips(serial.roundTrips)}`;
  if (pipelined.durationMs <= 0 || serial.durationMs <= 0) return `${head}.`;
  const ratio = serial.durationMs / pipelined.durationMs;
  if (ratio >= 1.05) return `${head} — ${ratio.toFixed(1)}x faster.`;
  if (ratio <= 1 / 1.05) return `${head} — pipelined was ${(1 / ratio).toFixed(1)}x slower.`;
  return `${head} — about the same.`;
}
