import { createHash } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TcpTransport } from "../../node/tcp.js";
import type { ImapClient } from "../../src/client/client.js";
import { DEFAULT_HIGH_WATER_MARK } from "../../src/client/transport.js";
import { STREAM_THRESHOLD } from "../../src/codec/limits.js";
import { connectPlain, recordWrites, user } from "./helpers.js";

const SIZE = 5 * 1024 * 1024;

/** A message of exactly `size` bytes: headers, then 76-character lines of text. */
function bigMessage(size: number): Uint8Array {
  const head =
    "From: a@example.org\r\nTo: b@example.org\r\nSubject: Five MiB\r\nContent-Type: text/plain\r\n\r\n";
  const out = new Uint8Array(size);
  const encoded = new TextEncoder().encode(head);
  out.set(encoded);
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  let i = encoded.length;
  let column = 0;
  while (i < size) {
    if (column === 76 && i + 2 <= size) {
      out[i++] = 13;
      out[i++] = 10;
      column = 0;
    } else {
      out[i++] = alphabet.charCodeAt((i * 7) % alphabet.length);
      column++;
    }
  }
  return out;
}

/** Node's collector, for measuring what is really retained. */
function exposeGc(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

function retained(gc: () => void): number {
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

describe("body streaming against Dovecot", () => {
  let client: ImapClient;
  let transport: TcpTransport;
  let uid = 0;
  let digest = "";

  beforeAll(async () => {
    ({ client, transport } = await connectPlain(user("stream")));
  }, 20_000);

  afterAll(async () => {
    await client.logout();
  });

  it("appends 5 MiB in bounded writes", { timeout: 60_000 }, async () => {
    const body = bigMessage(SIZE);
    digest = createHash("sha256").update(body).digest("hex");
    const writes = recordWrites(transport);
    let peakBuffered = 0;
    const write = transport.write.bind(transport);
    transport.write = (bytes: Uint8Array) => {
      write(bytes);
      peakBuffered = Math.max(peakBuffered, transport.bufferedAmount);
    };

    const appended = await client.append("INBOX", body);

    uid = appended?.uids[0]?.[0] ?? 0;
    expect(uid).toBeGreaterThan(0);
    expect(writes.reduce((n, w) => n + w.length, 0)).toBeGreaterThan(SIZE);
    // Never more than the high-water mark handed to the socket at once, nor left in its buffer.
    expect(Math.max(...writes.map((w) => w.length))).toBeLessThanOrEqual(DEFAULT_HIGH_WATER_MARK);
    expect(peakBuffered).toBeLessThanOrEqual(DEFAULT_HIGH_WATER_MARK);
    expect(writes.length).toBeGreaterThan(SIZE / DEFAULT_HIGH_WATER_MARK);
  });

  it("streams a 5 MiB BODY[] in chunks without holding it", { timeout: 60_000 }, async () => {
    expect(uid).toBeGreaterThan(0);
    await client.select("INBOX");
    const gc = exposeGc();
    const hash = createHash("sha256");
    let started = 0;
    let received = 0;
    let chunks = 0;
    let largestChunk = 0;
    let ended = false;
    let peak = 0;
    let peakBuffered = 0;
    const baseline = retained(gc);

    const [fetched] = await client.fetch(uid, [{ item: "BODY", section: "", peek: true }], {
      onBody: {
        start: (event) => {
          started = event.size;
        },
        chunk: (data) => {
          hash.update(data);
          received += data.length;
          largestChunk = Math.max(largestChunk, data.length);
          chunks += 1;
          peakBuffered = Math.max(peakBuffered, client.session.bufferedBytes);
          if (chunks % 8 === 0) peak = Math.max(peak, retained(gc) - baseline);
        },
        end: () => {
          ended = true;
        },
      },
    });

    expect(started).toBe(SIZE);
    expect(received).toBe(SIZE);
    expect(ended).toBe(true);
    expect(hash.digest("hex")).toBe(digest);
    expect(chunks).toBeGreaterThan(8);
    // The FETCH itself carries no copy of the body, only its size.
    const section = fetched?.items.sections?.[0];
    expect(section?.data).toBeNull();
    expect(section?.streamedSize).toBe(SIZE);
    // Constant memory: far below the body's size, about the stream threshold plus a socket chunk.
    expect(peak).toBeLessThan(STREAM_THRESHOLD + largestChunk + 1024 * 1024);
    // Exact: the decoder never held more than the socket chunk it was handed.
    expect(peakBuffered).toBeLessThanOrEqual(largestChunk + STREAM_THRESHOLD);
  });
});
