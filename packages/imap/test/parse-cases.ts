/**
 * Helpers for the parser's known-answer tests: decode a response through the full decoder at every
 * split point (see `feed.ts`), or call the parser directly with chosen quirks.
 */
import { expect } from "vitest";
import type { DecoderOptions } from "../src/codec/decoder.js";
import { type ParserQuirks, parseResponse } from "../src/codec/parser/index.js";
import { utf8Encode } from "../src/text/text.js";
import type { Address, Response } from "../src/types/response.js";
import { bytes, expectSameEverywhere } from "./feed.js";

export { bytes };

/** Latin-1 text as bytes; `"é"` etc. become one byte each. Use `utf8` for UTF-8 text. */
export const b = bytes;

/** UTF-8 text as bytes. */
export const utf8 = utf8Encode;

/** `{n}\r\n` + the literal's octets, with n counted. */
export function lit(content: string): string {
  return `{${content.length}}\r\n${content}`;
}

function toBytes(input: string | Uint8Array): Uint8Array {
  return typeof input === "string" ? bytes(input) : input;
}

/** All responses of `input`, decoded whole, byte by byte and at every split point (identical results). */
export function decodeAll(input: string | Uint8Array, opts?: DecoderOptions): Response[] {
  const events = expectSameEverywhere(toBytes(input), opts);
  const out: Response[] = [];
  for (const e of events) if (e.type === "response") out.push(e.response);
  return out;
}

/** The single response of `input`, decoded at every split point. */
export function decodeOne(input: string | Uint8Array, opts?: DecoderOptions): Response {
  const all = decodeAll(input, opts);
  expect(all).toHaveLength(1);
  return all[0] as Response;
}

/** Parses one framed response directly (quirks as given, the rest default). */
export function parse(
  input: string | Uint8Array,
  quirks?: Partial<ParserQuirks>,
  options: { utf8?: boolean; maxNesting?: number } = {},
): Response {
  const ctx = { utf8: options.utf8 ?? false, maxNesting: options.maxNesting ?? 100 };
  return parseResponse(toBytes(input), quirks === undefined ? ctx : { ...ctx, quirks });
}

/** An address with adl NIL. */
export function addr(name: string | null, mailbox: string | null, host: string | null): Address {
  return {
    name: name === null ? null : bytes(name),
    adl: null,
    mailbox: mailbox === null ? null : bytes(mailbox),
    host: host === null ? null : bytes(host),
  };
}

/** Narrows a response to its type or fails the test. */
export function as<T extends Response["type"]>(response: Response, type: T): Extract<Response, { type: T }> {
  if (response.type !== type) expect(response.type, describeResponse(response)).toBe(type);
  return response as Extract<Response, { type: T }>;
}

/** A short JSON rendering for assertion messages (bytes as Latin-1, bigints with `n`). */
function describeResponse(response: Response): string {
  return JSON.stringify(response, (_key, value: unknown) => {
    if (typeof value === "bigint") return `${value}n`;
    if (value instanceof Uint8Array) {
      let text = "";
      for (let i = 0; i < Math.min(value.length, 200); i++) text += String.fromCharCode(value[i] as number);
      return value.length > 200 ? `${text}...` : text;
    }
    return value;
  }).slice(0, 2000);
}
