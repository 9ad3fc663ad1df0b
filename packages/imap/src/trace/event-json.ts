/**
 * A session event as a JSON trace entry: the event converted by `toJson`, command text redacted once
 * more, and a streamed body chunk reduced to its size (its bytes are a view valid only during the
 * event, and a body belongs in a body sink, not in a trace).
 */
import type { SessionEvent, SessionEventType } from "../session/events.js";
import { type Json, type JsonOptions, toJson } from "./json.js";
import { redactCommandText } from "./redact.js";

/** One session event as plain JSON data, always with its `type` and `at`. */
export interface JsonEvent {
  readonly type: SessionEventType;
  readonly at: number;
  readonly [field: string]: Json;
}

/** `event` as a JSON trace entry (see the header). */
export function eventToJson(event: SessionEvent, options: JsonOptions = {}): JsonEvent {
  switch (event.type) {
    case "bodyChunk":
      return { type: event.type, at: event.at, tag: event.tag, bytes: event.data.length };
    case "commandQueued":
    case "commandSent":
      return toJson({ ...event, text: redactCommandText(event.name, event.text) }, options) as JsonEvent;
    default:
      return toJson(event, options) as JsonEvent;
  }
}
