/**
 * Security limits of the response decoder. Defaults are small enough that a hostile or broken server
 * cannot make the client hold more than a few tens of MiB, and large enough for every real mailbox the
 * project has seen. Streamed bodies are outside these limits: their consumer throttles them.
 */

import { ImapLocalError } from "../errors.js";
import type { DecoderLimits } from "./decode-event.js";

/**
 * Longest line (the bytes between two literals, or a whole literal-free response) in octets: 1 MiB.
 * A Gmail SEARCH answer of ~100k UIDs is about 700 KiB; CPython's imaplib raised its cap to 1 MB for
 * exactly that case after 10 kB proved too small.
 */
export const MAX_LINE_LENGTH = 1024 * 1024;

/**
 * Largest literal held in memory: 16 MiB. Bodies above the stream threshold do not count; what is left
 * are header fields, envelope strings and mailbox names, which are kilobytes in real mail.
 */
export const MAX_LITERAL_SIZE = 16 * 1024 * 1024;

/**
 * Largest response held in memory, streamed bodies excluded: 32 MiB. Two maximal literals plus their
 * lines; a FETCH of many small sections stays far below.
 */
export const MAX_RESPONSE_SIZE = 32 * 1024 * 1024;

/**
 * Deepest parenthesis nesting the parser accepts: 100. BODYSTRUCTUREs of real mail stay under 20
 * levels; 100k nested parentheses crash recursive parsers, ours refuses them early.
 */
export const MAX_NESTING = 100;

/**
 * `BODY[...]`/`BINARY[...]`/`RFC822*` literals above this size (64 KiB) are streamed as chunks rather
 * than materialised: message lists and previews stay in memory, message downloads do not.
 */
export const STREAM_THRESHOLD = 64 * 1024;

/**
 * Largest count a literal announcement may carry: 2^32 - 1. RFC 3501 and RFC 9051 define the count as
 * `number`, an unsigned 32-bit value; a larger count (`{99999999999999999999}`) is never a literal a
 * server meant to send, so framing is declared lost before anything is allocated.
 */
export const MAX_LITERAL_COUNT = 0xffff_ffff;

/** The default limits, as documented on `DecoderLimits`. */
export const DEFAULT_LIMITS: DecoderLimits = Object.freeze({
  maxLineLength: MAX_LINE_LENGTH,
  maxLiteralSize: MAX_LITERAL_SIZE,
  maxResponseSize: MAX_RESPONSE_SIZE,
  maxNesting: MAX_NESTING,
  streamThreshold: STREAM_THRESHOLD,
});

const LIMIT_NAMES = [
  "maxLineLength",
  "maxLiteralSize",
  "maxResponseSize",
  "maxNesting",
  "streamThreshold",
] as const satisfies ReadonlyArray<keyof DecoderLimits>;

/**
 * The defaults overridden by `options`. Each given limit must be a non-negative safe integer.
 * @throws ImapLocalError `IMAP_ERR_INVALID_ARGUMENT` for any other value.
 */
export function resolveLimits(options: Partial<DecoderLimits> = {}): DecoderLimits {
  const limits: { -readonly [K in keyof DecoderLimits]: number } = { ...DEFAULT_LIMITS };
  for (const name of LIMIT_NAMES) {
    const value = options[name];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", `${name} must be a non-negative integer`);
    }
    limits[name] = value;
  }
  return limits;
}
