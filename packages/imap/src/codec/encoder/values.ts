/**
 * Writers for IMAP values (RFC 3501 §4, §9; RFC 9051 §4). Strings pick the first safe form:
 * atom (astring contexts only), then quoted string, then literal:
 * - atom when every character is an ATOM-CHAR (ASTRING-CHAR, or list-char for LIST patterns) and the
 *   value is not `NIL` in any case, which a server could take for the NIL token;
 * - quoted when the value is 7-bit (8-bit too once UTF-8 is enabled, RFC 6855 / RFC 9051 QUOTED-CHAR),
 *   holds no CR or LF, and is at most `MAX_QUOTED_OCTETS` long;
 * - literal otherwise. NUL cannot be carried by any string form (CHAR8 excludes it) and is refused.
 * Atoms with a fixed meaning (flags, capabilities, options) are validated and never quoted.
 */
import { ImapLocalError } from "../../errors.js";
import { encodeMutf7 } from "../../text/mutf7.js";
import { utf8Encode } from "../../text/text.js";
import type { SequenceSet } from "../../types/command.js";
import { formatSequenceSet } from "../../types/sequence-set.js";
import { C_ASTRING, C_ATOM, CLASS } from "../parser/chars.js";
import { MAX_QUOTED_OCTETS } from "./limits.js";
import type { CommandWriter } from "./writer.js";

function invalid(message: string): ImapLocalError {
  return new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", message);
}

type AtomKind = "atom" | "astring" | "list";

/**
 * Whether `text` is non-empty and made of ATOM-CHARs (`atom`), ASTRING-CHARs (`astring`: `]` too), or
 * ASTRING-CHARs and list-wildcards `%` `*` (`list`); the classes are the grammar tables of `chars.ts`.
 */
function isAtomLike(text: string, kind: AtomKind): boolean {
  if (text.length === 0) return false;
  const cls = kind === "atom" ? C_ATOM : C_ASTRING;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 && ((CLASS[code] as number) & cls) !== 0) continue;
    if ((code === 0x25 || code === 0x2a) && kind === "list") continue;
    return false;
  }
  return true;
}

/** Whether `text` is a valid IMAP atom. */
export function isAtom(text: string): boolean {
  return isAtomLike(text, "atom");
}

/** Whether `text` is a valid tag: ASTRING-CHARs except `+` (RFC 3501 §9). */
export function isTag(text: string): boolean {
  return isAtomLike(text, "astring") && !text.includes("+");
}

/** Writes a validated atom such as a capability, option or keyword. */
export function writeAtom(w: CommandWriter, atom: string, what: string): void {
  if (!isAtom(atom)) throw invalid(`${what} is not a valid atom: ${JSON.stringify(atom)}`);
  w.text(atom);
}

/** A flag: `\` + atom (system flag or extension) or a keyword atom (RFC 3501 §9 `flag`). */
export function writeFlag(w: CommandWriter, flag: string): void {
  const atom = flag.startsWith("\\") ? flag.slice(1) : flag;
  if (!isAtom(atom)) throw invalid(`not a valid flag: ${JSON.stringify(flag)}`);
  w.text(flag);
}

/** `(flag flag ...)`; an empty list is `()`. */
export function writeFlagList(w: CommandWriter, flags: readonly string[]): void {
  writeList(w, flags, (flag) => writeFlag(w, flag));
}

/** An unsigned integer within [min, max]. */
export function writeNumber(w: CommandWriter, value: number, min: number, max: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(`${what} out of range: ${value}`);
  }
  w.text(String(value));
}

const MAX_MODSEQ = (1n << 63n) - 1n;

/** A mod-sequence value: 0..2^63-1 (RFC 7162 §7). */
export function writeModSeq(w: CommandWriter, value: bigint, what: string): void {
  if (typeof value !== "bigint" || value < 0n || value > MAX_MODSEQ) {
    throw invalid(`${what} out of range: ${String(value)}`);
  }
  w.text(value.toString());
}

/** A sequence set in canonical form (see `types/sequence-set.ts`). */
export function writeSequenceSet(w: CommandWriter, set: SequenceSet): void {
  w.text(formatSequenceSet(set));
}

/** Throws on an unpaired UTF-16 surrogate, which UTF-8 encoding would silently turn into U+FFFD. */
function checkWellFormed(text: string): void {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    throw invalid("string has an unpaired surrogate");
  }
}

export interface StringFlags {
  /** Trace as `***` (passwords). */
  readonly secret?: boolean;
}

/** A string (quoted or literal): RFC 3501 `string`. */
export function writeString(w: CommandWriter, value: string, flags: StringFlags = {}): void {
  checkWellFormed(value);
  let needsLiteral = false;
  let eightBit = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0) throw invalid("strings cannot carry NUL");
    if (code === 0x0d || code === 0x0a) needsLiteral = true;
    else if (code > 0x7f) eightBit = true;
  }
  if (eightBit && !w.options.utf8) needsLiteral = true;
  const bytes = utf8Encode(value);
  if (needsLiteral || bytes.length > MAX_QUOTED_OCTETS) {
    w.literal(bytes, flags.secret === true ? { secret: true } : {});
    return;
  }
  const quoted = `"${value.replace(/["\\]/g, "\\$&")}"`;
  const trace = flags.secret === true ? "***" : quoted;
  if (eightBit) w.bytes(utf8Encode(quoted), trace);
  else w.text(quoted, trace);
}

function writeAtomOrString(w: CommandWriter, value: string, kind: AtomKind, flags: StringFlags): void {
  if (isAtomLike(value, kind) && value.toUpperCase() !== "NIL") {
    w.text(value, flags.secret === true ? "***" : value);
  } else {
    writeString(w, value, flags);
  }
}

/** An astring: atom when possible, else quoted or literal (RFC 3501 `astring`). */
export function writeAstring(w: CommandWriter, value: string, flags: StringFlags = {}): void {
  writeAtomOrString(w, value, "astring", flags);
}

/** An nstring: `NIL` for null. */
export function writeNString(w: CommandWriter, value: string | null): void {
  if (value === null) w.text("NIL");
  else writeString(w, value);
}

/** Mailbox name on the wire: modified UTF-7 unless UTF-8 is enabled. */
function mailboxText(w: CommandWriter, name: string): string {
  return w.options.utf8 ? name : encodeMutf7(name);
}

/**
 * A mailbox name (RFC 3501 `mailbox`). `INBOX` is case-insensitive (§5.1), so any spelling of it is
 * sent as `INBOX`.
 */
export function writeMailbox(w: CommandWriter, name: string): void {
  const normalized = name.toUpperCase() === "INBOX" ? "INBOX" : name;
  writeAtomOrString(w, mailboxText(w, normalized), "astring", {});
}

/** A LIST reference name: a mailbox name used as a prefix, so not INBOX-normalised. */
export function writeReference(w: CommandWriter, name: string): void {
  writeAtomOrString(w, mailboxText(w, name), "astring", {});
}

/** A LIST/LSUB pattern (RFC 3501 `list-mailbox`): `%` and `*` may stay unquoted. */
export function writeListMailbox(w: CommandWriter, pattern: string): void {
  writeAtomOrString(w, mailboxText(w, pattern), "list", {});
}

/** `(item item ...)` with a writer per item. */
export function writeList<T>(w: CommandWriter, items: readonly T[], writeItem: (item: T) => void): void {
  w.text("(");
  items.forEach((item, i) => {
    if (i > 0) w.text(" ");
    writeItem(item);
  });
  w.text(")");
}
