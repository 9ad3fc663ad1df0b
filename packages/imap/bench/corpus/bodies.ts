/**
 * The bodies corpus: what opening messages costs, i.e. the answers to `UID FETCH n (UID BODY[])`.
 * Each response carries one 64 KiB literal of mail-like text with CRLF line ends whose bytes
 * include everything a framer must not react to inside a literal: `)`, `{5}` and `{65536}`
 * literal announcements, `* OK` and tagged-looking lines, quotes and backslashes.
 */
import { ByteWriter, utf8 } from "./bytes.js";
import { Prng } from "./prng.js";

export interface BodiesExpected {
  /** Every response, the final tagged OK included. */
  responses: number;
  messages: number;
  uidSum: number;
  bodyBytes: number;
  /** LF octets in the whole corpus (what the `indexOf` baseline counts). */
  lineFeeds: number;
}

export interface BodiesCorpus {
  readonly bytes: Uint8Array;
  /** Each message's body, in order, to check decoded bytes against. */
  readonly bodies: readonly Uint8Array[];
  readonly uids: readonly number[];
  readonly expected: BodiesExpected;
}

const WORDS = [
  "the",
  "mailbox",
  "literal",
  "server",
  "quarterly",
  "numbers",
  "please",
  "review",
  "attached",
  "meeting",
  "(see",
  "below)",
  "{5}",
  "}",
  "{",
  ")",
  "(",
  '"quoted"',
  "back\\slash",
  "* OK",
  "A001",
  "FETCH",
  "=20",
  "résumé",
  "naïve",
  "über",
  "thanks,",
  "regards",
  "--",
  ">",
  "http://example.com/a?b=c&d=(e)",
  "{65536}",
];

/** Mail-like text of exactly `size` bytes, CRLF line ends, never a bare CR or LF. */
function bodyText(r: Prng, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let pos = 0;
  let line = "";
  while (pos < size) {
    const roll = r.float();
    if (roll < 0.01) line = `* ${r.int(1, 999)} FETCH (UID ${r.int(1, 99999)} BODY[] {5}`;
    else if (roll < 0.02) line = `A${r.int(100, 999)} OK done)`;
    else if (roll < 0.06) line = "";
    else if (roll < 0.12) line = `> ${line.slice(0, 60)}`;
    else {
      line = "";
      const target = r.int(20, 76);
      while (line.length < target) line += `${r.pick(WORDS)} `;
    }
    const bytes = utf8(`${line}\r\n`);
    const n = Math.min(bytes.length, size - pos);
    out.set(bytes.subarray(0, n), pos);
    pos += n;
  }
  // End on CRLF so the literal never ends in the middle of a line ending.
  out[size - 2] = 0x0d;
  out[size - 1] = 0x0a;
  // A truncated copy may have left a lone CR before the end: make it a space.
  for (let i = Math.max(0, size - 80); i < size - 2; i++)
    if (out[i] === 0x0d && out[i + 1] !== 0x0a) out[i] = 0x20;
  return out;
}

/** `count` responses `* n FETCH (UID u BODY[] {size}` CRLF bytes `)` CRLF, then a tagged OK. */
export function generateBodies(seed = 2, count = 300, size = 64 * 1024): BodiesCorpus {
  const r = new Prng(seed);
  const w = new ByteWriter();
  const bodies: Uint8Array[] = [];
  const uids: number[] = [];
  const expected: BodiesExpected = { responses: 0, messages: 0, uidSum: 0, bodyBytes: 0, lineFeeds: 0 };
  let uid = 7_000 + r.int(0, 999);
  for (let seq = 1; seq <= count; seq++) {
    const body = bodyText(r, size);
    bodies.push(body);
    uids.push(uid);
    w.text(`* ${seq} FETCH (UID ${uid} BODY[] `).literal(body).text(")\r\n");
    expected.responses++;
    expected.messages++;
    expected.uidSum += uid;
    expected.bodyBytes += body.length;
    uid += r.int(1, 5);
  }
  w.text("A0107 OK Fetch completed.\r\n");
  expected.responses++;
  const bytes = w.finish();
  for (const byte of bytes) if (byte === 0x0a) expected.lineFeeds++;
  return { bytes, bodies, uids, expected };
}
