/**
 * SEARCH (RFC 3501 §6.4.4, RFC 4731 ESEARCH, RFC 5032 WITHIN, RFC 7162 MODSEQ), SORT and THREAD
 * (RFC 5256) arguments.
 */
import { ImapLocalError } from "../../errors.js";
import {
  BARE_SEARCH_KEYS,
  type Command,
  SEARCH_RETURN_OPTIONS,
  type SearchKey,
  SORT_KEYS,
  THREAD_ALGORITHMS,
} from "../../types/command.js";
import { MAX_SEQUENCE_NUMBER } from "../../types/sequence-set.js";
import { formatSearchDate } from "./dates.js";
import { writeAstring, writeAtom, writeModSeq, writeNumber, writeSequenceSet } from "./values.js";
import type { CommandWriter } from "./writer.js";

type SearchCommand = Extract<Command, { name: "SEARCH" }>;
type SortCommand = Extract<Command, { name: "SORT" }>;
type ThreadCommand = Extract<Command, { name: "THREAD" }>;

function invalid(message: string): ImapLocalError {
  return new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", message);
}

/** Deepest NOT/OR/AND nesting accepted; keeps the recursive writer far from the stack limit. */
const MAX_SEARCH_DEPTH = 64;

const BARE_KEYS: ReadonlySet<string> = new Set(BARE_SEARCH_KEYS);

/** Writes one search key; the top-level list and AND operands are space-separated keys. */
export function writeSearchKey(w: CommandWriter, key: SearchKey, depth = 0): void {
  if (depth > MAX_SEARCH_DEPTH) throw invalid("search keys nested too deeply");
  switch (key.key) {
    case "BCC":
    case "BODY":
    case "CC":
    case "FROM":
    case "SUBJECT":
    case "TEXT":
    case "TO":
      w.text(`${key.key} `);
      writeAstring(w, key.value);
      return;
    case "HEADER":
      w.text("HEADER ");
      writeAstring(w, key.field);
      w.text(" ");
      writeAstring(w, key.value);
      return;
    case "KEYWORD":
    case "UNKEYWORD":
      w.text(`${key.key} `);
      writeAtom(w, key.flag, "keyword");
      return;
    case "BEFORE":
    case "ON":
    case "SINCE":
    case "SENTBEFORE":
    case "SENTON":
    case "SENTSINCE":
      w.text(`${key.key} ${formatSearchDate(key.date)}`);
      return;
    case "LARGER":
    case "SMALLER":
      // number64 in RFC 9051; a JS number is exact up to 2^53-1.
      w.text(`${key.key} `);
      writeNumber(w, key.size, 0, Number.MAX_SAFE_INTEGER, `${key.key} size`);
      return;
    case "OLDER":
    case "YOUNGER":
      w.text(`${key.key} `);
      writeNumber(w, key.seconds, 1, MAX_SEQUENCE_NUMBER, `${key.key} interval`);
      return;
    case "MODSEQ":
      w.text("MODSEQ ");
      writeModSeq(w, key.modseq, "MODSEQ");
      return;
    case "UID":
      w.text("UID ");
      writeSequenceSet(w, key.set);
      return;
    case "SEQ":
      writeSequenceSet(w, key.set);
      return;
    case "NOT":
      w.text("NOT ");
      writeSearchKey(w, key.operand, depth + 1);
      return;
    case "OR":
      w.text("OR ");
      writeSearchKey(w, key.left, depth + 1);
      w.text(" ");
      writeSearchKey(w, key.right, depth + 1);
      return;
    case "AND":
      w.text("(");
      writeSearchKeys(w, key.operands, depth + 1);
      w.text(")");
      return;
    default:
      if (BARE_KEYS.has(key.key)) {
        w.text(key.key);
        return;
      }
      throw invalid(`unknown search key: ${JSON.stringify((key as { key: unknown }).key)}`);
  }
}

/** One or more keys separated by spaces (an implicit AND). */
export function writeSearchKeys(w: CommandWriter, keys: readonly SearchKey[], depth = 0): void {
  if (keys.length === 0) throw invalid("search needs at least one key (use ALL)");
  keys.forEach((key, i) => {
    if (i > 0) w.text(" ");
    writeSearchKey(w, key, depth);
  });
}

const RETURN_OPTIONS: ReadonlySet<string> = new Set(SEARCH_RETURN_OPTIONS);

function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return true;
  return false;
}

/** Whether any string argument of the keys holds a non-ASCII character. */
function keysHaveNonAscii(keys: readonly SearchKey[]): boolean {
  const pending = [...keys];
  for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
    switch (key.key) {
      case "NOT":
        pending.push(key.operand);
        break;
      case "OR":
        pending.push(key.left, key.right);
        break;
      case "AND":
        pending.push(...key.operands);
        break;
      case "HEADER":
        if (hasNonAscii(key.field) || hasNonAscii(key.value)) return true;
        break;
      default:
        if ("value" in key && hasNonAscii(key.value)) return true;
    }
  }
  return false;
}

/**
 * `[UID] SEARCH [RETURN (...)] [CHARSET x] keys` (RETURN before CHARSET: RFC 4466 §2.6). Without an
 * explicit charset, non-ASCII text is sent as UTF-8 with `CHARSET UTF-8` (which every server must
 * support, RFC 3501 §6.4.4), unless UTF-8 is enabled: then strings are UTF-8 anyway (RFC 6855 §3).
 */
export function writeSearch(w: CommandWriter, command: SearchCommand): void {
  w.text(command.uid ? "UID SEARCH" : "SEARCH");
  writeReturn(w, command);
  if (command.charset !== undefined) {
    w.text(" CHARSET ");
    writeAstring(w, command.charset);
  } else if (!w.options.utf8 && keysHaveNonAscii(command.criteria)) {
    w.text(" CHARSET UTF-8");
  }
  w.text(" ");
  writeSearchKeys(w, command.criteria);
}

/** ` RETURN (options [PARTIAL first:last])` when the command has RETURN options or a PARTIAL range. */
function writeReturn(w: CommandWriter, command: SearchCommand | SortCommand): void {
  if (command.return === undefined && command.partial === undefined) return;
  const options: string[] = [];
  for (const option of command.return ?? []) {
    if (!RETURN_OPTIONS.has(option)) throw invalid(`unknown ${command.name} RETURN option: ${option}`);
    options.push(option);
  }
  if (command.partial !== undefined) options.push(`PARTIAL ${resultRange(command.partial)}`);
  w.text(` RETURN (${options.join(" ")})`);
}

/** `first:last`, both non-zero 32-bit positions of the same sign (RFC 9394 §4 `partial-range`). */
function resultRange([first, last]: readonly [number, number]): string {
  const valid = (n: number) => Number.isInteger(n) && n !== 0 && Math.abs(n) <= 0xffffffff;
  if (!valid(first) || !valid(last) || first > 0 !== last > 0) {
    throw invalid(`PARTIAL needs two non-zero positions of the same sign, not ${first}:${last}`);
  }
  return `${first}:${last}`;
}

const SORT_KEY_SET: ReadonlySet<string> = new Set(SORT_KEYS);

function checkSortCriterion(criterion: string): void {
  const key = criterion.startsWith("REVERSE ") ? criterion.slice("REVERSE ".length) : criterion;
  if (!SORT_KEY_SET.has(key)) throw invalid(`unknown sort criterion: ${JSON.stringify(criterion)}`);
}

/**
 * `[UID] SORT [RETURN (...)] (criteria) charset keys` (RFC 5256 §3; DISPLAYFROM/DISPLAYTO: RFC 5957;
 * RETURN: ESORT, RFC 5267 §3).
 */
export function writeSort(w: CommandWriter, command: SortCommand): void {
  if (command.criteria.length === 0) throw invalid("SORT needs at least one criterion");
  command.criteria.forEach(checkSortCriterion);
  w.text(command.uid ? "UID SORT" : "SORT");
  writeReturn(w, command);
  w.text(` (${command.criteria.join(" ")}) `);
  writeAstring(w, command.charset);
  w.text(" ");
  writeSearchKeys(w, command.search);
}

const THREAD_ALGORITHM_SET: ReadonlySet<string> = new Set(THREAD_ALGORITHMS);

/** `[UID] THREAD algorithm charset keys` (RFC 5256 §3; REFS from draft-ietf-morg-inthread, offered by Dovecot). */
export function writeThread(w: CommandWriter, command: ThreadCommand): void {
  if (!THREAD_ALGORITHM_SET.has(command.algorithm)) {
    throw invalid(`unknown thread algorithm: ${JSON.stringify(command.algorithm)}`);
  }
  w.text(`${command.uid ? "UID THREAD" : "THREAD"} `);
  writeAtom(w, command.algorithm, "thread algorithm");
  w.text(" ");
  writeAstring(w, command.charset);
  w.text(" ");
  writeSearchKeys(w, command.search);
}
