/** Session events with defaults and bytes from Latin-1 text, for the tests of `src/trace/`. */
import type {
  CommandCompletedEvent,
  CommandSentEvent,
  SessionEvent,
  UntaggedReceivedEvent,
} from "../src/session/events.js";
import type { UntaggedData } from "../src/types/response.js";

/** Each code unit of `text` (at most 0xFF) as one byte. */
export function octets(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    if (code > 0xff) throw new RangeError(`not Latin-1: ${c}`);
    return code;
  });
}

export function sent(tag: string, name: CommandSentEvent["name"], text: string, at = 1): SessionEvent {
  return { type: "commandSent", tag, name, text, bytes: text.length + 2, inFlight: 1, internal: false, at };
}

export function completed(tag: string, raw?: string, at = 2): CommandCompletedEvent {
  return {
    type: "commandCompleted",
    tag,
    name: "NOOP",
    status: "OK",
    code: null,
    text: "done",
    data: [],
    queuedAt: 0,
    sentAt: 1,
    bytes: raw?.length ?? 0,
    internal: false,
    inferred: false,
    cancelled: false,
    at,
    ...(raw === undefined ? {} : { raw: octets(raw) }),
  };
}

export function untagged(
  data: UntaggedData,
  raw: string,
  tags: readonly string[] = [],
  at = 2,
): UntaggedReceivedEvent {
  return { type: "untaggedReceived", data, tags, bytes: raw.length, raw: octets(raw), at };
}
