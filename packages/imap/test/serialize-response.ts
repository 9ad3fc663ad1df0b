/**
 * Test helper: the response model back to wire bytes, the way a conforming server would send it.
 * Used by the round-trip property (model → bytes → parser → model). Strings go quoted when they can,
 * as literals otherwise (CR, LF, NUL, 8-bit) or when `preferLiterals` is set.
 */
import type {
  Address,
  BodyDisposition,
  BodyExtension,
  BodyParams,
  BodySection,
  BodyStructure,
  Envelope,
  ExtensionValue,
  FetchItems,
  MailboxName,
  NamespaceDescriptor,
  NString,
  NumberRanges,
  Response,
  ResponseCode,
  ThreadNode,
} from "../src/types/response.js";
import { concatBytes } from "./feed.js";

export interface SerializeOptions {
  /** Send every string as a literal. */
  readonly preferLiterals?: boolean;
}

const encoder = new TextEncoder();

class Writer {
  private readonly parts: Uint8Array[] = [];
  private text = "";
  constructor(readonly options: SerializeOptions) {}

  /** ASCII protocol text. */
  raw(s: string): void {
    this.text += s;
  }

  bytes(data: Uint8Array): void {
    this.flush();
    this.parts.push(data);
  }

  private flush(): void {
    if (this.text !== "") this.parts.push(encoder.encode(this.text));
    this.text = "";
  }

  finish(): Uint8Array {
    this.raw("\r\n");
    this.flush();
    return concatBytes(this.parts);
  }
}

function quotable(data: Uint8Array): boolean {
  for (const c of data) if (c === 0 || c === 0x0d || c === 0x0a || c >= 0x80) return false;
  return true;
}

function string(w: Writer, data: Uint8Array, literal8 = false): void {
  if (!w.options.preferLiterals && quotable(data)) {
    let s = '"';
    for (const c of data)
      s += c === 0x22 || c === 0x5c ? `\\${String.fromCharCode(c)}` : String.fromCharCode(c);
    w.raw(`${s}"`);
    return;
  }
  w.raw(`${literal8 ? "~" : ""}{${data.length}}\r\n`);
  w.bytes(data);
}

function nstring(w: Writer, data: NString): void {
  if (data === null) w.raw("NIL");
  else string(w, data);
}

function text(w: Writer, value: string): void {
  string(w, encoder.encode(value));
}

/** A hierarchy delimiter: always DQUOTE QUOTED-CHAR DQUOTE (the grammar allows no literal), or NIL. */
function delimiter(w: Writer, value: string | null): void {
  if (value === null) w.raw("NIL");
  else w.raw(value === '"' || value === "\\" ? `"\\${value}"` : `"${value}"`);
}

const ASTRING_SPECIALS = new Set([...'(){ %*"\\'].map((c) => c.charCodeAt(0)));

function astring(w: Writer, data: Uint8Array): void {
  let atom = data.length > 0 && !w.options.preferLiterals;
  for (const c of data) if (c <= 0x20 || c >= 0x7f || ASTRING_SPECIALS.has(c)) atom = false;
  if (atom) w.bytes(data);
  else string(w, data);
}

function mailbox(w: Writer, name: MailboxName): void {
  astring(w, name.raw);
}

function list<T>(w: Writer, items: readonly T[], each: (item: T) => void, separator = " "): void {
  w.raw("(");
  items.forEach((item, i) => {
    if (i > 0) w.raw(separator);
    each(item);
  });
  w.raw(")");
}

function ranges(set: NumberRanges): string {
  return set.map(([a, b]) => (a === b ? `${a}` : `${a}:${b}`)).join(",");
}

function extension(w: Writer, value: ExtensionValue): void {
  if (value === null) w.raw("NIL");
  else if (typeof value === "number" || typeof value === "bigint") w.raw(String(value));
  else if (value instanceof Uint8Array) string(w, value);
  else list(w, value as readonly ExtensionValue[], (v) => extension(w, v));
}

function code(w: Writer, c: ResponseCode): void {
  w.raw("[");
  switch (c.code) {
    case "CAPABILITY":
      w.raw(["CAPABILITY", ...c.capabilities].join(" "));
      break;
    case "PERMANENTFLAGS":
      w.raw(`PERMANENTFLAGS (${c.flags.join(" ")})`);
      break;
    case "UIDVALIDITY":
    case "UIDNEXT":
    case "UNSEEN":
    case "HIGHESTMODSEQ":
      w.raw(`${c.code} ${c.value}`);
      break;
    case "APPENDUID":
      w.raw(`APPENDUID ${c.uidValidity} ${ranges(c.uids)}`);
      break;
    case "COPYUID":
      w.raw(`COPYUID ${c.uidValidity} ${ranges(c.source)} ${ranges(c.destination)}`);
      break;
    case "MODIFIED":
      w.raw(`MODIFIED ${ranges(c.set)}`);
      break;
    case "other":
      w.raw(c.name);
      if (c.raw !== null) {
        w.raw(" ");
        w.bytes(c.raw);
      }
      break;
    default:
      w.raw(c.code);
  }
  w.raw("]");
}

function respText(w: Writer, c: ResponseCode | null, value: string): void {
  w.raw(" ");
  if (c !== null) {
    code(w, c);
    w.raw(" ");
  }
  w.bytes(encoder.encode(value));
}

function addresses(w: Writer, list_: readonly Address[] | null): void {
  if (list_ === null) {
    w.raw("NIL");
    return;
  }
  list(
    w,
    list_,
    (a) => {
      w.raw("(");
      nstring(w, a.name);
      w.raw(" ");
      nstring(w, a.adl);
      w.raw(" ");
      nstring(w, a.mailbox);
      w.raw(" ");
      nstring(w, a.host);
      w.raw(")");
    },
    "",
  );
}

function envelope(w: Writer, e: Envelope): void {
  w.raw("(");
  nstring(w, e.date);
  w.raw(" ");
  nstring(w, e.subject);
  for (const l of [e.from, e.sender, e.replyTo, e.to, e.cc, e.bcc]) {
    w.raw(" ");
    addresses(w, l);
  }
  w.raw(" ");
  nstring(w, e.inReplyTo);
  w.raw(" ");
  nstring(w, e.messageId);
  w.raw(")");
}

function params(w: Writer, p: BodyParams | null): void {
  if (p === null) w.raw("NIL");
  else
    list(w, p, ([k, v]) => {
      nstring(w, k);
      w.raw(" ");
      nstring(w, v);
    });
}

function disposition(w: Writer, d: BodyDisposition | null): void {
  if (d === null) {
    w.raw("NIL");
    return;
  }
  w.raw("(");
  nstring(w, d.type);
  w.raw(" ");
  params(w, d.params);
  w.raw(")");
}

function mediaString(w: Writer, s: string | null): void {
  if (s === null) w.raw("NIL");
  else text(w, s);
}

/** Extension fields after the md5/params slot, each only when present. */
function extTail(w: Writer, b: BodyExtension): void {
  if (b.disposition === undefined) return;
  w.raw(" ");
  disposition(w, b.disposition);
  if (b.language === undefined) return;
  w.raw(" ");
  if (b.language === null) w.raw("NIL");
  else list(w, b.language, (l) => nstring(w, l));
  if (b.location === undefined) return;
  w.raw(" ");
  nstring(w, b.location);
  for (const x of b.extra ?? []) {
    w.raw(" ");
    extension(w, x);
  }
}

function body(w: Writer, b: BodyStructure): void {
  w.raw("(");
  if (b.kind === "multipart") {
    for (const part of b.parts) body(w, part);
    if (b.parts.length > 0) w.raw(" ");
    mediaString(w, b.subtype);
    if (b.params !== undefined) {
      w.raw(" ");
      params(w, b.params);
      extTail(w, b);
    }
    w.raw(")");
    return;
  }
  mediaString(w, b.type);
  w.raw(" ");
  mediaString(w, b.subtype);
  w.raw(" ");
  params(w, b.params);
  w.raw(" ");
  nstring(w, b.id);
  w.raw(" ");
  nstring(w, b.description);
  w.raw(" ");
  nstring(w, b.encoding);
  w.raw(` ${b.size}`);
  if (b.kind === "text") w.raw(` ${b.lines}`);
  if (b.kind === "message") {
    w.raw(" ");
    if (b.envelope === null) w.raw("NIL");
    else envelope(w, b.envelope);
    w.raw(" ");
    if (b.body === null) w.raw("()");
    else body(w, b.body);
    w.raw(` ${b.lines}`);
  }
  if (b.md5 !== undefined) {
    w.raw(" ");
    nstring(w, b.md5);
    extTail(w, b);
  }
  w.raw(")");
}

function section(w: Writer, s: BodySection): void {
  w.raw(s.item);
  if (s.item === "BODY" || s.item === "BINARY") w.raw(`[${s.section}]`);
  if (s.origin !== null) w.raw(`<${s.origin}>`);
  w.raw(" ");
  if (s.data === null) w.raw("NIL");
  else string(w, s.data, s.item === "BINARY");
}

function fetchItems(w: Writer, items: FetchItems): void {
  const out: Array<() => void> = [];
  const add = (f: () => void) => out.push(f);
  if (items.uid !== undefined) add(() => w.raw(`UID ${items.uid}`));
  if (items.flags !== undefined) add(() => w.raw(`FLAGS (${items.flags?.join(" ")})`));
  if (items.internalDate !== undefined) {
    const date = items.internalDate;
    add(() => {
      w.raw("INTERNALDATE ");
      text(w, date);
    });
  }
  if (items.rfc822Size !== undefined) add(() => w.raw(`RFC822.SIZE ${items.rfc822Size}`));
  if (items.envelope !== undefined) {
    const e = items.envelope;
    add(() => {
      w.raw("ENVELOPE ");
      envelope(w, e);
    });
  }
  if (items.bodyStructure !== undefined) {
    const b = items.bodyStructure;
    add(() => {
      w.raw("BODYSTRUCTURE ");
      body(w, b);
    });
  }
  if (items.body !== undefined) {
    const b = items.body;
    add(() => {
      w.raw("BODY ");
      body(w, b);
    });
  }
  for (const s of items.sections ?? []) add(() => section(w, s));
  for (const s of items.binarySizes ?? []) add(() => w.raw(`BINARY.SIZE[${s.section}] ${s.size}`));
  if (items.modseq !== undefined) add(() => w.raw(`MODSEQ (${items.modseq})`));
  if (items.preview !== undefined) {
    const p = items.preview;
    add(() => {
      w.raw("PREVIEW ");
      nstring(w, p);
    });
  }
  if (items.gmMsgId !== undefined) add(() => w.raw(`X-GM-MSGID ${items.gmMsgId}`));
  if (items.gmThrId !== undefined) add(() => w.raw(`X-GM-THRID ${items.gmThrId}`));
  if (items.gmLabels !== undefined) {
    const labels = items.gmLabels;
    add(() => {
      w.raw("X-GM-LABELS ");
      list(w, labels, (l) => string(w, l));
    });
  }
  for (const [name, value] of items.other ?? []) {
    add(() => {
      w.raw(`${name} `);
      extension(w, value);
    });
  }
  list(w, out, (f) => f());
}

/** A thread list for a node: a chain of single children flattened, several children nested. */
function thread(w: Writer, node: ThreadNode): void {
  w.raw("(");
  threadChain(w, node);
  w.raw(")");
}

function threadChain(w: Writer, node: ThreadNode): void {
  let current = node;
  let first = true;
  for (;;) {
    if (current.id !== null) {
      w.raw(first ? `${current.id}` : ` ${current.id}`);
      first = false;
    }
    const children = current.children;
    const only = children[0];
    if (current.id !== null && children.length === 1 && only !== undefined && only.id !== null) {
      current = only;
      continue;
    }
    if (children.length > 0 && !first) w.raw(" ");
    for (const child of children) thread(w, child);
    return;
  }
}

function namespaces(w: Writer, list_: readonly NamespaceDescriptor[] | null): void {
  if (list_ === null) {
    w.raw("NIL");
    return;
  }
  list(
    w,
    list_,
    (d) => {
      w.raw("(");
      string(w, d.prefix.raw);
      w.raw(" ");
      delimiter(w, d.delimiter);
      w.raw(")");
    },
    "",
  );
}

/** The wire form of `response`, final CRLF included. Unparsed responses give their raw bytes. */
export function serializeResponse(response: Response, options: SerializeOptions = {}): Uint8Array {
  const w = new Writer(options);
  switch (response.type) {
    case "status":
      w.raw(`${response.tag ?? "*"} ${response.condition}`);
      respText(w, response.code, response.text);
      break;
    case "continuation":
      w.raw("+");
      respText(w, response.code, response.text);
      break;
    case "capability":
      w.raw(["* CAPABILITY", ...response.capabilities].join(" "));
      break;
    case "enabled":
      w.raw(["* ENABLED", ...response.capabilities].join(" "));
      break;
    case "id":
      w.raw("* ID ");
      if (response.params === null) w.raw("NIL");
      else
        list(w, response.params, ([k, v]) => {
          text(w, k);
          w.raw(" ");
          if (v === null) w.raw("NIL");
          else text(w, v);
        });
      break;
    case "namespace":
      w.raw("* NAMESPACE ");
      namespaces(w, response.personal);
      w.raw(" ");
      namespaces(w, response.otherUsers);
      w.raw(" ");
      namespaces(w, response.shared);
      break;
    case "list":
      w.raw(`* ${response.command} (${response.attributes.join(" ")}) `);
      delimiter(w, response.delimiter);
      w.raw(" ");
      mailbox(w, response.mailbox);
      if (response.extended.length > 0) {
        w.raw(" ");
        list(w, response.extended, ([tag, value]) => {
          w.raw(`${tag} `);
          extension(w, value);
        });
      }
      break;
    case "mailboxStatus": {
      const s = response.status;
      const names: Array<[string, number | bigint | undefined]> = [
        ["MESSAGES", s.messages],
        ["RECENT", s.recent],
        ["UIDNEXT", s.uidNext],
        ["UIDVALIDITY", s.uidValidity],
        ["UNSEEN", s.unseen],
        ["DELETED", s.deleted],
        ["SIZE", s.size],
        ["HIGHESTMODSEQ", s.highestModseq],
      ];
      w.raw("* STATUS ");
      mailbox(w, response.mailbox);
      w.raw(` (${names.flatMap(([n, v]) => (v === undefined ? [] : [`${n} ${v}`])).join(" ")})`);
      break;
    }
    case "flags":
      w.raw(`* FLAGS (${response.flags.join(" ")})`);
      break;
    case "exists":
      w.raw(`* ${response.count} EXISTS`);
      break;
    case "recent":
      w.raw(`* ${response.count} RECENT`);
      break;
    case "expunge":
      w.raw(`* ${response.seq} EXPUNGE`);
      break;
    case "vanished":
      w.raw(`* VANISHED${response.earlier ? " (EARLIER)" : ""}`);
      if (response.uids.length > 0) w.raw(` ${ranges(response.uids)}`);
      break;
    case "search":
    case "sort":
      w.raw(`* ${response.type.toUpperCase()}`);
      for (const n of response.numbers) w.raw(` ${n}`);
      if (response.modseq !== null) w.raw(` (MODSEQ ${response.modseq})`);
      break;
    case "esearch": {
      w.raw("* ESEARCH");
      if (response.tag !== null) {
        w.raw(" (TAG ");
        text(w, response.tag);
        w.raw(")");
      }
      if (response.uid) w.raw(" UID");
      if (response.min !== undefined) w.raw(` MIN ${response.min}`);
      if (response.max !== undefined) w.raw(` MAX ${response.max}`);
      if (response.count !== undefined) w.raw(` COUNT ${response.count}`);
      if (response.all !== undefined) w.raw(` ALL ${ranges(response.all)}`);
      if (response.modseq !== undefined) w.raw(` MODSEQ ${response.modseq}`);
      if (response.partial !== undefined) {
        const { range, set } = response.partial;
        w.raw(` PARTIAL (${range[0]}:${range[1]} ${set.length === 0 ? "NIL" : ranges(set)})`);
      }
      for (const [name, value] of response.other) {
        w.raw(` ${name} `);
        extension(w, value);
      }
      break;
    }
    case "thread":
      w.raw("* THREAD");
      if (response.threads.length > 0) w.raw(" ");
      for (const t of response.threads) thread(w, t);
      break;
    case "fetch":
      w.raw(`* ${response.seq} FETCH `);
      fetchItems(w, response.items);
      break;
    case "unparsed":
      return response.raw;
  }
  return w.finish();
}
