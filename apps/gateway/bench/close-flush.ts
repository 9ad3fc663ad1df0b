/**
 * Close flush: the upstream server writes 4 MiB and closes at once (as an IMAP server does right
 * after `* BYE`), while the client reads slowly: it reads nothing for the first moments, then reads
 * in short bursts. Every byte written before the close must reach the client, in order, before the
 * session ends. A relay that drops what it still had queued for the client when the upstream went
 * away fails here.
 */
import type { Closed } from "./channel.js";
import { type Contender, sleep, withTimeout } from "./contenders.js";
import { samplesMatch } from "./pattern.js";
import { shut } from "./throughput.js";

/** Time the client reads nothing, so the upstream has written everything and closed. */
const STALL_MS = 300;
/** Then: read for READ_MS out of every CYCLE_MS. */
const READ_MS = 1;
const CYCLE_MS = 10;
const TIMEOUT_MS = 60_000;

/** What the client got. */
export interface FlushResult {
  sent: number;
  received: number;
  corruptChunks: number;
  closeCode: number;
  seconds: number;
}

/** Runs the close-flush check through `contender` with `bytes` bytes. */
export async function closeFlush(contender: Contender, bytes: number): Promise<FlushResult> {
  const channel = await contender.dial();
  let received = 0;
  let corrupt = 0;
  channel.onData = (data) => {
    if (!samplesMatch(data, received)) corrupt++;
    received += data.length;
  };
  const started = performance.now();
  try {
    channel.send(Buffer.from(`FLUSH ${bytes}\n`));
    channel.pause();
    let closed: Closed | null = null;
    channel.closed.then((c) => {
      closed = c;
    });
    const slowReader = async () => {
      await sleep(STALL_MS);
      while (closed === null) {
        channel.resume();
        await sleep(READ_MS);
        channel.pause();
        await sleep(CYCLE_MS - READ_MS);
      }
      channel.resume();
    };
    await withTimeout(slowReader(), TIMEOUT_MS, `${contender.name} flush: not closed after ${TIMEOUT_MS} ms`);
    const end = await channel.closed;
    return {
      sent: bytes,
      received,
      corruptChunks: corrupt,
      closeCode: end.code,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await shut(channel);
  }
}
