/**
 * The SEARCH corpus: one untagged `* SEARCH` line with many numbers (Gmail answers `UID SEARCH
 * ALL` on a large mailbox this way) and its tagged OK. UIDs ascend with small random gaps, as
 * in a mailbox where some messages were expunged.
 */
import { ByteWriter } from "./bytes.js";
import { Prng } from "./prng.js";

export interface SearchExpected {
  /** Every response, the final tagged OK included. */
  responses: number;
  numbers: number;
  numberSum: number;
}

export interface SearchCorpus {
  readonly bytes: Uint8Array;
  readonly expected: SearchExpected;
}

/** `* SEARCH` with `count` UIDs, CRLF, then a tagged OK. */
export function generateSearch(count: number, seed = 3): SearchCorpus {
  const r = new Prng(seed);
  const w = new ByteWriter();
  let uid = 100_000;
  let sum = 0;
  // Numbers go in batches so the writer is not called once per number.
  let line = "* SEARCH";
  for (let i = 0; i < count; i++) {
    uid += r.chance(0.9) ? 1 : r.int(2, 9);
    sum += uid;
    line += ` ${uid}`;
    if (line.length > 60_000) {
      w.text(line);
      line = "";
    }
  }
  w.text(`${line}\r\nA0311 OK Search completed (0.512 + 0.000 + 0.498 secs).\r\n`);
  return { bytes: w.finish(), expected: { responses: 2, numbers: count, numberSum: sum } };
}
