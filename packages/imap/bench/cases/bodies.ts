/**
 * Bodies: 300 `BODY[]` literals of 64 KiB. The baseline is the least any framer does, a
 * `Uint8Array.indexOf` scan for LF over the same chunks; the target is ours >= 50% of its
 * throughput. Ours runs twice: with the default stream threshold (64 KiB: these literals are at
 * the threshold, not above it, so they are materialised) and with the threshold lowered so they
 * stream as zero-copy chunks. imapflow's framing + parser is timed for reference.
 */
import type { DecodeEvent } from "../../src/codec/decode-event.js";
import type { BodySection } from "../../src/types/response.js";
import { expectCounts, expectTrue, MismatchError } from "../check.js";
import { type BodiesCorpus, generateBodies } from "../corpus/bodies.js";
import { cutChunks } from "../corpus/bytes.js";
import { asBuffers, runImapflow } from "../impl/imapflow.js";
import { countLineFeeds } from "../impl/index-of.js";
import { type DecoderOptions, describeEvent, runOurs } from "../impl/ours.js";
import { type Contender, measure, type Rounds } from "../measure.js";
import { type CaseOutcome, caseLine, note, ratioOf, type TargetLine } from "../report.js";

const CASE = "bodies";
const TAG = "A0107";
/** The target: our throughput at least this fraction of the indexOf scan's. */
const TARGET_FRACTION = 0.5;
/** Lowered so the 64 KiB literals stream. */
const STREAMING: DecoderOptions = { streamThreshold: 4 * 1024 };

type Counts = Record<string, number>;

function unexpected(event: DecodeEvent, impl: string): MismatchError {
  return new MismatchError(`${CASE}/${impl}: unexpected ${describeEvent(event)}`);
}

function sectionOf(sections: readonly BodySection[] | undefined): BodySection | undefined {
  return sections?.length === 1 ? sections[0] : undefined;
}

/** The timed consumer: counts responses, UIDs and body bytes, whether materialised or streamed. */
function oursCheap(chunks: readonly Uint8Array[], options: DecoderOptions, impl: string): Counts {
  let responses = 0;
  let messages = 0;
  let uidSum = 0;
  let bodyBytes = 0;
  let streamed = 0;
  runOurs(chunks, options, (event) => {
    switch (event.type) {
      case "bodyStarted":
        streamed++;
        return;
      case "bodyChunk":
        bodyBytes += event.data.length;
        return;
      case "bodyEnded":
        return;
      case "response": {
        responses++;
        const response = event.response;
        if (response.type === "status") return;
        if (response.type !== "fetch") throw unexpected(event, impl);
        messages++;
        uidSum += response.items.uid ?? 0;
        bodyBytes += sectionOf(response.items.sections)?.data?.length ?? 0;
        return;
      }
      default:
        throw unexpected(event, impl);
    }
  });
  return { responses, messages, uidSum, bodyBytes, streamed };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/**
 * The untimed check: every body's bytes, UID and section equal the generator's, streamed bodies
 * arrive as start / chunks / end before their FETCH, materialised ones inside it.
 */
function oursDeep(
  corpus: BodiesCorpus,
  chunks: readonly Uint8Array[],
  options: DecoderOptions,
  impl: string,
): void {
  const stream =
    options.streamThreshold !== undefined && options.streamThreshold < (corpus.bodies[0]?.length ?? 0);
  let index = 0;
  let parts: Uint8Array[] | null = null;
  let taggedOk = false;
  const fail = (what: string): never => {
    throw new MismatchError(`${CASE}/${impl}: message ${index + 1}: ${what}`);
  };
  runOurs(chunks, options, (event) => {
    const body = corpus.bodies[index];
    const uid = corpus.uids[index];
    switch (event.type) {
      case "bodyStarted":
        if (!stream || parts !== null) fail("unexpected bodyStarted");
        if (event.seq !== index + 1 || event.uid !== uid || event.item !== "BODY" || event.section !== "")
          fail(`bodyStarted fields ${JSON.stringify({ ...event })}`);
        if (event.size !== body?.length) fail(`bodyStarted size ${event.size}`);
        parts = [];
        return;
      case "bodyChunk":
        // Views are valid only until the next push: keep a copy.
        if (parts === null) fail("bodyChunk outside a body");
        else parts.push(event.data.slice());
        return;
      case "bodyEnded":
        if (parts === null || body === undefined) fail("bodyEnded outside a body");
        else if (!sameBytes(Buffer.concat(parts), body)) fail("streamed bytes differ from the corpus");
        return;
      case "response": {
        const response = event.response;
        if (response.type === "status") {
          taggedOk = response.tag === TAG && response.condition === "OK" && index === corpus.bodies.length;
          return;
        }
        if (response.type !== "fetch") throw unexpected(event, impl);
        const section = sectionOf(response.items.sections);
        if (response.seq !== index + 1 || response.items.uid !== uid)
          fail(`seq ${response.seq} uid ${response.items.uid}`);
        if (
          section === undefined ||
          section.item !== "BODY" ||
          section.section !== "" ||
          section.origin !== null
        )
          fail("no single BODY[] section");
        if (stream) {
          if (parts === null || section?.data !== null || section.streamedSize !== body?.length)
            fail("streamed FETCH does not report its streamed size");
        } else if (body === undefined || !section?.data || !sameBytes(section.data, body))
          fail("materialised bytes differ from the corpus");
        parts = null;
        index++;
        return;
      }
      default:
        throw unexpected(event, impl);
    }
  });
  expectTrue(`${CASE}/${impl}: ${index} of ${corpus.bodies.length} bodies, then the tagged OK`, taggedOk);
}

/** imapflow's framing + parser; counts the literal bytes it collected. */
async function imapflowCheap(chunks: readonly Buffer[]): Promise<Counts> {
  const counts = { responses: 0, messages: 0, uidSum: 0, bodyBytes: 0 };
  await runImapflow(chunks, (response) => {
    counts.responses++;
    const items = response.attributes?.[1];
    if (response.tag !== "*" || !Array.isArray(items)) return;
    counts.messages++;
    for (let i = 0; i + 1 < items.length; i += 2) {
      const key = items[i];
      const value = items[i + 1];
      if (!key || Array.isArray(key) || !value || Array.isArray(value)) continue;
      if (key.value === "UID") counts.uidSum += Number(value.value);
      else if (key.value === "BODY" && Buffer.isBuffer(value.value)) counts.bodyBytes += value.value.length;
    }
  });
  return counts;
}

export async function runBodies(rounds: Rounds): Promise<CaseOutcome> {
  const corpus = generateBodies();
  const { expected } = corpus;
  const chunks = cutChunks(corpus.bytes);
  const buffers = asBuffers(chunks);
  note(
    `${CASE}: ${corpus.bytes.length} bytes, ${expected.messages} literals, ${chunks.length} chunks; checking outputs`,
  );
  const want: Counts = { ...expected, streamed: 0 };
  const wantStreamed: Counts = { ...expected, streamed: expected.messages };
  oursDeep(corpus, chunks, {}, "ours");
  oursDeep(corpus, chunks, STREAMING, "ours-streamed");
  expectCounts(`${CASE}/imapflow-parser`, await imapflowCheap(buffers), want);

  const contenders: Contender<Counts>[] = [
    {
      impl: "ours",
      run: () => oursCheap(chunks, {}, "ours"),
      check: (c) => expectCounts(`${CASE}/ours`, c, want),
    },
    {
      impl: "ours-streamed",
      run: () => oursCheap(chunks, STREAMING, "ours-streamed"),
      check: (c) => expectCounts(`${CASE}/ours-streamed`, c, wantStreamed),
    },
    {
      impl: "indexOf-scan",
      run: () => ({ lineFeeds: countLineFeeds(chunks) }),
      check: (c) => expectCounts(`${CASE}/indexOf-scan`, c, want),
    },
    {
      impl: "imapflow-parser",
      run: () => imapflowCheap(buffers),
      check: (c) => expectCounts(`${CASE}/imapflow-parser`, c, want),
    },
  ];
  note(`${CASE}: timing ${rounds.warmup} warm-up + ${rounds.runs} runs each`);
  const timings = await measure(contenders, rounds);
  const lines = timings.map((t) => caseLine(CASE, t, corpus.bytes.length, expected.responses));
  const scan = lines.find((l) => l.impl === "indexOf-scan");
  if (!scan) throw new Error(`${CASE}: missing timings`);
  const targets: TargetLine[] = [];
  for (const [impl, variant] of [
    ["ours", "default stream threshold (64 KiB literals materialised)"],
    ["ours-streamed", `stream threshold ${STREAMING.streamThreshold} (64 KiB literals streamed)`],
  ] as const) {
    const line = lines.find((l) => l.impl === impl);
    if (!line) throw new Error(`${CASE}: missing timings for ${impl}`);
    const ratio = line.mb_per_s / scan.mb_per_s;
    targets.push({
      summary: CASE,
      impl,
      variant,
      target: `ours >= ${TARGET_FRACTION * 100}% of a Uint8Array.indexOf LF scan's throughput`,
      ratio: ratioOf(ratio),
      threshold: TARGET_FRACTION,
      met: ratio >= TARGET_FRACTION,
      cpu_ratio: ratioOf(scan.cpu_median_ms / line.cpu_median_ms),
      ours_mb_per_s: line.mb_per_s,
      baseline_mb_per_s: scan.mb_per_s,
    });
  }
  return { lines, targets };
}
