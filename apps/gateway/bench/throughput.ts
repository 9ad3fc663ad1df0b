/**
 * Throughput, one session at a time, 64 KiB writes.
 * - Downstream: the upstream server pushes `bytes` as fast as its socket drains; the clock runs from
 *   the client's PUSH command to the last byte received.
 * - Upstream: after the server's READY, the client sends `bytes` in 64 KiB messages, waiting whenever
 *   its send queue (the socket's, or `ws`'s `bufferedAmount`) is above 1 MiB until it is below
 *   256 KiB; the clock stops when the server reports it has counted them all.
 * Besides wall time, each run records the CPU time the relay's processes and the client used: on a
 * shared machine wall time varies with other load, CPU per byte much less.
 * A run whose byte count or pattern samples differ is invalid: its figure would be meaningless.
 */
import { type Channel, receiveLine } from "./channel.js";
import { type Contender, withTimeout } from "./contenders.js";
import { CHUNK, samplesMatch } from "./pattern.js";
import { InvalidMeasurement } from "./report.js";

const RUN_TIMEOUT_MS = 60_000;

/** One throughput run. */
export interface Run {
  seconds: number;
  /** CPU seconds used by the relay (null for direct TCP). */
  relayCpu: number | null;
  /** CPU seconds used by this process (the client). */
  clientCpu: number;
}

/** A stopwatch for wall time, relay CPU and client CPU. */
function stopwatch(contender: Contender): () => Run {
  const relay0 = contender.cpuSeconds();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const seconds = (performance.now() - t0) / 1000;
    const relay1 = contender.cpuSeconds();
    const client = process.cpuUsage(client0);
    return {
      seconds,
      relayCpu: relay0 === null || relay1 === null ? null : relay1 - relay0,
      clientCpu: (client.user + client.system) / 1e6,
    };
  };
}

/** Moves `bytes` upstream server → client through `contender`. */
export async function downstreamRun(contender: Contender, bytes: number): Promise<Run> {
  const channel = await contender.dial();
  try {
    const done = new Promise<Run>((resolve, reject) => {
      let received = 0;
      let bad = 0;
      const stop = stopwatch(contender);
      channel.onData = (data) => {
        if (!samplesMatch(data, received)) bad++;
        received += data.length;
        if (received < bytes) return;
        const run = stop();
        if (received !== bytes || bad > 0) {
          reject(
            new InvalidMeasurement(
              `${contender.name} downstream: received ${received} of ${bytes} bytes, ${bad} corrupt chunks`,
            ),
          );
        } else resolve(run);
      };
      channel.closed.then(() =>
        reject(
          new InvalidMeasurement(`${contender.name} downstream: closed after ${received} of ${bytes} bytes`),
        ),
      );
      channel.send(Buffer.from(`PUSH ${bytes}\n`));
    });
    return await withTimeout(done, RUN_TIMEOUT_MS, `${contender.name} downstream: no result in time`);
  } finally {
    await shut(channel);
  }
}

/** Moves `bytes` client → upstream server through `contender`. */
export async function upstreamRun(contender: Contender, bytes: number): Promise<Run> {
  const channel = await contender.dial();
  try {
    channel.send(Buffer.from(`SINK ${bytes}\n`));
    await receiveLine(channel);
    const answer = receiveLine(channel, RUN_TIMEOUT_MS);
    const stop = stopwatch(contender);
    for (let sent = 0; sent < bytes; ) {
      const length = Math.min(CHUNK, bytes - sent);
      const more = channel.sendPattern(sent, length);
      sent += length;
      if (!more) await channel.writable();
      if (!channel.isOpen)
        throw new InvalidMeasurement(`${contender.name} upstream: closed after ${sent} bytes`);
    }
    const line = await answer;
    const run = stop();
    const [ok, count, bad] = line.trim().split(" ");
    if (ok !== "OK" || Number(count) !== bytes || Number(bad) !== 0) {
      throw new InvalidMeasurement(
        `${contender.name} upstream: server counted ${count} of ${bytes} bytes, ${bad} corrupt chunks`,
      );
    }
    return run;
  } finally {
    await shut(channel);
  }
}

/** Closes a channel and waits for it (bounded), so runs do not overlap. */
export async function shut(channel: Channel): Promise<void> {
  channel.destroy();
  await withTimeout(channel.closed, 5000, "a channel did not close").catch(() => {});
}
