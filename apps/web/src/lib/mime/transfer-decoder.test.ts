import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeTransfer, transferDecoder } from "./transfer-decoder";

const ascii = (text: string) => new TextEncoder().encode(text);

/** Runs `input` through a fresh decoder cut at the given offsets. */
function decodeSplit(encoding: string, input: Uint8Array, cuts: readonly number[]): Uint8Array {
  const decoder = transferDecoder(encoding);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, input.length]) {
    pieces.push(decoder.push(input.subarray(from, cut)));
    from = cut;
  }
  pieces.push(decoder.end());
  return Uint8Array.from(pieces.flatMap((p) => [...p]));
}

/** Every single cut and every pair of cuts gives the same bytes. */
function expectEverySplit(encoding: string, input: Uint8Array, expected: Uint8Array): void {
  expect(decodeTransfer(encoding, input)).toEqual(expected);
  for (let i = 0; i <= input.length; i++) {
    expect(decodeSplit(encoding, input, [i]), `cut at ${i}`).toEqual(expected);
    for (let j = i; j <= input.length; j++) {
      expect(decodeSplit(encoding, input, [i, j]), `cuts at ${i}, ${j}`).toEqual(expected);
    }
  }
}

const bytes = Uint8Array.from({ length: 200 }, (_, i) => (i * 37 + 11) & 0xff);

describe("base64", () => {
  it("decodes line-wrapped base64 cut at every offset, byte for byte", () => {
    const encoded = Buffer.from(bytes.subarray(0, 61))
      .toString("base64")
      .replace(/.{1,16}/g, "$&\r\n");
    expectEverySplit("base64", ascii(encoded), bytes.subarray(0, 61));
  });

  it("handles each padding length and bodies padded line by line", () => {
    for (let length = 0; length < 7; length++) {
      const part = bytes.subarray(0, length);
      expectEverySplit("BASE64", ascii(Buffer.from(part).toString("base64")), part);
    }
    const twice = `${Buffer.from("ab").toString("base64")}\r\n${Buffer.from("cde").toString("base64")}`;
    expectEverySplit("base64", ascii(twice), ascii("abcde"));
  });

  it("skips garbage and decodes a group cut short at the end", () => {
    expect(decodeTransfer("base64", ascii("aGV*sb G8\r\n"))).toEqual(ascii("hello"));
    expect(decodeTransfer("base64", ascii("aGVsbG8=I"))).toEqual(ascii("hello"));
    expect(decodeTransfer("base64", ascii("aGk"))).toEqual(ascii("hi"));
  });

  it("matches Node's decoder for any bytes and any chunking", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (data, rawCuts) => {
          const encoded = ascii(Buffer.from(data).toString("base64").replace(/.{76}/g, "$&\r\n"));
          const cuts = rawCuts.map((c) => c % (encoded.length + 1)).sort((a, b) => a - b);
          expect(decodeSplit("base64", encoded, cuts)).toEqual(data);
        },
      ),
    );
  });
});

/** A reference quoted-printable encoder: every byte but safe printable ASCII as `=XX`. */
function qpEncode(data: Uint8Array): string {
  let line = "";
  let out = "";
  for (const byte of data) {
    const safe = byte >= 33 && byte <= 126 && byte !== 61;
    const piece = safe ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    if (line.length + piece.length > 75) {
      out += `${line}=\r\n`;
      line = "";
    }
    line += piece;
  }
  return out + line;
}

describe("quoted-printable", () => {
  it("decodes escapes, soft breaks and hard breaks cut at every offset", () => {
    const input = ascii("caf=C3=A9 =\r\nna=\nive \t\r\nline two=20\r\n=3D end");
    expectEverySplit("quoted-printable", input, ascii("café naive\r\nline two \r\n= end"));
  });

  it("drops blanks added at line ends and after a soft-break `=`", () => {
    const input = ascii("trail   \r\nsoft=  \t\r\nbreak  ");
    expectEverySplit("Quoted-Printable", input, ascii("trail\r\nsoftbreak"));
  });

  it("keeps malformed escapes as they are", () => {
    expectEverySplit("quoted-printable", ascii("a=G1 b=4 c= d=="), ascii("a=G1 b=4 c= d=="));
    expectEverySplit("quoted-printable", ascii("100=\t%"), ascii("100=\t%"));
  });

  it("passes a very long run of blanks through without holding it", () => {
    const decoder = transferDecoder("quoted-printable");
    const out = decoder.push(ascii(`x${" ".repeat(5000)}y`));
    expect(out.length).toBe(5002);
  });

  it("round-trips any bytes with any chunking", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (data, rawCuts) => {
          const encoded = ascii(qpEncode(data));
          const cuts = rawCuts.map((c) => c % (encoded.length + 1)).sort((a, b) => a - b);
          expect(decodeSplit("quoted-printable", encoded, cuts)).toEqual(data);
        },
      ),
    );
  });
});

describe("other encodings", () => {
  it("pass 7bit, 8bit, binary and unknown encodings through", () => {
    for (const encoding of ["7bit", "8bit", "binary", "x-uuencode", ""]) {
      expect(decodeTransfer(encoding, bytes)).toEqual(bytes);
    }
  });
});
