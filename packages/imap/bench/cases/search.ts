/**
 * SEARCH: one `* SEARCH` line of 50,000 and one of 200,000 UIDs. The target is linear time: 4x
 * the input may cost at most 4.5x the time (median against median). Both sizes run with the same
 * options: the line limit is raised to 4 MiB (the default 1 MiB is below the 200k line's 1.4 MB,
 * as PROTOCOL.md recommends: configurable up for huge SEARCH answers). imapflow is timed for
 * reference.
 */
import type { DecodeEvent } from "../../src/codec/decode-event.js";
import { expectCounts, MismatchError } from "../check.js";
import { cutChunks } from "../corpus/bytes.js";
import { generateSearch, type SearchCorpus } from "../corpus/search.js";
import { asBuffers, runImapflow } from "../impl/imapflow.js";
import { type DecoderOptions, describeEvent, runOurs } from "../impl/ours.js";
import { type Contender, measure, type Rounds } from "../measure.js";
import { type CaseLine, type CaseOutcome, caseLine, note, ratioOf } from "../report.js";

/** The target: time(4x the numbers) / time(1x) at most this. */
const TARGET_RATIO = 4.5;
const OPTIONS: DecoderOptions = { maxLineLength: 4 * 1024 * 1024 };
const SIZES = [50_000, 200_000] as const;

type Counts = Record<string, number>;

function unexpected(event: DecodeEvent): MismatchError {
  return new MismatchError(`search/ours: unexpected ${describeEvent(event)}`);
}

/** Counts responses and numbers; with `sum`, also adds them all up (the untimed check). */
function ours(chunks: readonly Uint8Array[], sum: boolean): Counts {
  const counts: Counts = { responses: 0, numbers: 0 };
  let total = 0;
  runOurs(chunks, OPTIONS, (event) => {
    if (event.type !== "response") throw unexpected(event);
    counts.responses = (counts.responses ?? 0) + 1;
    const response = event.response;
    if (response.type === "status") return;
    if (response.type !== "search") throw unexpected(event);
    counts.numbers = response.numbers.length;
    if (sum) for (const n of response.numbers) total += n;
  });
  if (sum) counts.numberSum = total;
  return counts;
}

async function imapflow(chunks: readonly Buffer[], sum: boolean): Promise<Counts> {
  const counts: Counts = { responses: 0, numbers: 0 };
  let total = 0;
  await runImapflow(chunks, (response) => {
    counts.responses = (counts.responses ?? 0) + 1;
    if (response.numbers === undefined) return;
    counts.numbers = response.numbers.length;
    if (sum) for (const n of response.numbers) total += n;
  });
  if (sum) counts.numberSum = total;
  return counts;
}

export async function runSearch(rounds: Rounds): Promise<CaseOutcome> {
  const corpora = SIZES.map((size) => {
    const corpus: SearchCorpus = generateSearch(size);
    const chunks = cutChunks(corpus.bytes);
    return { size, corpus, chunks, buffers: asBuffers(chunks), name: `search-${size / 1000}k` };
  });
  const contenders: Contender<Counts>[] = [];
  for (const { corpus, chunks, buffers, name } of corpora) {
    const want = corpus.expected as unknown as Counts;
    note(`${name}: ${corpus.bytes.length} bytes, ${chunks.length} chunks; checking outputs`);
    expectCounts(`${name}/ours`, ours(chunks, true), want);
    expectCounts(`${name}/imapflow-parser`, await imapflow(buffers, true), want);
    contenders.push(
      {
        impl: `${name}:ours`,
        run: () => ours(chunks, false),
        check: (c) => expectCounts(`${name}/ours`, c, want),
      },
      {
        impl: `${name}:imapflow-parser`,
        run: () => imapflow(buffers, false),
        check: (c) => expectCounts(`${name}/imapflow-parser`, c, want),
      },
    );
  }
  note(`search: timing ${rounds.warmup} warm-up + ${rounds.runs} runs each`);
  const timings = await measure(contenders, rounds);
  const lines = timings.map((t) => {
    const [name = "", impl = ""] = t.impl.split(":");
    const corpus = corpora.find((c) => c.name === name)?.corpus;
    if (!corpus) throw new Error(`search: no corpus for ${t.impl}`);
    return caseLine(name, { ...t, impl }, corpus.bytes.length, corpus.expected.responses);
  });
  const line = (name: string, impl: string): CaseLine => {
    const found = lines.find((l) => l.case === name && l.impl === impl);
    if (!found) throw new Error(`search: missing timings for ${name}/${impl}`);
    return found;
  };
  const median = (name: string, impl: string): number => line(name, impl).median_ms;
  const [small, large] = corpora;
  if (!small || !large) throw new Error("search: missing corpora");
  const ratio = median(large.name, "ours") / median(small.name, "ours");
  return {
    lines,
    targets: [
      {
        summary: "search",
        target: `time(${large.size} numbers) / time(${small.size} numbers) <= ${TARGET_RATIO}`,
        ratio: ratioOf(ratio),
        threshold: TARGET_RATIO,
        met: ratio <= TARGET_RATIO,
        cpu_ratio: ratioOf(line(large.name, "ours").cpu_median_ms / line(small.name, "ours").cpu_median_ms),
        input_ratio: ratioOf(large.corpus.bytes.length / small.corpus.bytes.length),
        ours_ms: [median(small.name, "ours"), median(large.name, "ours")],
        imapflow_ratio: ratioOf(
          median(large.name, "imapflow-parser") / median(small.name, "imapflow-parser"),
        ),
      },
    ],
  };
}
