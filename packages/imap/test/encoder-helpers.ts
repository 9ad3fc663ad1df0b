/** Helpers shared by the encoder's test files. */
import type { EncodedCommand, EncoderOptions } from "../src/codec/fragment.js";
import { latin1Decode } from "../src/text/text.js";

/** Encoder options with every server extension off. */
export const BASE: EncoderOptions = {
  literalPlus: false,
  literalMinus: false,
  utf8: false,
  saslIr: false,
  binary: false,
};

/** All fragments of an encoded command as one text, each byte one character. */
export function wire(encoded: EncodedCommand): string {
  return encoded.fragments.map((f) => latin1Decode(f.bytes)).join("");
}
