/**
 * Throughput, one session at a time, 64 KiB writes.
 * - Downstream: the upstream server pushes `bytes` as fast as its socket drains; the clock runs from
 *   the client's PUSH command to the last byte received.
 * - Upstream: after the server's READY, the client sends `bytes` in 64 KiB messages, waiting whenever
 *   its send queue (`bufferedAmount`, or the socket's buffer) is above 1 MiB; the clock stops when
 *   the server reports it has counted them all.
 * A run whose byte count or pattern samples differ is invalid: its figure would be meaningless.
 */
import { type Channel, receiveLine } from "./channel.js";
import type { Contender } from "./contenders.js";
import { withTimeout } from "./contenders.js";
import { CHUNK, patternAt, samplesMatch } from "./pattern.js";
import { InvalidMeasurement } from "./report.js";

const RUN_TIMEOUT_MS = 60_000;

/** Seconds for `bytes` to travel upstream server → client through `contender`. */
export async function downstreamSeconds(contender: Contender, bytes: number): Promise<number> {
  const channel = await contender.dial();
  try {
    const done = new Promise<number>((resolve, reject) => {
      let received = 0;
      let bad = 0;
      const started = performance.now();
      channel.onData = (data) => {
        if (!samplesMatch(data, received)) bad++;
        received += data.length;
        if (received < bytes) return;
        const seconds = (performance.now() - started) / 1000;
        if (received !== bytes || bad > 0) {
          reject(
            new InvalidMeasurement(
              `${contender.name} downstream: received ${received} of ${bytes} bytes, ${bad} corrupt chunks`,
            ),
          );
        } else resolve(seconds);
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

/** Seconds for `bytes` to travel client → upstream server through `contender`. */
export async function upstreamSeconds(contender: Contender, bytes: number): Promise<number> {
  const channel = await contender.dial();
  try {
    channel.send(Buffer.from(`SINK ${bytes}\n`));
    await receiveLine(channel);
    const answer = receiveLine(channel, RUN_TIMEOUT_MS);
    const started = performance.now();
    for (let sent = 0; sent < bytes; ) {
      const length = Math.min(CHUNK, bytes - sent);
      const more = channel.send(patternAt(sent, length));
      sent += length;
      if (!more) await channel.writable();
      if (!channel.isOpen)
        throw new InvalidMeasurement(`${contender.name} upstream: closed after ${sent} bytes`);
    }
    const line = await answer;
    const seconds = (performance.now() - started) / 1000;
    const [ok, count, bad] = line.trim().split(" ");
    if (ok !== "OK" || Number(count) !== bytes || Number(bad) !== 0) {
      throw new InvalidMeasurement(
        `${contender.name} upstream: server counted ${count} of ${bytes} bytes, ${bad} corrupt chunks`,
      );
    }
    return seconds;
  } finally {
    await shut(channel);
  }
}

/** Closes a channel and waits for it (bounded), so runs do not overlap. */
export async function shut(channel: Channel): Promise<void> {
  channel.destroy();
  await withTimeout(channel.closed, 5000, "a channel did not close").catch(() => {});
}
