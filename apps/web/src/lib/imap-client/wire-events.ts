/**
 * Session events → the Protocol panel's wire facts. Called once per received chunk, so the work per
 * event is one short line at most: responses are re-rendered from the typed model by the trace
 * module's abridged formatter (never from raw octets), commands come from the encoder's redacted
 * trace text, redacted once more. Literal contents and SASL data never reach a `WireEvent`.
 */
import type { SessionEvent, UntaggedData } from "@tagwire/imap";
import { describeData, formatCode, MAX_TRACE_TEXT, REDACTED, redactCommandText } from "@tagwire/imap/trace";
import type { WireEvent } from "./types";

/** Most ranges of a VANISHED or ESEARCH ALL shown before the rest is counted. */
const MAX_RANGES = 20;
/** Command text keeps its head and its tail (the FETCH items) around a cut UID set. */
const COMMAND_TAIL = 100;

const CONTINUATION_TEXT = { literal: "<literal>", line: "<continuation line>", done: "DONE", cancel: "*" };

export function clipEnd(text: string, max = MAX_TRACE_TEXT): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function clipMiddle(text: string, max = MAX_TRACE_TEXT): string {
  if (text.length <= max) return text;
  const head = max - COMMAND_TAIL - 1;
  return `${text.slice(0, head)}…${text.slice(text.length - COMMAND_TAIL)}`;
}

function join(...parts: string[]): string {
  let out = "";
  for (const part of parts) if (part !== "") out = out === "" ? part : `${out} ${part}`;
  return out;
}

/** `describeData`, with the two lists it would print whole (VANISHED, ESEARCH ALL) cut first. */
export function summarizeUntagged(data: UntaggedData): string {
  if (data.type === "vanished" && data.uids.length > MAX_RANGES) {
    const cut = describeData({ ...data, uids: data.uids.slice(0, MAX_RANGES) });
    return clipEnd(`${cut},… (${data.uids.length} ranges)`);
  }
  if (data.type === "esearch" && data.all !== undefined && data.all.length > MAX_RANGES) {
    const cut = describeData({ ...data, all: data.all.slice(0, MAX_RANGES) });
    return clipEnd(`${cut} … (${data.all.length} ranges)`);
  }
  return clipEnd(describeData(data));
}

function toWireEvent(event: SessionEvent): WireEvent | null {
  switch (event.type) {
    case "greetingReceived":
      return {
        kind: "greeting",
        at: event.at,
        text: clipEnd(join(`* ${event.condition}`, formatCode(event.code), event.text)),
        bytes: event.bytes,
      };
    case "commandSent":
      return {
        kind: "sent",
        at: event.at,
        tag: event.tag,
        name: event.name,
        text: clipMiddle(redactCommandText(event.name, event.text)),
        bytes: event.bytes,
        inFlight: event.inFlight,
        internal: event.internal,
      };
    case "continuationRequested": {
      // An AUTHENTICATE challenge is SASL data.
      const said = event.name === "AUTHENTICATE" && event.text !== "" ? REDACTED : event.text;
      return {
        kind: "continuation",
        at: event.at,
        tag: event.tag,
        direction: "in",
        text: clipEnd(join("+", formatCode(event.code), said)),
        bytes: event.bytes,
      };
    }
    case "continuationSent":
      return {
        kind: "continuation",
        at: event.at,
        tag: event.tag,
        direction: "out",
        text: CONTINUATION_TEXT[event.kind],
        bytes: event.kind === "done" || event.kind === "cancel" ? event.bytes : 0,
      };
    case "untaggedReceived":
      return {
        kind: "untagged",
        at: event.at,
        tags: event.tags,
        text: summarizeUntagged(event.data),
        bytes: event.bytes,
      };
    case "statusReceived": {
      const s = event.status;
      return {
        kind: "untagged",
        at: event.at,
        tags: [],
        text: clipEnd(join(`* ${s.condition}`, formatCode(s.code), s.text)),
        bytes: event.bytes,
      };
    }
    case "responseRejected":
      return {
        kind: "untagged",
        at: event.at,
        tags: [],
        text: clipEnd(`! response rejected: ${event.code} ${event.message}`),
        bytes: event.bytes,
      };
    case "commandCompleted": {
      const line = event.inferred
        ? `${event.tag} (no tagged response)`
        : join(`${event.tag} ${event.status}`, formatCode(event.code), event.text);
      return {
        kind: "completed",
        at: event.at,
        tag: event.tag,
        status: event.cancelled ? "cancelled" : event.status,
        text: clipEnd(line),
        bytes: event.bytes,
      };
    }
    case "commandFailed":
      return {
        kind: "completed",
        at: event.at,
        tag: event.tag,
        status: event.error.code === "IMAP_ERR_CANCELLED" ? "cancelled" : "failed",
        text: clipEnd(`${event.tag} ${event.name} failed: ${event.error.code} ${event.error.message}`),
        bytes: 0,
      };
    case "sessionClosed": {
      const error = event.error === null ? "" : `: ${event.error.code} ${event.error.message}`;
      return { kind: "closed", at: event.at, text: clipEnd(`session closed (${event.reason})${error}`) };
    }
    default:
      return null;
  }
}

export function toWireEvents(events: readonly SessionEvent[]): WireEvent[] {
  const out: WireEvent[] = [];
  for (const event of events) {
    const wire = toWireEvent(event);
    if (wire !== null) out.push(wire);
  }
  return out;
}
