/**
 * The bytes every throughput and flush run carries: byte `i` of a stream is `i % 251`. A prime period
 * means a dropped, repeated or reordered chunk of any size shows up at a chunk edge, so receivers
 * check three samples per chunk (first, middle, last) instead of every byte, which keeps the check
 * off the hot path.
 */

/** Size of every write in the benchmark. */
export const CHUNK = 64 * 1024;

const PERIOD = 251;
const PATTERN = Buffer.alloc(CHUNK + PERIOD);
for (let i = 0; i < PATTERN.length; i++) PATTERN[i] = i % PERIOD;

/** The `length` (<= CHUNK) bytes of the stream starting at `offset`; a view, never mutated. */
export function patternAt(offset: number, length: number): Buffer {
  const start = offset % PERIOD;
  return PATTERN.subarray(start, start + length);
}

/** True when `data`, found at `offset` of the stream, has the expected first, middle and last bytes. */
export function samplesMatch(data: Uint8Array, offset: number): boolean {
  const n = data.length;
  if (n === 0) return true;
  const mid = n >> 1;
  return (
    data[0] === offset % PERIOD &&
    data[mid] === (offset + mid) % PERIOD &&
    data[n - 1] === (offset + n - 1) % PERIOD
  );
}
