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

/**
 * The pattern masked with one WebSocket masking key, built once so a masked frame of pattern bytes
 * costs no per-byte work when sent. A masked payload starting at stream `offset` is
 * `pattern[offset + i] ^ key[i % 4]`: the key restarts at every frame. The buffer holds
 * `pattern[j] ^ key[j % 4]`; a frame starting at stream offset `s` is the view that starts at the
 * `j` with `j ≡ s (mod 251)` and `j ≡ 0 (mod 4)`, found below 4 × 251 by the Chinese remainder theorem.
 */
export function maskedPattern(key: Uint8Array): (offset: number, length: number) => Buffer {
  if (key.length !== 4) throw new Error("a masking key has 4 bytes");
  const k0 = key[0] as number;
  const k1 = key[1] as number;
  const k2 = key[2] as number;
  const k3 = key[3] as number;
  const masked = Buffer.alloc(CHUNK + 4 * PERIOD);
  for (let j = 0; j < masked.length; j += 4) {
    masked[j] = (j % PERIOD) ^ k0;
    masked[j + 1] = ((j + 1) % PERIOD) ^ k1;
    masked[j + 2] = ((j + 2) % PERIOD) ^ k2;
    masked[j + 3] = ((j + 3) % PERIOD) ^ k3;
  }
  return (offset, length) => {
    const s = offset % PERIOD;
    // 251 ≡ 3 (mod 4), so s + 251·t ≡ s + 3t ≡ 0 (mod 4) when t ≡ s (mod 4).
    const start = s + PERIOD * (s % 4);
    return masked.subarray(start, start + length);
  };
}
