/**
 * Idle sessions: each one dials the relay, sends `IDLE`, and waits for the upstream server's READY
 * greeting, so every counted session has an upstream connection and has carried bytes both ways.
 * Sessions are opened by a fixed number of concurrent openers, until the count or a deadline is
 * reached. Memory per session is the growth of the relay's resident memory divided by the count.
 */
import { type Channel, receiveExactly } from "./channel.js";
import type { Contender } from "./contenders.js";
import { READY } from "./upstream-server.js";

/** Sessions opened, and why the others were not. */
export interface Opened {
  channels: Channel[];
  failures: number;
  firstError: string | null;
  seconds: number;
}

/** Opens up to `count` idle sessions with `concurrency` openers, stopping at `deadline` (ms epoch). */
export async function openIdleSessions(
  contender: Contender,
  count: number,
  concurrency: number,
  deadline = Number.POSITIVE_INFINITY,
): Promise<Opened> {
  const channels: Channel[] = [];
  let started = 0;
  let failures = 0;
  let firstError: string | null = null;
  const t0 = performance.now();
  const opener = async () => {
    while (started < count && Date.now() < deadline) {
      started++;
      let channel: Channel | null = null;
      try {
        channel = await contender.dial();
        channel.send(Buffer.from("IDLE\n"));
        const greeting = await receiveExactly(channel, READY.length);
        if (!greeting.equals(READY))
          throw new Error(`unexpected greeting ${JSON.stringify(greeting.toString())}`);
        channels.push(channel);
      } catch (err) {
        channel?.destroy();
        failures++;
        firstError ??= (err as Error).message;
        // Back off a little so a refusing relay is not hammered while the deadline runs.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, opener));
  return { channels, failures, firstError, seconds: (performance.now() - t0) / 1000 };
}

/** Drops every session and waits until they are closed. */
export async function closeAll(channels: readonly Channel[]): Promise<void> {
  for (const channel of channels) channel.destroy();
  await Promise.all(channels.map((c) => c.closed));
}
