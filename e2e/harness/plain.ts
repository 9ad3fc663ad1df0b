/**
 * Turns session events into JSON-safe trace entries. Byte values become text (so anything they held
 * stays searchable by the tests, e.g. for a leaked password), bigints decimal strings, errors their
 * name, code and message. Streamed body chunks keep only their size: the body is checked elsewhere.
 */
import type { SessionEvent } from "@tagwire/imap";
import type { TraceEntry } from "./api.js";

const decoder = new TextDecoder("utf-8", { fatal: false });

/** Nesting deeper than this is cut (responses are far shallower; this only guards against cycles). */
const MAX_DEPTH = 32;

/** `value` as plain JSON-safe data. */
export function plain(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return "[too deep]";
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  if (typeof value === "bigint") return value.toString();
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
  if (value instanceof Uint8Array) return decoder.decode(value);
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, code: typeof code === "string" ? code : null, message: value.message };
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => plain(item, depth + 1) ?? null);
  if (value instanceof Set) return [...value].map((item) => plain(item, depth + 1) ?? null);
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([key, item]) => [String(key), plain(item, depth + 1)]));
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const converted = plain(item, depth + 1);
    if (converted !== undefined) out[key] = converted;
  }
  return out;
}

/** One event as a trace entry. */
export function traceEntry(event: SessionEvent): TraceEntry {
  if (event.type === "bodyChunk") {
    return { type: event.type, at: event.at, tag: event.tag, bytes: event.data.length };
  }
  return plain(event) as TraceEntry;
}
