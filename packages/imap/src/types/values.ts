/**
 * Typed accessors over the response model: the parser keeps strings as bytes, these decode them.
 * Decoding of RFC 2047 encoded-words and header text belongs to a higher layer, not here.
 */
import { decodeMutf7 } from "../text/mutf7.js";
import { latin1Decode, utf8Decode, utf8DecodeStrict } from "../text/text.js";
import type { Address, BodyParams, BodyStructure, ExtensionValue, NString } from "./response.js";

/** How bytes that are not valid UTF-8 are read: each byte as Latin-1, or U+FFFD replacement. */
export type InvalidUtf8 = "latin1" | "replace";

/** Bytes as text: UTF-8, with invalid input read as Latin-1 (default) or replaced. Null stays null. */
export function text(value: NString, invalid: InvalidUtf8 = "latin1"): string | null {
  if (value === null) return null;
  if (isAscii(value)) return latin1Decode(value);
  if (invalid === "replace") return utf8Decode(value);
  return utf8DecodeStrict(value) ?? latin1Decode(value);
}

/** Bytes as Latin-1 text (each byte one code point, never fails). Null stays null. */
export function latin1(value: NString): string | null {
  return value === null ? null : latin1Decode(value);
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return false;
  return true;
}

const INBOX = [0x49, 0x4e, 0x42, 0x4f, 0x58];

/**
 * A mailbox name's bytes as text: modified UTF-7, or UTF-8 once UTF8=ACCEPT/IMAP4rev2 is on.
 * Names that do not decode are read as Latin-1, never rejected. `INBOX` in any case is `"INBOX"`
 * (RFC 3501 §5.1: the name is case-insensitive).
 */
export function decodeMailboxName(raw: Uint8Array, utf8: boolean): string {
  if (raw.length === 5) {
    let i = 0;
    while (i < 5 && ((raw[i] as number) & 0xdf) === INBOX[i]) i++;
    if (i === 5) return "INBOX";
  }
  let plain = true;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i] as number;
    if (b >= 0x80 || b === 0x26) {
      plain = false;
      break;
    }
  }
  if (plain) return latin1Decode(raw);
  if (utf8) return utf8DecodeStrict(raw) ?? latin1Decode(raw);
  return decodeMutf7(raw) ?? latin1Decode(raw);
}

/** `mailbox@host` of an address, or null for group markers and addresses without a mailbox. */
export function addressEmail(address: Address): string | null {
  if (address.mailbox === null || address.host === null) return null;
  return `${text(address.mailbox)}@${text(address.host)}`;
}

/** True for the address that opens an RFC 822 group (host NIL, mailbox = group name). */
export function isGroupStart(address: Address): boolean {
  return address.host === null && address.mailbox !== null;
}

/** True for the address that closes an RFC 822 group (host and mailbox NIL). */
export function isGroupEnd(address: Address): boolean {
  return address.host === null && address.mailbox === null;
}

/** An address list with RFC 822 groups folded: mailboxes, and groups holding their members. */
export type AddressEntry =
  | { readonly kind: "mailbox"; readonly address: Address }
  | { readonly kind: "group"; readonly name: string; readonly members: readonly Address[] };

/**
 * Folds group syntax (RFC 3501 §7.4.2): a start marker, the members, an end marker. An unterminated
 * group ends with the list; a stray end marker is dropped.
 */
export function groupAddresses(list: readonly Address[] | null): AddressEntry[] {
  const out: AddressEntry[] = [];
  if (list === null) return out;
  let group: { name: string; members: Address[] } | null = null;
  for (const address of list) {
    if (isGroupStart(address)) {
      if (group !== null) out.push({ kind: "group", name: group.name, members: group.members });
      group = { name: text(address.mailbox) ?? "", members: [] };
    } else if (isGroupEnd(address)) {
      if (group !== null) out.push({ kind: "group", name: group.name, members: group.members });
      group = null;
    } else if (group !== null) group.members.push(address);
    else out.push({ kind: "mailbox", address });
  }
  if (group !== null) out.push({ kind: "group", name: group.name, members: group.members });
  return out;
}

/** A body parameter's value by name (case-insensitive), as text; null when absent or NIL. */
export function bodyParam(params: BodyParams | null | undefined, name: string): string | null {
  if (params == null) return null;
  const wanted = name.toUpperCase();
  for (const [key, value] of params) {
    if (key !== null && latin1Decode(key).toUpperCase() === wanted) return text(value);
  }
  return null;
}

/** The lower-cased MIME type of a body part, e.g. `text/plain`, `multipart/mixed`. */
export function mimeType(body: BodyStructure): string {
  if (body.kind === "multipart") return `multipart/${(body.subtype ?? "").toLowerCase()}`;
  return `${(body.type ?? "").toLowerCase()}/${(body.subtype ?? "").toLowerCase()}`;
}

/** An extension value's scalar as text (numbers in decimal); null for NIL and lists. */
export function extensionText(value: ExtensionValue): string | null {
  if (value === null || Array.isArray(value)) return null;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return text(value as Uint8Array);
}
