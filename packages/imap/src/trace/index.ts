/**
 * `@tagwire/imap/trace`: one renderer of session events for every consumer (the CLI, the e2e harness,
 * the web app's Protocol panel). Browser-safe like the rest of the core. Three views:
 *
 * - text: `formatTraceEvent`, one line per wire event, responses re-rendered from the typed model;
 * - JSON: `toJson` / `eventToJson`, plain data for NDJSON, tests and storage;
 * - raw: `rawLines` / `TraceRecorder`, the escaped lines on the wire (server octets need the session
 *   option `keepRaw`), in a bounded history.
 *
 * No view ever shows a credential: commands appear as the encoder's redacted trace text, redacted once
 * more here (`redactCommandText`).
 *
 * @example
 * const recorder = new TraceRecorder({ maxLines: 2000 });
 * client.onAny((event) => {
 *   recorder.record(event);
 *   const line = formatTraceEvent(event, start);
 *   if (line !== null) console.log(line);
 * });
 */
export { describeData, formatCode, formatRanges } from "./describe.js";
export { escapeOctets } from "./escape.js";
export { eventToJson, type JsonEvent } from "./event-json.js";
export { formatTraceEvent, MAX_TRACE_TEXT } from "./format.js";
export { bytesToJson, type Json, type JsonOptions, MAX_JSON_DEPTH, toJson } from "./json.js";
export { MAX_RAW_LINE_OCTETS, type RawLine, type RawOptions, rawLines } from "./raw.js";
export {
  DEFAULT_MAX_LINES,
  DEFAULT_MAX_TEXT_BYTES,
  type TraceCounts,
  TraceRecorder,
  type TraceRecorderOptions,
} from "./recorder.js";
export { REDACTED, redactCommandText } from "./redact.js";
export { Ring } from "./ring.js";
