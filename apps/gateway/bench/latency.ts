/**
 * Round-trip latency: one small message (32 bytes, an IMAP command's size) sent, echoed by the
 * upstream server, received whole; the next one leaves only then. Warm-up rounds are discarded.
 * The client's own cost is the same for every contender, and direct TCP's round trip is
 * subtracted when the added latency is computed.
 */
import { receiveLine } from "./channel.js";
import { type Contender, withTimeout } from "./contenders.js";
import { InvalidMeasurement, percentile } from "./report.js";
import { shut } from "./throughput.js";

const MESSAGE = Buffer.from("a001 UID FETCH 1:* (FLAGS) NOOP\n");
const TIMEOUT_MS = 60_000;

/** Round-trip figures of one contender, in microseconds. */
export interface RoundTrip {
  p50: number;
  p99: number;
  mean: number;
  rounds: number;
}

/** Times `rounds` ping-pongs after `warmup` unrecorded ones. */
export async function roundTrip(contender: Contender, rounds: number, warmup: number): Promise<RoundTrip> {
  const channel = await contender.dial();
  try {
    channel.send(Buffer.from("ECHO\n"));
    await receiveLine(channel);
    const samples = new Float64Array(rounds);
    let received = 0;
    let closed = false;
    let wake: () => void = () => {};
    channel.onData = (data) => {
      received += data.length;
      if (received >= MESSAGE.length) wake();
    };
    channel.closed.then(() => {
      closed = true;
      wake();
    });
    const pingPong = async () => {
      for (let i = -warmup; i < rounds && !closed; i++) {
        received = 0;
        const echoed = new Promise<void>((resolve) => {
          wake = resolve;
        });
        const started = process.hrtime.bigint();
        channel.send(MESSAGE);
        await echoed;
        const micros = Number(process.hrtime.bigint() - started) / 1000;
        if (received !== MESSAGE.length) {
          throw new InvalidMeasurement(`${contender.name} echo: ${received} bytes back for ${MESSAGE.length}`);
        }
        if (i >= 0) samples[i] = micros;
      }
      if (closed) throw new InvalidMeasurement(`${contender.name} echo: the connection closed`);
    };
    await withTimeout(pingPong(), TIMEOUT_MS, `${contender.name} echo: over ${TIMEOUT_MS} ms`);
    const list = Array.from(samples);
    return {
      p50: percentile(list, 50),
      p99: percentile(list, 99),
      mean: list.reduce((a, b) => a + b, 0) / list.length,
      rounds,
    };
  } finally {
    await shut(channel);
  }
}
