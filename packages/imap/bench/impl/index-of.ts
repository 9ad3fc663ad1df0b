/**
 * The scan baseline: the least any framer must do, find every LF in every chunk with
 * `Uint8Array.prototype.indexOf` (a native memchr). No parsing, no copying.
 */
export function countLineFeeds(chunks: readonly Uint8Array[]): number {
  let count = 0;
  for (const chunk of chunks) {
    let i = chunk.indexOf(0x0a);
    while (i !== -1) {
      count++;
      i = chunk.indexOf(0x0a, i + 1);
    }
  }
  return count;
}
