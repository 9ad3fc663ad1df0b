/**
 * FETCH data routed by item and streamed bodies by section, against a real Dovecot: two FETCHes of
 * the same message in flight at once, one for the whole message and one for a part, each get only
 * what they asked for — the streamed bytes in their own sink, and their own section on the result.
 */
import { createHash } from "node:crypto";
import { type Dovecot, type DovecotUser, startDovecot } from "@tagwire/dovecot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prng } from "../../bench/corpus/prng.js";
import type { BodySink } from "../../src/client/options.js";
import { STREAM_THRESHOLD } from "../../src/codec/limits.js";
import type { ImapClient } from "../../src/index.js";
import type { BodyStartedEvent } from "../../src/session/events.js";
import type { FetchAttribute } from "../../src/types/command.js";
import type { FetchResponse } from "../../src/types/response.js";
import { text } from "../../src/types/values.js";
import { connectServer, recordSent } from "./helpers.js";

const ACCOUNT: DovecotUser = { username: "routing", password: "routing-pass-6120" };
const RUNS = 8;
const BOUNDARY = "=_routing-boundary-7f3a";
const encoder = new TextEncoder();

/** About `size` bytes of 76-character CRLF lines drawn from `alphabet`, no trailing CRLF. */
function lines(size: number, alphabet: string, seed: number): string {
  const random = new Prng(seed);
  const out: string[] = [];
  let total = 0;
  while (total < size) {
    let line = "";
    for (let i = 0; i < 76; i++) line += alphabet[Math.floor(random.float() * alphabet.length)];
    out.push(line);
    total += 78;
  }
  return out.join("\r\n");
}

interface Multipart {
  readonly subject: string;
  readonly bytes: Uint8Array;
  /** The content of each part (what `BODY[n]` returns), by part number from 1. */
  readonly parts: readonly Uint8Array[];
}

/** multipart/mixed: a text part, then a base64 "attachment"; CRLF throughout. */
function multipart(subject: string, date: string, part1: string, part2: string): Multipart {
  const text = [
    "From: Router <router@example.org>",
    "To: Sink <sink@example.org>",
    `Subject: ${subject}`,
    `Date: ${date}`,
    `Message-ID: <${subject.replace(/\W+/g, ".")}@example.org>`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`,
    "",
    "This is a multi-part message in MIME format.",
    `--${BOUNDARY}`,
    "Content-Type: text/plain; charset=us-ascii",
    "",
    part1,
    `--${BOUNDARY}`,
    'Content-Type: application/octet-stream; name="blob.bin"',
    "Content-Transfer-Encoding: base64",
    'Content-Disposition: attachment; filename="blob.bin"',
    "",
    part2,
    `--${BOUNDARY}--`,
    "",
  ].join("\r\n");
  return { subject, bytes: encoder.encode(text), parts: [encoder.encode(part1), encoder.encode(part2)] };
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const TEXT = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ .,;:!?0123456789";

/** ~7 MB: a 3 MB text part and a 4 MB base64 part, both far above the stream threshold. */
const BIG = multipart(
  "Seven megabytes in two parts",
  "Mon, 1 Jan 2024 09:00:00 +0000",
  lines(3 * 1024 * 1024, TEXT, 1),
  lines(4 * 1024 * 1024, BASE64, 2),
);
/** Both parts below the stream threshold: they come materialised in the FETCH data. */
const SMALL = multipart(
  "Two small parts",
  "Mon, 1 Jan 2024 10:00:00 +0000",
  lines(2000, TEXT, 3),
  lines(3000, BASE64, 4),
);

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A body sink that hashes what it receives and remembers every body it was started for. */
function collector() {
  const hash = createHash("sha256");
  const started: BodyStartedEvent[] = [];
  let bytes = 0;
  let ended = 0;
  const sink: BodySink = {
    start: (event) => {
      started.push(event);
    },
    chunk: (data) => {
      hash.update(data);
      bytes += data.length;
    },
    end: () => {
      ended += 1;
    },
  };
  return {
    sink,
    done: () => ({
      sections: started.map((e) => `${e.item}[${e.section}]`),
      announced: started.map((e) => e.size),
      bytes,
      ended,
      sha256: hash.digest("hex"),
    }),
  };
}

/** The only message of a FETCH result and the body sections it holds. */
function onlyMessage(result: FetchResponse[], uid: number): FetchResponse {
  expect(result).toHaveLength(1);
  const [message] = result;
  expect(message?.items.uid).toBe(uid);
  return message as FetchResponse;
}

function sectionNames(message: FetchResponse): string[] {
  return (message.items.sections ?? []).map((s) => `${s.item}[${s.section}]`);
}

const WHOLE: FetchAttribute = { item: "BODY", section: "", peek: true };
const PART_1: FetchAttribute = { item: "BODY", section: "1", peek: true };
const PART_2: FetchAttribute = { item: "BODY", section: "2", peek: true };

describe("FETCH routing by section against Dovecot", () => {
  let dovecot: Dovecot;
  let client: ImapClient;
  const uids = new Map<string, number>();

  beforeAll(async () => {
    expect(BIG.bytes.length).toBeGreaterThan(7_000_000);
    expect(BIG.parts[1]?.length).toBeGreaterThan(STREAM_THRESHOLD);
    expect(SMALL.bytes.length).toBeLessThan(STREAM_THRESHOLD);
    dovecot = await startDovecot({
      users: [ACCOUNT],
      tlsKey: "ec",
      seed: [BIG, SMALL].map((m) => ({ username: ACCOUNT.username, mailbox: "INBOX", message: m.bytes })),
    });
    ({ client } = await connectServer(dovecot, ACCOUNT));
    await client.select("INBOX");
    for (const { items } of await client.fetch("1:*", ["UID", "ENVELOPE"])) {
      const subject = text(items.envelope?.subject ?? null);
      if (subject !== null && items.uid !== undefined) uids.set(subject, items.uid);
    }
  }, 20_000);

  afterAll(async () => {
    await client?.logout();
    await dovecot?.stop();
  });

  function uidOf(message: Multipart): number {
    const uid = uids.get(message.subject);
    expect(uid).toBeDefined();
    return uid as number;
  }

  it("serves the seeded bytes to a single, unpipelined FETCH", { timeout: 20_000 }, async () => {
    const uid = uidOf(BIG);
    for (const [attribute, expected] of [
      [WHOLE, BIG.bytes],
      [PART_2, BIG.parts[1] as Uint8Array],
    ] as const) {
      const sink = collector();
      const result = await client.fetch(uid, [attribute], { onBody: sink.sink });
      const got = sink.done();
      expect(got.bytes).toBe(expected.length);
      expect(got.sha256).toBe(sha256(expected));
      expect(sectionNames(onlyMessage(result, uid))).toEqual([`BODY[${attribute.section}]`]);
    }
  });

  it(`gives each of two pipelined FETCHes of one message its own streamed section, ${RUNS} times`, {
    timeout: 20_000,
  }, async () => {
    const uid = uidOf(BIG);
    const whole = { size: BIG.bytes.length, sha256: sha256(BIG.bytes) };
    const part = BIG.parts[1] as Uint8Array;
    const second = { size: part.length, sha256: sha256(part) };
    for (let run = 0; run < RUNS; run++) {
      const { sent, stop } = recordSent(client);
      const sink1 = collector();
      const sink2 = collector();

      // The same tick: both go out in one write and are in flight together.
      const [result1, result2] = await Promise.all([
        client.fetch(uid, [WHOLE], { onBody: sink1.sink }),
        client.fetch(uid, [PART_2], { onBody: sink2.sink }),
      ]);
      stop();

      expect(sent.map((e) => e.name)).toEqual(["FETCH", "FETCH"]);
      expect(sent[1]?.inFlight, `run ${run}: pipelined`).toBe(2);
      const got1 = sink1.done();
      const got2 = sink2.done();
      expect(got1, `run ${run}: sink 1`).toEqual({
        sections: ["BODY[]"],
        announced: [whole.size],
        bytes: whole.size,
        ended: 1,
        sha256: whole.sha256,
      });
      expect(got2, `run ${run}: sink 2`).toEqual({
        sections: ["BODY[2]"],
        announced: [second.size],
        bytes: second.size,
        ended: 1,
        sha256: second.sha256,
      });
      const message1 = onlyMessage(result1, uid);
      const message2 = onlyMessage(result2, uid);
      expect(sectionNames(message1), `run ${run}: result 1`).toEqual(["BODY[]"]);
      expect(sectionNames(message2), `run ${run}: result 2`).toEqual(["BODY[2]"]);
      expect(message1.items.sections?.[0]).toMatchObject({ data: null, streamedSize: whole.size });
      expect(message2.items.sections?.[0]).toMatchObject({ data: null, streamedSize: second.size });
    }
  });

  it("routes by section when the part is asked for first", { timeout: 20_000 }, async () => {
    const uid = uidOf(BIG);
    const part = BIG.parts[1] as Uint8Array;
    for (let run = 0; run < 2; run++) {
      const sinkPart = collector();
      const sinkWhole = collector();

      const [resultPart, resultWhole] = await Promise.all([
        client.fetch(uid, [PART_2], { onBody: sinkPart.sink }),
        client.fetch(uid, [WHOLE], { onBody: sinkWhole.sink }),
      ]);

      expect(sinkPart.done()).toMatchObject({
        sections: ["BODY[2]"],
        bytes: part.length,
        sha256: sha256(part),
      });
      expect(sinkWhole.done()).toMatchObject({
        sections: ["BODY[]"],
        bytes: BIG.bytes.length,
        sha256: sha256(BIG.bytes),
      });
      expect(sectionNames(onlyMessage(resultPart, uid))).toEqual(["BODY[2]"]);
      expect(sectionNames(onlyMessage(resultWhole, uid))).toEqual(["BODY[]"]);
    }
  });

  it("gives each of two pipelined FETCHes of the same streamed section one copy", {
    timeout: 20_000,
  }, async () => {
    const uid = uidOf(BIG);
    const sink1 = collector();
    const sink2 = collector();

    const [result1, result2] = await Promise.all([
      client.fetch(uid, [WHOLE], { onBody: sink1.sink }),
      client.fetch(uid, [WHOLE], { onBody: sink2.sink }),
    ]);

    // Dovecot sends the body once per command; each command's sink gets one of them...
    for (const got of [sink1.done(), sink2.done()]) {
      expect(got).toMatchObject({ sections: ["BODY[]"], bytes: BIG.bytes.length, sha256: sha256(BIG.bytes) });
    }
    // ...and each result describes only the body its own sink received.
    expect(sectionNames(onlyMessage(result1, uid)), "result 1").toEqual(["BODY[]"]);
    expect(sectionNames(onlyMessage(result2, uid)), "result 2").toEqual(["BODY[]"]);
  });

  it("gives each of two pipelined FETCHes of the same small section one copy", {
    timeout: 20_000,
  }, async () => {
    const uid = uidOf(SMALL);

    const [result1, result2] = await Promise.all([client.fetch(uid, [PART_1]), client.fetch(uid, [PART_1])]);

    expect(sectionNames(onlyMessage(result1, uid)), "result 1").toEqual(["BODY[1]"]);
    expect(sectionNames(onlyMessage(result2, uid)), "result 2").toEqual(["BODY[1]"]);
  });

  it(`gives each of two pipelined FETCHes of small parts only its own section, ${RUNS} times`, {
    timeout: 20_000,
  }, async () => {
    const uid = uidOf(SMALL);
    const [part1, part2] = SMALL.parts as [Uint8Array, Uint8Array];
    for (let run = 0; run < RUNS; run++) {
      const { sent, stop } = recordSent(client);

      const [result1, result2] = await Promise.all([
        client.fetch(uid, [PART_1]),
        client.fetch(uid, [PART_2]),
      ]);
      stop();

      expect(sent[1]?.inFlight, `run ${run}: pipelined`).toBe(2);
      const sections1 = onlyMessage(result1, uid).items.sections ?? [];
      const sections2 = onlyMessage(result2, uid).items.sections ?? [];
      expect(
        sections1.map((s) => s.section),
        `run ${run}: result 1`,
      ).toEqual(["1"]);
      expect(
        sections2.map((s) => s.section),
        `run ${run}: result 2`,
      ).toEqual(["2"]);
      expect(sha256(sections1[0]?.data ?? new Uint8Array())).toBe(sha256(part1));
      expect(sha256(sections2[0]?.data ?? new Uint8Array())).toBe(sha256(part2));
    }
  });
});
