/**
 * Round trips the page waited for, read from a timeline of WebSocket sends and receives: every burst
 * of sends (sends with no receive between them) that was answered is one wait for the server. Pipelined commands issued
 * together share a burst; a command the client could only send after reading an answer opens a new one.
 */

export interface WireEvent {
  /** `performance.now()` of the page. */
  readonly at: number;
  readonly dir: "send" | "recv";
  readonly bytes: number;
}

/**
 * Send bursts among the events in `[from, to]` that a receive followed within the window: a burst
 * whose answer came after `to` (say, rows for further down, asked for as the first screen showed)
 * was not waited for.
 */
export function sendBursts(events: readonly WireEvent[], from = -Infinity, to = Infinity): number {
  let bursts = 0;
  let open = false;
  for (const event of events) {
    if (event.at < from || event.at > to) continue;
    if (event.dir === "send") {
      open = true;
    } else if (open) {
      bursts++;
      open = false;
    }
  }
  return bursts;
}

/** Bytes sent and received among the events in `[from, to]`. */
export function wireBytes(
  events: readonly WireEvent[],
  from = -Infinity,
  to = Infinity,
): { sent: number; received: number } {
  let sent = 0;
  let received = 0;
  for (const event of events) {
    if (event.at < from || event.at > to) continue;
    if (event.dir === "send") sent += event.bytes;
    else received += event.bytes;
  }
  return { sent, received };
}
