/**
 * Raw mode: the lines on the wire, as a protocol panel shows them.
 *
 *   C  A1 LOGIN alice ***
 *   S  * 1 FETCH (UID 7 BODY[] {12}
 *   S  Subject: x\r\n          (a literal's octets, one entry)
 *   S  )
 *
 * Server lines come from the octets the session keeps on an event as `raw` (session option
 * `keepRaw`); without it a server event has no raw lines. Client lines come from the command's trace
 * text (`commandSent`), which never holds a credential or a literal's contents, redacted once more
 * (`redact.ts`), and from what answered a `+` (`continuationSent`): a literal shows its size (a
 * literal of LOGIN or AUTHENTICATE only `***`), a SASL response only `***`. Every line is escaped
 * (`escape.ts`) and clipped to `maxLineOctets`.
 */
import type { SessionEvent } from "../session/events.js";
import { utf8Encode } from "../text/text.js";
import type { UntaggedData } from "../types/response.js";
import { escapeOctets } from "./escape.js";
import { REDACTED, redactCommandText } from "./redact.js";
import { type ResponsePiece, responsePieces } from "./response-pieces.js";

/** One line (or literal) on the wire. */
export interface RawLine {
  /** `C` client to server, `S` server to client. */
  readonly direction: "C" | "S";
  /**
   * The commands it belongs to: a command's own tag for what it sent, its `+` and its completion;
   * the commands untagged data was routed to; empty for the greeting and unsolicited responses.
   */
  readonly tags: readonly string[];
  /** A `literal` is the octets after a `{n}` announcement (or a marker when they were streamed). */
  readonly kind: "line" | "literal";
  /** Escaped, clipped text, without the line's CRLF. */
  readonly text: string;
  /** Octets on the wire, the line end included. */
  readonly bytes: number;
  /** The event's timestamp. */
  readonly at: number;
}

export interface RawOptions {
  /** Octets of a line shown before the rest is counted. Default `MAX_RAW_LINE_OCTETS`. */
  readonly maxLineOctets?: number;
}

export const MAX_RAW_LINE_OCTETS = 1024;

const NONE: readonly string[] = [];

const CREDENTIAL_COMMANDS: ReadonlySet<string> = new Set(["LOGIN", "AUTHENTICATE"]);

const CONTINUATION_TEXT = { line: REDACTED, done: "DONE", cancel: "*" } as const;

function streamedSizes(data: UntaggedData): number[] {
  if (data.type !== "fetch") return [];
  const sizes: number[] = [];
  for (const section of data.items.sections ?? []) {
    if (section.data === null && section.streamedSize !== undefined) sizes.push(section.streamedSize);
  }
  return sizes;
}

/** Where the text of `piece` ends: before a line's CRLF (a bare LF stays, escaped, in sight). */
function textEnd(raw: Uint8Array, piece: ResponsePiece): number {
  const { start, end } = piece;
  const crlf = piece.kind === "line" && end - start >= 2 && raw[end - 2] === 0x0d && raw[end - 1] === 0x0a;
  return crlf ? end - 2 : end;
}

function serverLines(
  raw: Uint8Array,
  tags: readonly string[],
  at: number,
  max: number,
  streamed: readonly number[] = [],
): RawLine[] {
  return responsePieces(raw, streamed).map((piece): RawLine => {
    const text =
      piece.kind === "streamed"
        ? `<${piece.size} octets streamed>`
        : escapeOctets(raw, piece.start, textEnd(raw, piece), max);
    const kind = piece.kind === "line" ? "line" : "literal";
    return { direction: "S", tags, kind, text, bytes: piece.size, at };
  });
}

function clientLine(tag: string, text: string, bytes: number, at: number, max: number): RawLine {
  const octets = utf8Encode(text);
  return {
    direction: "C",
    tags: [tag],
    kind: "line",
    text: escapeOctets(octets, 0, octets.length, max),
    bytes,
    at,
  };
}

/** The raw lines of one session event; empty for events that are not on the wire or carry no `raw`. */
export function rawLines(event: SessionEvent, options: RawOptions = {}): RawLine[] {
  const max = options.maxLineOctets ?? MAX_RAW_LINE_OCTETS;
  const { at } = event;
  switch (event.type) {
    case "commandSent":
      return [clientLine(event.tag, redactCommandText(event.name, event.text), event.bytes, at, max)];
    case "continuationSent":
      if (event.kind === "literal") {
        // A literal of LOGIN may be the password: not even its size is shown.
        const text = CREDENTIAL_COMMANDS.has(event.name) ? REDACTED : `<literal, ${event.bytes} bytes>`;
        return [{ direction: "C", tags: [event.tag], kind: "literal", text, bytes: event.bytes, at }];
      }
      return [clientLine(event.tag, CONTINUATION_TEXT[event.kind], event.bytes, at, max)];
    case "greetingReceived":
    case "statusReceived":
      return event.raw === undefined ? [] : serverLines(event.raw, NONE, at, max);
    case "continuationRequested":
    case "commandCompleted":
      return event.raw === undefined ? [] : serverLines(event.raw, [event.tag], at, max);
    case "untaggedReceived":
      return event.raw === undefined
        ? []
        : serverLines(event.raw, event.tags, at, max, streamedSizes(event.data));
    case "responseRejected":
      return event.raw === undefined
        ? []
        : serverLines(event.raw, event.tag === null ? NONE : [event.tag], at, max);
    default:
      return [];
  }
}
