/**
 * Byte-level fuzzing of the response decoder (PROTOCOL.md §3.11d): about 100k inputs per run, random
 * and mutated, each fed whole and cut at random points. Invariants: no exception escapes, every event
 * is a declared one with a sane shape, the decoder's memory stays under the limits, the number of
 * steps is bounded by the input, cutting the input never changes the events, and literal bytes are
 * never read as protocol.
 */
import fc from "fast-check";
import { describe, it } from "vitest";
import type { DecodeEvent } from "../src/codec/decode-event.js";
import { type DecoderOptions, ResponseDecoder } from "../src/codec/decoder.js";
import { STREAM_THRESHOLD } from "../src/codec/limits.js";
import { ImapRemoteError } from "../src/errors.js";
import { bytes, concatBytes } from "./feed.js";

/** Small limits, so that fuzzed inputs hit every one of them. */
const LIMITS = {
  maxLineLength: 200,
  maxLiteralSize: 300,
  maxResponseSize: 600,
  maxNesting: 6,
  streamThreshold: 48,
} as const;

const RESPONSE_TYPES = new Set([
  "status",
  "continuation",
  "capability",
  "enabled",
  "id",
  "namespace",
  "list",
  "mailboxStatus",
  "flags",
  "exists",
  "recent",
  "expunge",
  "vanished",
  "search",
  "esearch",
  "sort",
  "thread",
  "fetch",
  "unparsed",
]);
const BODY_ITEMS = new Set(["BODY", "BINARY", "RFC822", "RFC822.HEADER", "RFC822.TEXT"]);
const REJECT_CODES = new Set([
  "IMAP_ERR_LINE_TOO_LONG",
  "IMAP_ERR_LITERAL_TOO_LARGE",
  "IMAP_ERR_RESPONSE_TOO_LARGE",
  "IMAP_ERR_NESTING_TOO_DEEP",
]);
const LOST_CODES = new Set(["IMAP_ERR_BAD_LITERAL", "IMAP_ERR_LITERAL_TOO_LARGE"]);

const isCount = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 0;

/** Fails unless `event` is a declared event with a sane shape. */
function checkEvent(event: DecodeEvent, options: DecoderOptions): void {
  switch (event.type) {
    case "response":
      if (!RESPONSE_TYPES.has(event.response.type))
        throw new Error(`unknown response ${event.response.type}`);
      if (!isCount(event.size) || event.size === 0) throw new Error("bad response size");
      if (event.response.type === "unparsed" && !(event.response.raw instanceof Uint8Array)) {
        throw new Error("unparsed without raw bytes");
      }
      return;
    case "bodyStarted":
      if (!BODY_ITEMS.has(event.item) || typeof event.section !== "string") throw new Error("bad body item");
      if (
        !isCount(event.seq) ||
        !isCount(event.size) ||
        event.size <= (options.streamThreshold ?? STREAM_THRESHOLD)
      ) {
        throw new Error("bad bodyStarted numbers");
      }
      if ((event.uid !== null && !isCount(event.uid)) || (event.origin !== null && !isCount(event.origin))) {
        throw new Error("bad bodyStarted uid/origin");
      }
      return;
    case "bodyChunk":
      if (!(event.data instanceof Uint8Array) || event.data.length === 0) throw new Error("bad bodyChunk");
      return;
    case "bodyEnded":
      return;
    case "responseRejected":
      if (!(event.error instanceof ImapRemoteError) || !REJECT_CODES.has(event.error.code)) {
        throw new Error("bad rejection");
      }
      if (!isCount(event.size) || event.size === 0) throw new Error("bad rejected size");
      return;
    case "framingLost":
      if (!(event.error instanceof ImapRemoteError) || !LOST_CODES.has(event.error.code)) {
        throw new Error("bad framingLost");
      }
      return;
    default:
      throw new Error(`undeclared event ${(event as { type: string }).type}`);
  }
}

/**
 * Structural equality of decoded values: plain objects, arrays, byte arrays, bigints, errors (by
 * code). Much faster than vitest's `toEqual` for the hundreds of thousands of comparisons here.
 */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (a instanceof ImapRemoteError || b instanceof ImapRemoteError) {
    return a instanceof ImapRemoteError && b instanceof ImapRemoteError && a.code === b.code;
  }
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b))
    return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * Feeds `chunks` and checks every invariant on the way; returns the events with each body's chunks
 * joined into one.
 */
function decodeChecked(chunks: readonly Uint8Array[], options: DecoderOptions): DecodeEvent[] {
  const decoder = new ResponseDecoder(options);
  const events: DecodeEvent[] = [];
  const total = chunks.reduce((n, c) => n + c.length, 0);
  // Every event consumes input, except bodyStarted/bodyEnded (one literal each) and framingLost.
  const maxSteps = 3 * total + chunks.length + 2;
  const memoryBound = (options.maxResponseSize ?? Number.POSITIVE_INFINITY) + 1024;
  let steps = 0;
  let body: Uint8Array[] | null = null;
  let bodyLeft = 0;
  let lost = false;
  for (const chunk of chunks) {
    decoder.push(chunk);
    for (let event = decoder.next(); event !== null; event = decoder.next()) {
      if (++steps > maxSteps) throw new Error("decoder does not terminate");
      if (lost) throw new Error("event after framingLost");
      checkEvent(event, options);
      if (event.type === "bodyStarted") {
        if (body !== null) throw new Error("nested body");
        body = [];
        bodyLeft = event.size;
      } else if (event.type === "bodyChunk") {
        if (body === null) throw new Error("bodyChunk outside a body");
        body.push(event.data.slice());
        bodyLeft -= event.data.length;
        continue;
      } else if (event.type === "bodyEnded") {
        if (body === null || bodyLeft !== 0) throw new Error("bodyEnded without the announced bytes");
        events.push({ type: "bodyChunk", data: concatBytes(body) });
        body = null;
      } else if (body !== null) {
        throw new Error(`${event.type} inside a body`);
      }
      lost = event.type === "framingLost";
      events.push(event);
    }
    if (decoder.bufferedBytes > chunk.length + memoryBound) throw new Error("decoder holds too much");
  }
  return events;
}

/** `input` cut at the given points (taken modulo its length). */
function cut(input: Uint8Array, points: readonly number[]): Uint8Array[] {
  const at = [...new Set(points.map((p) => p % (input.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of at) {
    chunks.push(input.slice(start, p));
    start = p;
  }
  chunks.push(input.slice(start));
  return chunks;
}

/** Decodes whole and cut; both must pass every check and agree. */
function checkEverywhere(
  input: Uint8Array,
  points: readonly number[],
  options: DecoderOptions,
): DecodeEvent[] {
  const whole = decodeChecked([input], options);
  const pieces = decodeChecked(cut(input, points), options);
  if (!same(pieces, whole)) throw new Error("cutting the input changed the events");
  return whole;
}

const optionsArb: fc.Arbitrary<DecoderOptions> = fc.constantFrom<DecoderOptions>(
  LIMITS,
  { ...LIMITS, streamThreshold: 4 },
  { ...LIMITS, maxLiteralSize: 16, maxNesting: 2 },
  { maxResponseSize: 4096 },
);
const pointsArb = fc.array(fc.nat(), { maxLength: 5 });

/** Fragments that steer random inputs into the framer's and parser's interesting states. */
const TOKENS = [
  "* ",
  "+ ",
  "A1 ",
  "OK ",
  "NO ",
  "BAD ",
  "BYE ",
  "FETCH ",
  "1 ",
  "42 ",
  "(",
  ")",
  "[",
  "]",
  "<0>",
  " ",
  "\r\n",
  "\n",
  "\r",
  "\0",
  '"',
  "\\",
  "{",
  "}",
  "~",
  "+",
  "{0}\r\n",
  "{3}\r\n",
  "{5}\n",
  "{012}\r\n",
  "~{4}\r\n",
  "{60}\r\n",
  "{4+}\r\n",
  "{-1}\r\n",
  "{99999999999}\r\n",
  "BODY[] ",
  "BODY[TEXT]<5> ",
  "BINARY[1] ",
  "RFC822 ",
  "UID 7 ",
  "FLAGS (\\Seen) ",
  "ENVELOPE ",
  "NIL ",
  "LIST ",
  "SEARCH ",
  "[CAPABILITY IMAP4rev1]",
];
const tokenSoupArb = fc
  .array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })), { maxLength: 40 })
  .map((parts) => bytes(parts.join("").replace(/[^\0-\xff]/g, "?")));

/** Valid response streams covering the framing cases; mutated below. */
const CORPUS = [
  "* OK [CAPABILITY IMAP4rev1 LITERAL+] ready\r\nA1 OK done\r\n",
  "* 1 FETCH (UID 9 BODY[] {20}\r\na)\r\n{5}\r\n* OK x\r\nA1 OK\r\n)\r\nA2 OK done\r\n",
  "* 1 FETCH (BODY[] {0}\r\n)\r\n* 2 FETCH (BODY[1] {0}\r\n UID 5)\r\n",
  "* 4 FETCH (BODY[1] {003}\r\none BODY[2] {012}\r\nhello world!)\r\n",
  "* 1 FETCH (BINARY[1] ~{6}\r\n\0\0\r\n\0\0)\r\n",
  '* OK [ALERT] "unterminated {5}\r\n* LIST () "\\\\" {5}\r\nINBOX\r\n',
  "* 1 FETCH (BODY[] {3}\nabc)\n* OK bare\n",
  '* LIST (\\HasNoChildren) "/" {5}\r\nINBOX\r\n* STATUS {5}\r\nINBOX (MESSAGES 3)\r\n',
  "\0\0* 3 EXISTS\r\n* 1 RECENT\r\n* 2 EXPUNGE\r\n",
  `* 7 FETCH (UID 42 BODY[TEXT]<0> {70}\r\n${"b".repeat(70)} FLAGS (\\Seen))\r\n`,
  '* 2 FETCH (ENVELOPE ("d" {7}\r\nSubject NIL NIL NIL NIL NIL NIL NIL NIL) RFC822.SIZE 44)\r\n',
  '* SEARCH 1 2 3 (MODSEQ 917162500)\r\n* ESEARCH (TAG "A282") UID MIN 2 COUNT 3 ALL 1:3,5\r\n',
  "* VANISHED (EARLIER) 1:26183,26185\r\n* THREAD (2)(3 6 (4 23)(44 7 96))\r\n",
  `* 1 FETCH (X-EXT ${"(".repeat(8)}1${")".repeat(8)})\r\n+ idling\r\n`,
  `* SEARCH${" 12345".repeat(40)}\r\nA3 NO [TRYCREATE] no\r\n`,
  // Larger than the response limits: many literals, or many lines joined by {0} literals.
  `* 1 FETCH (${Array.from({ length: 12 }, (_, i) => `BODY[${i}] {250}\r\n${"c".repeat(250)}`).join(" ")})\r\n`,
  `* 1 FETCH (X-EXT (${`${"d".repeat(150)} {0}\r\n`.repeat(20)}))\r\nA4 OK\r\n`,
].map(bytes);

const mutationArb = fc.record({
  kind: fc.constantFrom("insert", "delete", "flip", "duplicate"),
  at: fc.nat(),
  value: fc.integer({ min: 0, max: 255 }),
  length: fc.integer({ min: 1, max: 12 }),
});

type Mutation = typeof mutationArb extends fc.Arbitrary<infer T> ? T : never;

function mutate(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = input;
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    if (m.kind === "insert")
      out = concatBytes([out.subarray(0, at), Uint8Array.of(m.value), out.subarray(at)]);
    else if (m.kind === "delete") out = concatBytes([out.subarray(0, at), out.subarray(at + m.length)]);
    else if (m.kind === "duplicate") out = concatBytes([out.subarray(0, at + m.length), out.subarray(at)]);
    else if (at < out.length) {
      out = out.slice();
      out[at] = m.value;
    }
  }
  return out;
}

/** Literal content that looks like protocol, wrapped in random bytes. */
const PROTOCOL_LOOKALIKES = [
  "\r\nA1 OK done\r\n",
  "A1 OK done\r\n",
  "\r\nA1 BAD {5}\r\n",
  "\nA1 NO x\n",
  '\r\nA1 OK "{3}\r\n',
  "\r\n* 1 FETCH (BODY[] {0}\r\n)\r\nA1 OK\r\n",
];
const literalArb = fc
  .tuple(
    fc.uint8Array({ maxLength: 40 }),
    fc.constantFrom(...PROTOCOL_LOOKALIKES),
    fc.uint8Array({ maxLength: 80 }),
  )
  .map(([before, middle, after]) => concatBytes([before, bytes(middle), after]));

/** One valid response carrying `literal` somewhere a literal is allowed, or a harmless one. */
const validResponseArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 9999 }), literalArb)
    .map(([seq, lit]) =>
      concatBytes([bytes(`* ${seq} FETCH (UID ${seq * 3} BODY[] {${lit.length}}\r\n`), lit, bytes(")\r\n")]),
    ),
  fc
    .tuple(literalArb, fc.constantFrom("\r\n", "\n"))
    .map(([lit, eol]) => concatBytes([bytes(`* LIST () "/" {${lit.length}}${eol}`), lit, bytes(eol)])),
  literalArb.map((lit) =>
    concatBytes([
      bytes(`* 5 FETCH (ENVELOPE (NIL ~{${lit.length}}\r\n`),
      lit,
      bytes(" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n"),
    ]),
  ),
  fc
    .tuple(literalArb, literalArb)
    .map(([a, b]) =>
      concatBytes([
        bytes(`* 2 FETCH (BINARY[1] ~{${a.length}}\r\n`),
        a,
        bytes(` BODY[HEADER] {00${b.length}}\r\n`),
        b,
        bytes(")\r\n"),
      ]),
    ),
  fc.constantFrom("A2 OK done\r\n", "* 4 EXISTS\r\n", "\0* OK still here\r\n").map(bytes),
);

/** Generous per-property budget for slow shared machines; a run takes a few seconds. */
const TIMEOUT_MS = 60_000;

describe("decoder fuzz", () => {
  it(
    "survives random bytes",
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), pointsArb, optionsArb, (input, points, options) => {
          checkEverywhere(input, points, options);
        }),
        { numRuns: 15_000 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    "survives random sequences of protocol fragments",
    () => {
      fc.assert(
        fc.property(tokenSoupArb, pointsArb, optionsArb, (input, points, options) => {
          checkEverywhere(input, points, options);
        }),
        { numRuns: 30_000 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    "survives mutated valid responses",
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...CORPUS),
          fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
          pointsArb,
          optionsArb,
          (input, mutations, points, options) => {
            checkEverywhere(mutate(input, mutations), points, options);
          },
        ),
        { numRuns: 35_000 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    "never reads literal bytes as protocol",
    () => {
      fc.assert(
        fc.property(
          fc.array(validResponseArb, { minLength: 1, maxLength: 6 }),
          pointsArb,
          optionsArb,
          (parts, points, options) => {
            const events = checkEverywhere(concatBytes(parts), points, options);
            for (const event of events) {
              if (event.type === "framingLost") throw new Error("framing lost on a valid stream");
              if (event.type !== "response") continue;
              const response = event.response;
              if ((response.type === "status" || response.type === "unparsed") && response.tag === "A1") {
                throw new Error("literal bytes were read as a tagged response");
              }
            }
            const completions = events.filter(
              (e) => e.type === "response" && e.response.type === "status" && e.response.tag === "A2",
            );
            const sent = parts.filter((p) => p[0] === 0x41).length;
            if (completions.length !== sent) throw new Error(`${completions.length} of ${sent} completions`);
          },
        ),
        { numRuns: 20_000 },
      );
    },
    TIMEOUT_MS,
  );
});
