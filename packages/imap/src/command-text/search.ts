/** Search keys (RFC 3501 §6.4.4 and extensions) and `SEARCH [RETURN (...)] [CHARSET c] keys`. */
import {
  BARE_SEARCH_KEYS,
  type Command,
  DATE_SEARCH_KEYS,
  SEARCH_RETURN_OPTIONS,
  type SearchKey,
  type SearchReturnOption,
  TEXT_SEARCH_KEYS,
} from "../types/command.js";
import { invalid } from "./invalid.js";
import { looksLikeSequenceSet, Reader } from "./reader.js";

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

function searchDate(text: string, what: string): Date {
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text);
  const month = match === null ? -1 : MONTHS.indexOf((match[2] as string).toUpperCase());
  if (match === null || month === -1) throw invalid(`${what}: dates are d-Mon-yyyy, e.g. 1-Feb-2024`);
  return new Date(Date.UTC(Number(match[3]), month, Number(match[1])));
}

const FLAG_KEYS: ReadonlySet<string> = new Set(BARE_SEARCH_KEYS);
const TEXT_KEYS: ReadonlySet<string> = new Set(TEXT_SEARCH_KEYS);
const DATE_KEYS: ReadonlySet<string> = new Set(DATE_SEARCH_KEYS);
const RETURN_OPTIONS: ReadonlySet<string> = new Set(SEARCH_RETURN_OPTIONS);

function searchKey(reader: Reader): SearchKey {
  const token = reader.next("a search key");
  if (token.kind === "list")
    return { key: "AND", operands: searchKeys(new Reader(token.items, reader.what)) };
  if (token.kind === "string")
    throw invalid(`${reader.what}: unexpected string ${JSON.stringify(token.value)}`);
  const word = token.value.toUpperCase();
  if (FLAG_KEYS.has(word)) return { key: word } as SearchKey;
  if (TEXT_KEYS.has(word)) return { key: word, value: reader.astring(`${word}'s text`) } as SearchKey;
  if (DATE_KEYS.has(word))
    return { key: word, date: searchDate(reader.atom("a date"), reader.what) } as SearchKey;
  switch (word) {
    case "HEADER":
      return {
        key: "HEADER",
        field: reader.astring("a header field"),
        value: reader.astring("the header text"),
      };
    case "KEYWORD":
    case "UNKEYWORD":
      return { key: word, flag: reader.atom("a keyword") };
    case "LARGER":
    case "SMALLER":
      return { key: word, size: reader.number("a size") };
    case "OLDER":
    case "YOUNGER":
      return { key: word, seconds: reader.number("seconds") };
    case "MODSEQ":
      return { key: "MODSEQ", modseq: reader.bigint("a mod-sequence") };
    case "UID":
      return { key: "UID", set: reader.sequenceSet() };
    case "NOT":
      return { key: "NOT", operand: searchKey(reader) };
    case "OR":
      return { key: "OR", left: searchKey(reader), right: searchKey(reader) };
    default:
      if (looksLikeSequenceSet(word)) return { key: "SEQ", set: reader.checkSequenceSet(word) };
      throw invalid(`${reader.what}: unknown search key ${token.value}`);
  }
}

/** One or more search keys, to the end of `reader`. */
export function searchKeys(reader: Reader): SearchKey[] {
  const keys: SearchKey[] = [];
  while (!reader.done) keys.push(searchKey(reader));
  if (keys.length === 0) throw invalid(`${reader.what}: missing search criteria`);
  return keys;
}

export function searchCommand(reader: Reader, uid: boolean): Command {
  let returns: SearchReturnOption[] | undefined;
  if (reader.keyword("RETURN")) {
    returns = reader.atoms(reader.list("RETURN options")).map((a) => {
      const option = a.toUpperCase();
      if (!RETURN_OPTIONS.has(option)) throw invalid(`${reader.what}: unknown RETURN option ${a}`);
      return option as SearchReturnOption;
    });
  }
  const charset = reader.keyword("CHARSET") ? reader.astring("a charset") : undefined;
  return {
    name: "SEARCH",
    uid,
    criteria: searchKeys(reader),
    ...(charset === undefined ? {} : { charset }),
    ...(returns === undefined ? {} : { return: returns }),
  };
}
