/**
 * The typed response model as plain JSON, for `tagwire-imap parse`: bigints become decimal strings,
 * byte values become text when they are valid UTF-8 and `{ "base64": "..." }` otherwise, mailbox
 * names (`{ raw, name }`) become their decoded name, and typed number arrays become arrays.
 */

/** JSON value produced by `toJson`. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Bytes as text when they are valid UTF-8, else `{ base64 }`. */
export function bytesToJson(bytes: Uint8Array): Json {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // Not UTF-8: exact bytes in base64.
  }
  return { base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64") };
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

/** Converts a response, event or any part of the model to JSON. Functions and undefined are dropped. */
export function toJson(value: unknown): Json {
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
      return null;
    default:
      break;
  }
  if (value === null) return null;
  if (value instanceof Uint8Array) return bytesToJson(value);
  if (ArrayBuffer.isView(value))
    return Array.from(value as unknown as ArrayLike<number | bigint>, (n) => toJson(n));
  if (Array.isArray(value)) return value.map((item) => toJson(item));
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(typeof code === "string" ? { code } : {}) };
  }
  const object = value as object;
  if (isMailboxName(object)) return object.name;
  const out: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(object)) {
    if (item === undefined || typeof item === "function") continue;
    out[key] = toJson(item);
  }
  return out;
}
