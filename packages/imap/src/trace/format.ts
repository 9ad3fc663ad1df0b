/**
 * One text line per wire event of a session (`tagwire-imap run`, logs, tests):
 *
 *   +   12.345ms  QZK3     C: UID FETCH 1:* (FLAGS)  (29 B)
 *   +   14.020ms  *        S: * 1 FETCH (UID 1 FLAGS (\Seen))  (38 B) -> QZK3
 *   +   14.101ms  QZK3     S: QZK3 OK Fetch completed.  (35 B) rtt 1.756ms
 *
 * Commands appear as the encoder's trace text, redacted once more (`redact.ts`), so no credential
 * reaches a line. Server responses are re-rendered from the typed model, abridged (`describe.ts`).
 */
import type { SessionEvent } from "../session/events.js";
import { describeData, formatCode, joinText } from "./describe.js";
import { redactCommandText } from "./redact.js";

/** Longest rendered text before it is cut with an ellipsis. */
export const MAX_TRACE_TEXT = 300;

function clip(text: string): string {
  return text.length > MAX_TRACE_TEXT ? `${text.slice(0, MAX_TRACE_TEXT - 1)}…` : text;
}

const CONTINUATION_TEXT = {
  literal: "<literal>",
  line: "<continuation line>",
  done: "DONE",
  cancel: "* (cancel)",
} as const;

/** What a line shows: who, which direction, the text, its size and an optional note. */
type LineParts = readonly [
  tag: string,
  direction: "C" | "S" | "!" | "-",
  text: string,
  bytes: number | null,
  suffix?: string,
];

function toLine(event: SessionEvent): LineParts | null {
  const routed = (tag: string | null): string => (tag === null ? "" : `-> ${tag}`);
  switch (event.type) {
    case "greetingReceived":
      return ["*", "S", joinText(`* ${event.condition}`, formatCode(event.code), event.text), event.bytes];
    case "commandSent":
      return [
        event.tag,
        "C",
        redactCommandText(event.name, event.text),
        event.bytes,
        event.internal ? "(internal)" : "",
      ];
    case "continuationRequested":
      return ["+", "S", joinText("+", formatCode(event.code), event.text), event.bytes, routed(event.tag)];
    case "continuationSent":
      return [event.tag, "C", CONTINUATION_TEXT[event.kind], event.bytes];
    case "untaggedReceived":
      return ["*", "S", describeData(event.data), event.bytes, routed(event.tags.join(",") || null)];
    case "statusReceived": {
      const s = event.status;
      return ["*", "S", joinText(`* ${s.condition}`, formatCode(s.code), s.text), event.bytes];
    }
    case "bodyStarted": {
      const origin = event.origin === null ? "" : `<${event.origin}>`;
      const text = `* ${event.seq} FETCH ${event.item}[${event.section}]${origin} {${event.size}} streaming`;
      return ["*", "S", text, null, routed(event.tag)];
    }
    case "bodyEnded":
      return ["*", "S", "(end of streamed body)", null, routed(event.tag)];
    case "commandCompleted": {
      const status = event.inferred ? "(no tagged response)" : `${event.tag} ${event.status}`;
      const rtt = `rtt ${(event.at - event.sentAt).toFixed(3)}ms${event.cancelled ? " (cancelled)" : ""}`;
      return [event.tag, "S", joinText(status, formatCode(event.code), event.text), event.bytes, rtt];
    }
    case "commandFailed":
      return [event.tag, "!", `${event.name} failed: ${event.error.code} ${event.error.message}`, null];
    case "responseRejected":
      return [event.tag ?? "?", "!", `response rejected: ${event.code} ${event.message}`, event.bytes];
    case "sessionClosed": {
      const error = event.error === null ? "" : `: ${event.error.code} ${event.error.message}`;
      return ["-", "-", `session closed (${event.reason})${error}`, null];
    }
    default:
      return null;
  }
}

/**
 * One session event as a trace line, its time relative to `start` (the same clock as `event.at`);
 * null for events that are not on the wire (queued commands, state and mailbox changes, body chunks).
 */
export function formatTraceEvent(event: SessionEvent, start: number): string | null {
  const parts = toLine(event);
  if (parts === null) return null;
  const [tag, direction, text, bytes, suffix = ""] = parts;
  const ms = `+${(event.at - start).toFixed(3).padStart(10)}ms`;
  const size = bytes === null ? "" : `  (${bytes} B)`;
  return `${ms}  ${tag.padEnd(8)} ${direction}: ${clip(text)}${size}${suffix === "" ? "" : ` ${suffix}`}`;
}
