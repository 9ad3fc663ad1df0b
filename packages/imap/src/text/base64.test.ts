import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeBase64 } from "./base64.js";

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe("encodeBase64", () => {
  // RFC 4648 §10 test vectors.
  it.each([
    ["", ""],
    ["f", "Zg=="],
    ["fo", "Zm8="],
    ["foo", "Zm9v"],
    ["foob", "Zm9vYg=="],
    ["fooba", "Zm9vYmE="],
    ["foobar", "Zm9vYmFy"],
  ])("encodes %j as %j", (input, expected) => {
    expect(encodeBase64(ascii(input))).toBe(expected);
  });

  it("uses + and / for the last two values", () => {
    expect(encodeBase64(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe("+/+/");
  });

  it("matches Node's encoder on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
      }),
    );
  });
});
