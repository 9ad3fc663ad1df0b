import { describe, expect, it } from "vitest";
import { CHUNK, maskedPattern, patternAt } from "./pattern.js";
import { CLOSE, closePayload, FrameReader, frameHeader, maskedFrame, OPCODE } from "./ws-frames.js";

/** An unmasked server frame. */
function serverFrame(opcode: number, payload: Uint8Array, fin = true, extraFirstBits = 0): Buffer {
  const n = payload.length;
  const extended = n < 126 ? 0 : n < 0x10000 ? 2 : 8;
  const header = Buffer.alloc(2 + extended);
  header[0] = (fin ? 0x80 : 0) | extraFirstBits | opcode;
  if (extended === 0) header[1] = n;
  else if (extended === 2) {
    header[1] = 126;
    header.writeUInt16BE(n, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([header, payload]);
}

interface Seen {
  data: Buffer[];
  pings: string[];
  close: [number, string] | null;
  fail: [number, string] | null;
}

function reader(): { reader: FrameReader; seen: Seen } {
  const seen: Seen = { data: [], pings: [], close: null, fail: null };
  const r = new FrameReader({
    data: (piece) => seen.data.push(Buffer.from(piece)),
    ping: (payload) => seen.pings.push(payload.toString()),
    close: (code, reason) => {
      seen.close = [code, reason];
    },
    fail: (code, reason) => {
      seen.fail = [code, reason];
    },
  });
  return { reader: r, seen };
}

function feed(stream: Buffer, cuts: readonly number[]): Seen {
  const { reader: r, seen } = reader();
  let at = 0;
  for (const cut of [...cuts, stream.length]) {
    r.push(stream.subarray(at, cut));
    at = cut;
  }
  return seen;
}

const bytes = (n: number, seed: number) =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff));

describe("FrameReader", () => {
  const small = bytes(5, 1);
  const medium = bytes(300, 2);
  const partA = bytes(10, 3);
  const partB = bytes(130, 4);
  const stream = Buffer.concat([
    serverFrame(OPCODE.binary, small),
    serverFrame(OPCODE.binary, Buffer.alloc(0)),
    serverFrame(OPCODE.binary, medium),
    serverFrame(OPCODE.binary, partA, false),
    serverFrame(OPCODE.ping, Buffer.from("are you there")),
    serverFrame(OPCODE.continuation, Buffer.alloc(0), false),
    serverFrame(OPCODE.continuation, partB, true),
    serverFrame(OPCODE.pong, Buffer.from("ignored")),
    serverFrame(OPCODE.close, closePayload(4000, "bye")),
    serverFrame(OPCODE.binary, Buffer.from("after the close")),
  ]);
  const expected = Buffer.concat([small, medium, partA, partB]);

  it("yields the same payload bytes, pings and close whatever the chunking", () => {
    const splits: number[][] = [[], Array.from({ length: stream.length - 1 }, (_, i) => i + 1)];
    for (let cut = 1; cut < stream.length; cut++) splits.push([cut]);
    for (let a = 1; a < 40; a++) for (let b = a + 1; b < 60; b += 3) splits.push([a, b]);
    for (const cuts of splits) {
      const seen = feed(stream, cuts);
      expect(Buffer.concat(seen.data).equals(expected), `cuts ${cuts.join(",")}`).toBe(true);
      expect(seen.pings).toEqual(["are you there"]);
      expect(seen.close).toEqual([4000, "bye"]);
      expect(seen.fail).toBeNull();
    }
  });

  it("reads 64-bit lengths and hands payload on as views of the chunk", () => {
    const big = bytes(CHUNK + 3, 5);
    const frame = serverFrame(OPCODE.binary, big);
    expect(frame[1]).toBe(127);
    const { reader: r, seen } = reader();
    const views: Buffer[] = [];
    const viewing = new FrameReader({
      data: (piece) => views.push(piece),
      ping: () => {},
      close: () => {},
      fail: () => {},
    });
    viewing.push(frame);
    expect(views).toHaveLength(1);
    expect(views[0]?.buffer).toBe(frame.buffer);
    expect(views[0]?.byteOffset).toBe(frame.byteOffset + 10);
    for (let at = 0; at < frame.length; at += 1000) r.push(frame.subarray(at, at + 1000));
    expect(Buffer.concat(seen.data).equals(big)).toBe(true);
  });

  it("reports a close frame without a code as 1005", () => {
    const seen = feed(serverFrame(OPCODE.close, Buffer.alloc(0)), []);
    expect(seen.close).toEqual([CLOSE.noStatus, ""]);
  });

  const violations: [string, Buffer, number][] = [
    ["a masked frame", Buffer.from([0x82, 0x81, 1, 2, 3, 4, 5]), CLOSE.protocolError],
    ["a text frame", serverFrame(OPCODE.text, Buffer.from("hi")), CLOSE.unsupportedData],
    ["reserved bits", serverFrame(OPCODE.binary, Buffer.from("x"), true, 0x40), CLOSE.protocolError],
    ["a reserved opcode", serverFrame(0x3, Buffer.from("x")), CLOSE.protocolError],
    ["a stray continuation", serverFrame(OPCODE.continuation, Buffer.from("x")), CLOSE.protocolError],
    [
      "a new message inside a fragmented one",
      Buffer.concat([
        serverFrame(OPCODE.binary, Buffer.from("a"), false),
        serverFrame(OPCODE.binary, Buffer.from("b")),
      ]),
      CLOSE.protocolError,
    ],
    ["a fragmented ping", serverFrame(OPCODE.ping, Buffer.from("x"), false), CLOSE.protocolError],
    ["a 126-byte ping", serverFrame(OPCODE.ping, Buffer.alloc(126)), CLOSE.protocolError],
    ["a 1-byte close payload", serverFrame(OPCODE.close, Buffer.from([3])), CLOSE.protocolError],
    ["close code 1005 on the wire", serverFrame(OPCODE.close, closePayload(1005)), CLOSE.protocolError],
    ["a length above 2^53", Buffer.from([0x82, 127, 0x00, 0x20, 0, 0, 0, 0, 0, 0]), CLOSE.tooBig],
  ];
  for (const [name, frame, code] of violations) {
    it(`fails the connection on ${name} and reads nothing after`, () => {
      const { reader: r, seen } = reader();
      r.push(frame);
      r.push(serverFrame(OPCODE.binary, Buffer.from("later")));
      expect(seen.fail?.[0]).toBe(code);
      expect(seen.data.map((d) => d.toString())).not.toContain("later");
      expect(r.done).toBe(true);
    });
  }
});

describe("client frames", () => {
  /** Unmasks a client frame: [opcode, payload]. */
  function unmask(frame: Buffer): [number, Buffer, number] {
    expect((frame[0] as number) & 0x80).toBe(0x80);
    expect((frame[1] as number) & 0x80).toBe(0x80);
    const short = (frame[1] as number) & 0x7f;
    const at = short === 126 ? 4 : short === 127 ? 10 : 2;
    const length =
      short === 126 ? frame.readUInt16BE(2) : short === 127 ? Number(frame.readBigUInt64BE(2)) : short;
    const key = frame.subarray(at, at + 4);
    const payload = Buffer.from(frame.subarray(at + 4));
    for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (key[i % 4] as number);
    return [(frame[0] as number) & 0x0f, payload, length];
  }

  it("masks each payload under a fresh key with the right length form", () => {
    for (const n of [0, 1, 125, 126, 65535, 65536]) {
      const payload = bytes(n, n);
      const [opcode, unmasked, length] = unmask(maskedFrame(OPCODE.binary, payload));
      expect(opcode).toBe(OPCODE.binary);
      expect(length).toBe(n);
      expect(unmasked.equals(payload)).toBe(true);
    }
    const keys = new Set(
      Array.from({ length: 64 }, () =>
        maskedFrame(OPCODE.binary, Buffer.alloc(1)).subarray(2, 6).toString("hex"),
      ),
    );
    expect(keys.size).toBeGreaterThan(60);
  });

  it("pre-masks the pattern so a header plus a view is a valid masked frame at any offset", () => {
    const key = Buffer.from([0x9f, 0x01, 0xe3, 0x5a]);
    const at = maskedPattern(key);
    for (let offset = 0; offset < 3000; offset += 7) {
      for (const length of [1, 4, 1000, CHUNK]) {
        const frame = Buffer.concat([frameHeader(OPCODE.binary, length, key), at(offset, length)]);
        const [, payload] = unmask(frame);
        expect(payload.equals(patternAt(offset, length)), `offset ${offset} length ${length}`).toBe(true);
      }
    }
  });
});
