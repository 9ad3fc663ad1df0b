/**
 * Round-trip latency: one small message (32 bytes, an IMAP command's size) sent, echoed by the
 * upstream server, received whole; the next one leaves only then. The contenders take turns in
 * blocks of rounds (after unrecorded warm-up rounds), so load from elsewhere on the machine falls on
 * all of them alike. Direct TCP's round trip is subtracted when the added latency is computed. WebSocket
 * contenders are spoken to by the raw client (raw-ws.ts) by default, whose framing costs well under a
 * microsecond per round, so what is "added" is the relay's.
 */
import { type Channel, receiveLine } from "./channel.js";
import { type Contender, withTimeout } from "./contenders.js";
import { InvalidMeasurement, percentile } from "./report.js";
import { shut } from "./throughput.js";

const MESSAGE = Buffer.from("a001 UID FETCH 1:* (FLAGS) NOOP\n");
const BLOCK_TIMEOUT_MS = 60_000;

/** Round-trip figures of one contender, in microseconds. */
export interface RoundTrip {
  p50: number;
  p99: number;
  mean: number;
  rounds: number;
}

/**
 * Round trips measured twice: as the scheduler places the processes, and with all of them on one
 * CPU (null when that cannot be arranged; see affinity.ts).
 */
export interface Latency {
  scheduled: Map<string, RoundTrip>;
  oneCpu: Map<string, RoundTrip> | null;
}

/** One echo session and the round-trip times it has recorded. */
class EchoSession {
  readonly samples: number[] = [];
  private received = 0;
  private closed = false;
  private wake: () => void = () => {};

  constructor(
    readonly contender: Contender,
    private readonly channel: Channel,
  ) {
    channel.onData = (data) => {
      this.received += data.length;
      if (this.received >= MESSAGE.length) this.wake();
    };
    channel.closed.then(() => {
      this.closed = true;
      this.wake();
    });
  }

  static async open(contender: Contender): Promise<EchoSession> {
    const channel = await contender.dial();
    channel.send(Buffer.from("ECHO\n"));
    await receiveLine(channel);
    return new EchoSession(contender, channel);
  }

  /** Runs `rounds` ping-pongs, recording them when `record` is true. */
  run(rounds: number, record: boolean): Promise<void> {
    const name = this.contender.name;
    const block = async () => {
      for (let i = 0; i < rounds; i++) {
        if (this.closed) throw new InvalidMeasurement(`${name} echo: the connection closed`);
        this.received = 0;
        const echoed = new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        const started = process.hrtime.bigint();
        this.channel.send(MESSAGE);
        await echoed;
        const micros = Number(process.hrtime.bigint() - started) / 1000;
        if (!this.closed && this.received !== MESSAGE.length) {
          throw new InvalidMeasurement(`${name} echo: ${this.received} bytes back for ${MESSAGE.length}`);
        }
        if (record) this.samples.push(micros);
      }
    };
    return withTimeout(block(), BLOCK_TIMEOUT_MS, `${name} echo: a block took over ${BLOCK_TIMEOUT_MS} ms`);
  }

  close(): Promise<void> {
    return shut(this.channel);
  }
}

/** Times `rounds` ping-pongs per contender, in `blocks` interleaved blocks, after `warmup` rounds each. */
export async function roundTrips(
  contenders: readonly Contender[],
  rounds: number,
  warmup: number,
  blocks = 10,
): Promise<Map<string, RoundTrip>> {
  const sessions: EchoSession[] = [];
  try {
    for (const c of contenders) sessions.push(await EchoSession.open(c));
    for (const s of sessions) await s.run(warmup, false);
    for (let b = 0; b < blocks; b++) {
      const size = Math.floor(rounds / blocks) + (b < rounds % blocks ? 1 : 0);
      for (const s of sessions) await s.run(size, true);
    }
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
  const results = new Map<string, RoundTrip>();
  for (const s of sessions) {
    results.set(s.contender.name, {
      p50: percentile(s.samples, 50),
      p99: percentile(s.samples, 99),
      mean: s.samples.reduce((a, b) => a + b, 0) / s.samples.length,
      rounds: s.samples.length,
    });
  }
  return results;
}
