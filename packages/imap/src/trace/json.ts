/**
 * The response model and session events as plain JSON, one converter for every consumer (the CLI's
 * NDJSON, the e2e harness's trace, the web app's Protocol panel):
 *
 * - bigints become decimal strings, non-finite numbers their name (`"NaN"`);
 * - byte values become text when they are valid UTF-8, else `{ "base64": ... }` (exact), or with
 *   `invalidUtf8: "replace"` text with U+FFFD (so any text inside stays searchable);
 * - mailbox names (`{ raw, name }`) become their decoded name;
 * - typed number arrays and Sets become arrays, Maps objects with string keys;
 * - errors become `{ name, code, message }` (`code` null when there is none);
 * - anything with `toJSON` (a `Date`, a `Secret`, which says `***`) is converted through it;
 * - undefined and functions are dropped from objects (null in arrays);
 * - nesting deeper than `MAX_JSON_DEPTH` becomes `"[too deep]"`, which also ends cycles.
 */

import { encodeBase64 } from "../text/base64.js";
import { utf8Decode, utf8DecodeStrict } from "../text/text.js";

/** JSON value produced by `toJson`. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonOptions {
  /** How bytes that are not valid UTF-8 are written: exact `{ base64 }` (default) or lossy text. */
  readonly invalidUtf8?: "base64" | "replace";
}

/** Nesting deeper than this is cut (responses are far shallower; this guards against cycles). */
export const MAX_JSON_DEPTH = 32;

const TOO_DEEP = "[too deep]";

/** Bytes as text when they are valid UTF-8, else as `options.invalidUtf8` says. */
export function bytesToJson(bytes: Uint8Array, options: JsonOptions = {}): Json {
  // The core's decoders drop a leading byte order mark; the value keeps it.
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const rest = bom ? bytes.subarray(3) : bytes;
  const text = options.invalidUtf8 === "replace" ? utf8Decode(rest) : utf8DecodeStrict(rest);
  if (text === null) return { base64: encodeBase64(bytes) };
  return bom ? `\ufeff${text}` : text;
}

function isMailboxName(value: object): value is { raw: Uint8Array; name: string } {
  const keys = Object.keys(value);
  return (
    keys.length === 2 &&
    "raw" in value &&
    "name" in value &&
    value.raw instanceof Uint8Array &&
    typeof value.name === "string"
  );
}

function hasToJson(value: object): value is { toJSON(): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}

function objectToJson(value: object, options: JsonOptions, depth: number): Json {
  if (value instanceof Uint8Array) return bytesToJson(value, options);
  if (value instanceof ArrayBuffer) return bytesToJson(new Uint8Array(value), options);
  if (ArrayBuffer.isView(value)) {
    return Array.from(
      value as unknown as ArrayLike<number | bigint>,
      (n) => convert(n, options, depth) ?? null,
    );
  }
  if (Array.isArray(value) || value instanceof Set) {
    return Array.from(value as Iterable<unknown>, (item) => convert(item, options, depth) ?? null);
  }
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, code: typeof code === "string" ? code : null, message: value.message };
  }
  if (hasToJson(value)) return convert(value.toJSON(), options, depth) ?? null;
  if (isMailboxName(value)) return value.name;
  const entries: Iterable<[unknown, unknown]> = value instanceof Map ? value : Object.entries(value);
  const out: { [key: string]: Json } = {};
  for (const [key, item] of entries) {
    const converted = convert(item, options, depth);
    if (converted !== undefined) out[String(key)] = converted;
  }
  return out;
}

/** `value` as JSON, or undefined for what an object drops (undefined, functions, symbols). */
function convert(value: unknown, options: JsonOptions, depth: number): Json | undefined {
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "string":
    case "boolean":
      return value;
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
    default:
      if (value === null) return null;
      if (depth >= MAX_JSON_DEPTH) return TOO_DEEP;
      return objectToJson(value as object, options, depth + 1);
  }
}

/** Converts a response, an event or any part of the model to JSON (see the header for the rules). */
export function toJson(value: unknown, options: JsonOptions = {}): Json {
  return convert(value, options, 0) ?? null;
}
