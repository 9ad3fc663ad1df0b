import type { ImapRemoteError } from "../errors.js";
import type { BodySection, Response } from "../types/response.js";

/**
 * What `ResponseDecoder.next()` yields. Streamed bodies: a FETCH whose `BODY[...]`/`BINARY[...]`
 * literal is above the stream threshold yields `bodyStarted`, then `bodyChunk`s (zero-copy views
 * into the pushed chunks, valid until the next `push`), then `bodyEnded`, and finally the FETCH
 * `response` itself with that section's `data: null` and `streamedSize` set.
 */
export type DecodeEvent =
  | {
      readonly type: "response";
      readonly response: Response;
      readonly size: number;
      /** With the decoder option `keepRaw`: the response's octets (streamed bodies left out). */
      readonly raw?: Uint8Array;
    }
  | {
      readonly type: "bodyStarted";
      readonly seq: number;
      /** The UID if it came before the literal in the same FETCH, else null. */
      readonly uid: number | null;
      readonly item: BodySection["item"];
      readonly section: string;
      readonly origin: number | null;
      readonly size: number;
    }
  | { readonly type: "bodyChunk"; readonly data: Uint8Array }
  | { readonly type: "bodyEnded" }
  /**
   * A response was consumed to its end but not delivered (over a limit, garbage where a tag
   * must be). The decoder goes on with the next response.
   */
  | {
      readonly type: "responseRejected";
      readonly error: ImapRemoteError;
      /** The rejected response's tag when it was a tagged completion, else null. */
      readonly tag: string | null;
      readonly size: number;
    }
  /** Framing itself is lost (e.g. wrong literal length detected); nothing more will be decoded. */
  | { readonly type: "framingLost"; readonly error: ImapRemoteError };

export interface DecoderLimits {
  /** Longest line (between literals) in octets. Default 1 MiB: a Gmail SEARCH of ~100k UIDs fits. */
  readonly maxLineLength: number;
  /** Largest literal held in memory. Default 16 MiB. */
  readonly maxLiteralSize: number;
  /** Largest response held in memory, streamed bodies excluded. Default 32 MiB. */
  readonly maxResponseSize: number;
  /** Deepest parenthesis nesting. Default 100 (BODYSTRUCTURE of real mail stays under 20). */
  readonly maxNesting: number;
  /** BODY[]/BINARY[] literals larger than this stream as chunks. Default 64 KiB. */
  readonly streamThreshold: number;
}
