/** Our decoder, driven as a driver drives it: push each chunk, then drain every event. */
import type { DecodeEvent } from "../../src/codec/decode-event.js";
import { ResponseDecoder } from "../../src/codec/decoder.js";

export type DecoderOptions = NonNullable<ConstructorParameters<typeof ResponseDecoder>[0]>;

/** Feeds `chunks` to a fresh `ResponseDecoder` and hands every event to `onEvent`, in order. */
export function runOurs(
  chunks: readonly Uint8Array[],
  options: DecoderOptions,
  onEvent: (event: DecodeEvent) => void,
): void {
  const decoder = new ResponseDecoder(options);
  for (const chunk of chunks) {
    decoder.push(chunk);
    for (let event = decoder.next(); event !== null; event = decoder.next()) onEvent(event);
  }
}

/** A short description of an event, for mismatch messages. */
export function describeEvent(event: DecodeEvent): string {
  switch (event.type) {
    case "response":
      return event.response.type === "unparsed"
        ? `unparsed response (${event.response.reason} at offset ${event.response.offset})`
        : `${event.response.type} response`;
    case "responseRejected":
    case "framingLost":
      return `${event.type}: ${event.error.message}`;
    default:
      return event.type;
  }
}
