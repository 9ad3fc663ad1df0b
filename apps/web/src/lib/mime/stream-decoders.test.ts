import { describe, expect, it } from "vitest";
import { base64Decoder, decoderFor, quotedPrintableDecoder, type StreamDecoder } from "./stream-decoders";

const ascii = (s: string) => new TextEncoder().encode(s);

function decodeSplit(make: () => StreamDecoder, input: Uint8Array, cuts: readonly number[]): Uint8Array {
  const decoder = make();
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const cut of [...cuts, input.length]) {
    parts.push(decoder.push(input.slice(at, cut)));
    at = cut;
  }
  parts.push(decoder.end());
  return Buffer.concat(parts);
}

/** Every single split point and every pair of split points give the same bytes as no split. */
function expectSplitProof(make: () => StreamDecoder, input: Uint8Array, expected: Uint8Array) {
  const want = Buffer.from(expected);
  const check = (cuts: number[]) => {
    const got = decodeSplit(make, input, cuts);
    if (!want.equals(got)) expect({ cuts, got: [...got] }).toEqual({ cuts, got: [...want] });
  };
  check([]);
  for (let a = 0; a <= input.length; a++) {
    check([a]);
    for (let b = a; b <= Math.min(input.length, a + 6); b++) check([a, b]);
  }
}

const binary = Uint8Array.from({ length: 300 }, (_, i) => (i * 151 + 7) & 0xff);

describe("base64Decoder", () => {
  it("decodes folded base64 of binary data split at every offset", () => {
    const encoded = Buffer.from(binary).toString("base64").replace(/.{76}/g, "$&\r\n");
    expectSplitProof(base64Decoder, ascii(encoded), binary);
  });

  it.each([
    ["YQ==", "a"],
    ["YWI=", "ab"],
    ["YWJj", "abc"],
    ["YQ", "a"],
    ["YWI", "ab"],
    ["YQ==YWI=", "aab"],
    ["Y W\r\nJ j", "abc"],
  ])("decodes %j", (input, expected) => {
    expectSplitProof(base64Decoder, ascii(input), ascii(expected));
  });
});

describe("quotedPrintableDecoder", () => {
  it.each([
    ["caf=C3=A9", "café"],
    ["soft=\r\nbreak", "softbreak"],
    ["soft=\nbreak", "softbreak"],
    ["padded= \t\r\nbreak", "paddedbreak"],
    ["trailing   \r\nspace", "trailing\r\nspace"],
    ["inner  space \tkept", "inner  space \tkept"],
    ["lower =c3=a9", "lower é"],
    ["bad =ZZ and =4", "bad =ZZ and =4"],
    ["end with =", "end with "],
    ["end with space  ", "end with space"],
    ["a=3D=3Db", "a==b"],
  ])("decodes %j", (input, expected) => {
    expectSplitProof(quotedPrintableDecoder, ascii(input), ascii(expected));
  });

  it("round-trips binary data split at every offset", () => {
    let encoded = "";
    for (const [i, byte] of binary.entries()) {
      encoded +=
        byte >= 33 && byte <= 126 && byte !== 61
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
      if (i % 20 === 19) encoded += "=\r\n";
    }
    expectSplitProof(quotedPrintableDecoder, ascii(encoded), binary);
  });
});

describe("decoderFor", () => {
  it("passes 7bit, 8bit and binary through", () => {
    const d = decoderFor("8bit");
    expect(d.push(binary)).toEqual(binary);
    expect(d.end()).toEqual(new Uint8Array(0));
  });
});
