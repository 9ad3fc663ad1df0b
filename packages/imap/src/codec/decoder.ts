/**
 * The response decoder: framer plus grammar parser, sans-IO. Push the server's bytes, pull events.
 */
import { ImapRemoteError } from "../errors.js";
import type { DecodeEvent, DecoderLimits } from "./decode-event.js";
import { ResponseFramer } from "./framer.js";
import { resolveLimits } from "./limits.js";
import { type ParseContext, type ParserQuirks, parseResponse } from "./parser/index.js";

/**
 * Limits to override, whether UTF-8 is on from the start (UTF8=ACCEPT enabled, IMAP4rev2), and the
 * parser's server-quirk tolerances to change (all on by default).
 */
export type DecoderOptions = Partial<DecoderLimits> & {
  readonly utf8?: boolean;
  readonly quirks?: Partial<ParserQuirks>;
  /** Copy each response's octets (streamed bodies left out) onto its event as `raw`. Default false. */
  readonly keepRaw?: boolean;
};

/**
 * Incremental decoder of IMAP server responses.
 *
 * @example
 * const decoder = new ResponseDecoder();
 * decoder.push(bytesFromSocket);
 * for (let event = decoder.next(); event !== null; event = decoder.next()) handle(event);
 *
 * Responses and body chunks may be views of the pushed chunks: do not modify a chunk after pushing
 * it. `bodyChunk` views are guaranteed only until the next `push`.
 */
export class ResponseDecoder {
  private readonly framer: ResponseFramer;
  private readonly context: ParseContext;
  private readonly keepRaw: boolean;

  /** @throws ImapLocalError `IMAP_ERR_INVALID_ARGUMENT` for an invalid limit. */
  constructor(options: DecoderOptions = {}) {
    const limits = resolveLimits(options);
    this.framer = new ResponseFramer(limits);
    this.context = { utf8: options.utf8 === true, maxNesting: limits.maxNesting };
    if (options.quirks !== undefined) this.context.quirks = options.quirks;
    this.keepRaw = options.keepRaw === true;
  }

  /** Queues server bytes. Ignored after `framingLost`. */
  push(chunk: Uint8Array): void {
    this.framer.push(chunk);
  }

  /** The next event, or null when more bytes are needed (always null after `framingLost`). */
  next(): DecodeEvent | null {
    const event = this.framer.next();
    if (event === null || event.type !== "frame") return event;
    const response = parseResponse(event.bytes, this.context, event.streamed ?? undefined);
    if (response.type === "unparsed" && response.reason === "IMAP_ERR_NESTING_TOO_DEEP") {
      // A limit, like the framer's: reported the same way.
      const error = new ImapRemoteError("IMAP_ERR_NESTING_TOO_DEEP", "nesting deeper than maxNesting");
      const tag = response.tag === "*" || response.tag === "+" ? null : response.tag;
      return { type: "responseRejected", error, tag, size: event.size };
    }
    if (this.keepRaw) return { type: "response", response, size: event.size, raw: event.bytes.slice() };
    return { type: "response", response, size: event.size };
  }

  /**
   * Turns UTF-8 strings on or off (on after `ENABLE UTF8=ACCEPT` or with IMAP4rev2). Applies to the
   * responses returned by later `next()` calls.
   */
  setUtf8(on: boolean): void {
    this.context.utf8 = on;
  }

  /** True when no partial or unread response is held: everything pushed has been returned. */
  get atBoundary(): boolean {
    return this.framer.atBoundary;
  }

  /** Bytes held by the decoder (queued input, partial response). For tests and diagnostics. */
  get bufferedBytes(): number {
    return this.framer.bufferedBytes;
  }
}

/**
 * Decodes a complete byte sequence in one go, e.g. a captured transcript. Incomplete trailing data
 * produces no event.
 */
export function decodeAll(bytes: Uint8Array, options?: DecoderOptions): DecodeEvent[] {
  const decoder = new ResponseDecoder(options);
  decoder.push(bytes);
  const events: DecodeEvent[] = [];
  for (let event = decoder.next(); event !== null; event = decoder.next()) events.push(event);
  return events;
}
