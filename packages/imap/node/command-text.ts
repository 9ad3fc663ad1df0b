/**
 * Command text as a person types it (`UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])`,
 * without a tag) → a typed `Command`, for `tagwire-imap run`. The session accepts only typed
 * commands, which keeps its encoder in charge of quoting, literals and line length; this parser
 * covers the RFC 3501/9051 grammar of the commands the CLI can run, and refuses the rest with a
 * message. Credentials come from the URL, so LOGIN, AUTHENTICATE, LOGOUT, IDLE and STARTTLS are
 * refused here; APPEND needs message bytes and is refused too.
 *
 * Mailbox names are taken as text (Unicode): the encoder applies modified UTF-7 itself.
 */
import { ImapLocalError } from "../src/errors.js";
import {
  BARE_SEARCH_KEYS,
  type Command,
  DATE_SEARCH_KEYS,
  type FetchAttribute,
  SEARCH_RETURN_OPTIONS,
  type SearchKey,
  type SearchReturnOption,
  SIMPLE_FETCH_ATTRIBUTES,
  SORT_KEYS,
  STATUS_ITEMS,
  type StatusItem,
  TEXT_SEARCH_KEYS,
  THREAD_ALGORITHMS,
  type ThreadAlgorithm,
} from "../src/types/command.js";

type Token =
  | { readonly kind: "atom"; readonly value: string }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "list"; readonly items: Token[] };

function invalid(message: string): ImapLocalError {
  return new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", message);
}

/** Splits command text into atoms, quoted strings and parenthesised lists. `[...]` stays in its atom. */
export function tokenize(text: string): Token[] {
  const root: Token[] = [];
  const stack: Token[][] = [root];
  let i = 0;
  const top = (): Token[] => stack[stack.length - 1] as Token[];
  while (i < text.length) {
    const c = text[i] as string;
    if (c === " " || c === "\t") {
      i++;
    } else if (c === "\r" || c === "\n") {
      throw invalid("a command is one line: CR and LF are not allowed");
    } else if (c === "(") {
      const list: Token[] = [];
      top().push({ kind: "list", items: list });
      stack.push(list);
      i++;
    } else if (c === ")") {
      if (stack.length === 1) throw invalid("unbalanced ')'");
      stack.pop();
      i++;
    } else if (c === '"') {
      let value = "";
      i++;
      for (;;) {
        const d = text[i];
        if (d === undefined) throw invalid("unterminated quoted string");
        i++;
        if (d === '"') break;
        if (d === "\\") {
          const e = text[i];
          if (e !== '"' && e !== "\\") throw invalid('only \\" and \\\\ may be escaped in a quoted string');
          value += e;
          i++;
        } else value += d;
      }
      top().push({ kind: "string", value });
    } else if (c === "{") {
      throw invalid("literals ({n}) cannot be typed on the command line; use a quoted string");
    } else {
      let value = "";
      let depth = 0;
      while (i < text.length) {
        const d = text[i] as string;
        if (depth === 0 && (d === " " || d === "\t" || d === "(" || d === ")" || d === '"')) break;
        if (d === "\r" || d === "\n") throw invalid("a command is one line: CR and LF are not allowed");
        if (d === "[") depth++;
        else if (d === "]") depth = Math.max(0, depth - 1);
        value += d;
        i++;
      }
      top().push({ kind: "atom", value });
    }
  }
  if (stack.length !== 1) throw invalid("unbalanced '('");
  return root;
}

/** A cursor over tokens with typed readers. */
class Reader {
  #index = 0;
  constructor(
    readonly tokens: readonly Token[],
    readonly what: string,
  ) {}

  get done(): boolean {
    return this.#index >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.#index];
  }

  next(expected: string): Token {
    const token = this.tokens[this.#index];
    if (token === undefined) throw invalid(`${this.what}: missing ${expected}`);
    this.#index++;
    return token;
  }

  atom(expected: string): string {
    const token = this.next(expected);
    if (token.kind !== "atom") throw invalid(`${this.what}: expected ${expected}`);
    return token.value;
  }

  astring(expected: string): string {
    const token = this.next(expected);
    if (token.kind === "list") throw invalid(`${this.what}: expected ${expected}, not a list`);
    return token.value;
  }

  list(expected: string): Token[] {
    const token = this.next(expected);
    if (token.kind !== "list") throw invalid(`${this.what}: expected (${expected})`);
    return token.items;
  }

  number(expected: string): number {
    const value = this.atom(expected);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
      throw invalid(`${this.what}: ${expected} must be a number`);
    return Number(value);
  }

  bigint(expected: string): bigint {
    const value = this.atom(expected);
    if (!/^\d+$/.test(value)) throw invalid(`${this.what}: ${expected} must be a number`);
    return BigInt(value);
  }

  /** Optional keyword (case-insensitive); consumed when present. */
  keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind === "atom" && token.value.toUpperCase() === word) {
      this.#index++;
      return true;
    }
    return false;
  }

  end(): void {
    if (!this.done) throw invalid(`${this.what}: unexpected ${describe(this.peek() as Token)}`);
  }
}

function describe(token: Token): string {
  return token.kind === "list" ? "list" : JSON.stringify(token.value);
}

function atoms(items: readonly Token[], what: string): string[] {
  return items.map((t) => {
    if (t.kind === "list") throw invalid(`${what}: nested list not allowed`);
    return t.value;
  });
}

const SEQUENCE_SET = /^(\d+|\*)(:(\d+|\*))?(,(\d+|\*)(:(\d+|\*))?)*$/;

function sequenceSet(reader: Reader): string {
  const value = reader.atom("a sequence set");
  if (value !== "$" && !SEQUENCE_SET.test(value))
    throw invalid(`${reader.what}: ${JSON.stringify(value)} is not a sequence set`);
  return value;
}

function statusItems(items: readonly Token[], what: string): StatusItem[] {
  return atoms(items, what).map((a) => {
    const item = a.toUpperCase() as StatusItem;
    if (!(STATUS_ITEMS as readonly string[]).includes(item))
      throw invalid(`${what}: unknown status item ${a}`);
    return item;
  });
}

// ---------------------------------------------------------------- FETCH

const SIMPLE_FETCH: ReadonlySet<string> = new Set(SIMPLE_FETCH_ATTRIBUTES);

const FETCH_MACROS: Readonly<Record<string, readonly FetchAttribute[]>> = {
  ALL: ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"],
  FAST: ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
  FULL: ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"],
};

const SECTION_ITEM = /^(BODY|BINARY|BINARY\.SIZE)(\.PEEK)?\[([^\]]*)\](?:<(\d+)\.(\d+)>)?$/i;

function fetchAttribute(text: string, what: string): FetchAttribute {
  const upper = text.toUpperCase();
  if (SIMPLE_FETCH.has(upper)) return upper as FetchAttribute;
  // RFC 3501 §6.4.5: RFC822 = BODY[], RFC822.HEADER = BODY.PEEK[HEADER], RFC822.TEXT = BODY[TEXT].
  if (upper === "RFC822") return { item: "BODY", section: "" };
  if (upper === "RFC822.HEADER") return { item: "BODY", section: "HEADER", peek: true };
  if (upper === "RFC822.TEXT") return { item: "BODY", section: "TEXT" };
  const match = SECTION_ITEM.exec(text);
  if (match === null) throw invalid(`${what}: unknown fetch item ${text}`);
  const item = (match[1] as string).toUpperCase() as "BODY" | "BINARY" | "BINARY.SIZE";
  const peek = match[2] !== undefined;
  if (peek && item === "BINARY.SIZE") throw invalid(`${what}: BINARY.SIZE has no .PEEK form`);
  return {
    item,
    section: match[3] as string,
    ...(peek ? { peek } : {}),
    ...(match[4] === undefined ? {} : { partial: { offset: Number(match[4]), length: Number(match[5]) } }),
  };
}

function fetchCommand(reader: Reader, uid: boolean): Command {
  const set = sequenceSet(reader);
  const token = reader.next("fetch items");
  let attributes: FetchAttribute[];
  if (token.kind === "list") {
    attributes = atoms(token.items, reader.what).map((a) => fetchAttribute(a, reader.what));
  } else {
    const macro = FETCH_MACROS[token.value.toUpperCase()];
    attributes = macro !== undefined ? [...macro] : [fetchAttribute(token.value, reader.what)];
  }
  let changedSince: bigint | undefined;
  let vanished = false;
  if (!reader.done) {
    const modifiers = new Reader(reader.list("fetch modifiers"), reader.what);
    while (!modifiers.done) {
      const name = modifiers.atom("a fetch modifier").toUpperCase();
      if (name === "CHANGEDSINCE") changedSince = modifiers.bigint("CHANGEDSINCE's mod-sequence");
      else if (name === "VANISHED") vanished = true;
      else throw invalid(`${reader.what}: unknown fetch modifier ${name}`);
    }
  }
  reader.end();
  return {
    name: "FETCH",
    uid,
    set,
    attributes,
    ...(changedSince === undefined ? {} : { changedSince }),
    ...(vanished ? { vanished } : {}),
  };
}

// ---------------------------------------------------------------- STORE

function storeCommand(reader: Reader, uid: boolean): Command {
  const set = sequenceSet(reader);
  let unchangedSince: bigint | undefined;
  if (reader.peek()?.kind === "list") {
    const modifiers = new Reader(reader.list("store modifiers"), reader.what);
    if (modifiers.atom("UNCHANGEDSINCE").toUpperCase() !== "UNCHANGEDSINCE") {
      throw invalid(`${reader.what}: the only store modifier is UNCHANGEDSINCE`);
    }
    unchangedSince = modifiers.bigint("UNCHANGEDSINCE's mod-sequence");
    modifiers.end();
  }
  const match = /^([+-]?)FLAGS(\.SILENT)?$/i.exec(reader.atom("FLAGS, +FLAGS or -FLAGS"));
  if (match === null) throw invalid(`${reader.what}: expected FLAGS, +FLAGS or -FLAGS`);
  const flags: string[] = [];
  while (!reader.done) {
    const token = reader.next("flags");
    if (token.kind === "list") flags.push(...atoms(token.items, reader.what));
    else flags.push(token.value);
  }
  return {
    name: "STORE",
    uid,
    set,
    operation: match[1] === "+" ? "add" : match[1] === "-" ? "remove" : "set",
    flags,
    ...(match[2] === undefined ? {} : { silent: true }),
    ...(unchangedSince === undefined ? {} : { unchangedSince }),
  };
}

// ---------------------------------------------------------------- SEARCH

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
      return { key: "UID", set: sequenceSet(reader) };
    case "NOT":
      return { key: "NOT", operand: searchKey(reader) };
    case "OR":
      return { key: "OR", left: searchKey(reader), right: searchKey(reader) };
    default:
      if (word === "$" || SEQUENCE_SET.test(word)) return { key: "SEQ", set: word };
      throw invalid(`${reader.what}: unknown search key ${token.value}`);
  }
}

function searchKeys(reader: Reader): SearchKey[] {
  const keys: SearchKey[] = [];
  while (!reader.done) keys.push(searchKey(reader));
  if (keys.length === 0) throw invalid(`${reader.what}: missing search criteria`);
  return keys;
}

const RETURN_OPTIONS: ReadonlySet<string> = new Set(SEARCH_RETURN_OPTIONS);

function searchCommand(reader: Reader, uid: boolean): Command {
  let returns: SearchReturnOption[] | undefined;
  if (reader.keyword("RETURN")) {
    returns = atoms(reader.list("RETURN options"), reader.what).map((a) => {
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

type SortCriterion = Extract<Command, { name: "SORT" }>["criteria"][number];
const SORT_KEY_SET: ReadonlySet<string> = new Set(SORT_KEYS);

function sortCommand(reader: Reader, uid: boolean): Command {
  const words = atoms(reader.list("sort criteria"), reader.what).map((a) => a.toUpperCase());
  const criteria: SortCriterion[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const reverse = word === "REVERSE";
    const key = reverse ? words[++i] : word;
    if (key === undefined || !SORT_KEY_SET.has(key))
      throw invalid(`${reader.what}: unknown sort key ${key ?? "after REVERSE"}`);
    criteria.push((reverse ? `REVERSE ${key}` : key) as SortCriterion);
  }
  const charset = reader.astring("a charset");
  return { name: "SORT", uid, criteria, charset, search: searchKeys(reader) };
}

function threadCommand(reader: Reader, uid: boolean): Command {
  const algorithm = reader.atom("a thread algorithm").toUpperCase() as ThreadAlgorithm;
  if (!THREAD_ALGORITHMS.includes(algorithm)) {
    throw invalid(`${reader.what}: unknown thread algorithm ${algorithm}`);
  }
  const charset = reader.astring("a charset");
  return { name: "THREAD", uid, algorithm, charset, search: searchKeys(reader) };
}

// ---------------------------------------------------------------- mailboxes

function listCommand(reader: Reader): Command {
  const selectOptions =
    reader.peek()?.kind === "list" ? atoms(reader.list("selection options"), reader.what) : undefined;
  const reference = reader.astring("a reference");
  const pattern = reader.next("a mailbox pattern");
  const patterns = pattern.kind === "list" ? atoms(pattern.items, reader.what) : [pattern.value];
  let returnSpecialUse = false;
  let returnSubscribed = false;
  let returnChildren = false;
  let returnStatus: StatusItem[] | undefined;
  if (reader.keyword("RETURN")) {
    const options = new Reader(reader.list("RETURN options"), reader.what);
    while (!options.done) {
      const option = options.atom("a RETURN option").toUpperCase();
      if (option === "SPECIAL-USE") returnSpecialUse = true;
      else if (option === "SUBSCRIBED") returnSubscribed = true;
      else if (option === "CHILDREN") returnChildren = true;
      else if (option === "STATUS") returnStatus = statusItems(options.list("status items"), reader.what);
      else throw invalid(`${reader.what}: unknown RETURN option ${option}`);
    }
  }
  reader.end();
  return {
    name: "LIST",
    reference,
    patterns,
    ...(selectOptions === undefined ? {} : { selectOptions }),
    ...(returnSpecialUse ? { returnSpecialUse } : {}),
    ...(returnSubscribed ? { returnSubscribed } : {}),
    ...(returnChildren ? { returnChildren } : {}),
    ...(returnStatus === undefined ? {} : { returnStatus }),
  };
}

function selectCommand(reader: Reader, name: "SELECT" | "EXAMINE"): Command {
  const mailbox = reader.astring("a mailbox");
  let condstore = false;
  let qresync: { uidValidity: number; modseq: bigint; knownUids?: string } | undefined;
  if (!reader.done) {
    const params = new Reader(reader.list("select parameters"), reader.what);
    while (!params.done) {
      const param = params.atom("a select parameter").toUpperCase();
      if (param === "CONDSTORE") condstore = true;
      else if (param === "QRESYNC") {
        const args = new Reader(params.list("QRESYNC parameters"), reader.what);
        const uidValidity = args.number("UIDVALIDITY");
        const modseq = args.bigint("a mod-sequence");
        const knownUids = args.done ? undefined : sequenceSet(args);
        args.end();
        qresync = { uidValidity, modseq, ...(knownUids === undefined ? {} : { knownUids }) };
      } else throw invalid(`${reader.what}: unknown select parameter ${param}`);
    }
  }
  reader.end();
  return {
    name,
    mailbox,
    ...(condstore ? { condstore } : {}),
    ...(qresync === undefined ? {} : { qresync }),
  };
}

function idCommand(reader: Reader): Command {
  const token = reader.next("NIL or a parameter list");
  reader.end();
  if (token.kind === "atom" && token.value.toUpperCase() === "NIL") return { name: "ID", params: null };
  if (token.kind !== "list") throw invalid(`${reader.what}: expected NIL or a parameter list`);
  const values = token.items.map((t) => {
    if (t.kind === "list") throw invalid(`${reader.what}: ID values are strings`);
    return t.kind === "atom" && t.value.toUpperCase() === "NIL" ? null : t.value;
  });
  if (values.length % 2 !== 0) throw invalid(`${reader.what}: ID takes field/value pairs`);
  const params: Record<string, string | null> = {};
  for (let i = 0; i < values.length; i += 2) {
    const field = values[i];
    if (field === null || field === undefined) throw invalid(`${reader.what}: an ID field cannot be NIL`);
    params[field] = values[i + 1] ?? null;
  }
  return { name: "ID", params };
}

const REFUSED: Readonly<Record<string, string>> = {
  LOGIN: "credentials come from --url",
  AUTHENTICATE: "credentials come from --url",
  LOGOUT: "run logs out by itself",
  STARTTLS: "use imaps:// for TLS",
  IDLE: "IDLE needs DONE, which run cannot type",
  DONE: "IDLE needs DONE, which run cannot type",
  APPEND: "APPEND needs message bytes; use the library's append()",
};

/**
 * Parses one command's text (no tag). Throws `ImapLocalError` IMAP_ERR_INVALID_ARGUMENT with a
 * message naming what is wrong.
 */
export function parseCommandText(text: string): Command {
  const tokens = tokenize(text);
  const first = tokens[0];
  if (first === undefined || first.kind !== "atom") throw invalid("empty command");
  let name = first.value.toUpperCase();
  let uid = false;
  let rest = tokens.slice(1);
  if (name === "UID") {
    const second = rest[0];
    if (second === undefined || second.kind !== "atom") throw invalid("UID: missing the command");
    name = second.value.toUpperCase();
    uid = true;
    rest = rest.slice(1);
  }
  const reader = new Reader(rest, uid ? `UID ${name}` : name);
  const refusal = REFUSED[name];
  if (refusal !== undefined) throw invalid(`${name} is not available in run: ${refusal}`);
  const uidForms = new Set(["FETCH", "STORE", "SEARCH", "SORT", "THREAD", "COPY", "MOVE", "EXPUNGE"]);
  if (uid && !uidForms.has(name)) throw invalid(`UID ${name} does not exist`);
  const bare = (command: Command): Command => {
    reader.end();
    return command;
  };
  switch (name) {
    case "CAPABILITY":
    case "NOOP":
    case "NAMESPACE":
    case "CHECK":
    case "CLOSE":
    case "UNSELECT":
      return bare({ name });
    case "EXPUNGE":
      return uid ? bare({ name, uids: sequenceSet(reader) }) : bare({ name });
    case "SELECT":
    case "EXAMINE":
      return selectCommand(reader, name);
    case "CREATE": {
      const mailbox = reader.astring("a mailbox");
      if (reader.done) return { name, mailbox };
      const params = new Reader(reader.list("CREATE parameters"), reader.what);
      if (params.atom("USE").toUpperCase() !== "USE")
        throw invalid(`${reader.what}: the only parameter is USE`);
      const specialUse = atoms(params.list("special-use attributes"), reader.what);
      params.end();
      return bare({ name, mailbox, specialUse });
    }
    case "DELETE":
    case "SUBSCRIBE":
    case "UNSUBSCRIBE":
      return bare({ name, mailbox: reader.astring("a mailbox") });
    case "RENAME":
      return bare({ name, from: reader.astring("the old name"), to: reader.astring("the new name") });
    case "LIST":
      return listCommand(reader);
    case "LSUB":
      return bare({ name, reference: reader.astring("a reference"), pattern: reader.astring("a pattern") });
    case "STATUS":
      return bare({
        name,
        mailbox: reader.astring("a mailbox"),
        items: statusItems(reader.list("status items"), reader.what),
      });
    case "ENABLE": {
      const capabilities: string[] = [];
      while (!reader.done) capabilities.push(reader.atom("a capability"));
      if (capabilities.length === 0) throw invalid("ENABLE: missing capabilities");
      return { name, capabilities };
    }
    case "ID":
      return idCommand(reader);
    case "FETCH":
      return fetchCommand(reader, uid);
    case "STORE":
      return storeCommand(reader, uid);
    case "SEARCH":
      return searchCommand(reader, uid);
    case "SORT":
      return sortCommand(reader, uid);
    case "THREAD":
      return threadCommand(reader, uid);
    case "COPY":
    case "MOVE":
      return bare({ name, uid, set: sequenceSet(reader), mailbox: reader.astring("a mailbox") });
    default:
      throw invalid(`unknown or unsupported command ${name}`);
  }
}
