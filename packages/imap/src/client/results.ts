/**
 * Typed results of the client's convenience methods, read from a command's completion and the
 * untagged data the session routed to it. Pure functions: easy to test, no client state.
 */
import type { CommandCompletedEvent } from "../session/events.js";
import type {
  EsearchResponse,
  ExtensionValue,
  FetchItems,
  FetchResponse,
  MailboxName,
  MailboxStatus,
  NumberRanges,
  ResponseCode,
  UntaggedData,
} from "../types/response.js";

/** A completed command: the session's `commandCompleted` event (status OK). */
export type CommandResult = CommandCompletedEvent;

/** One mailbox from LIST (with its STATUS when LIST-STATUS was asked for). */
export interface ListedMailbox {
  /** Decoded name (modified UTF-7 or UTF-8). */
  readonly name: string;
  /** The name's bytes as the server sent them. */
  readonly raw: Uint8Array;
  readonly delimiter: string | null;
  /** Name attributes as sent (`\HasNoChildren`, `\Sent`, ...). */
  readonly attributes: readonly string[];
  /** The SPECIAL-USE attribute (RFC 6154), e.g. `\Sent`, or null. */
  readonly specialUse: string | null;
  readonly extended: ReadonlyArray<readonly [tag: string, value: ExtensionValue]>;
  /** LIST-STATUS data (RFC 5819), when requested and sent. */
  readonly status?: MailboxStatus;
}

/** UIDPLUS `[APPENDUID]` (RFC 4315). */
export interface AppendUid {
  readonly uidValidity: number;
  readonly uids: NumberRanges;
}

/** UIDPLUS `[COPYUID]` (RFC 4315; for MOVE it arrives untagged, RFC 6851 §3.3). */
export interface CopyUid {
  readonly uidValidity: number;
  readonly source: NumberRanges;
  readonly destination: NumberRanges;
}

export interface SearchResult {
  /** Whether the numbers are UIDs. */
  readonly uid: boolean;
  readonly numbers: Uint32Array;
  /** The highest mod-sequence of the matches (RFC 7162 §3.1.5), when sent. */
  readonly modseq: bigint | null;
}

export interface StoreResult {
  /** The updated messages (empty with `silent`). */
  readonly messages: FetchResponse[];
  /** `[MODIFIED]` (RFC 7162): messages whose UNCHANGEDSINCE test failed, or null. */
  readonly modified: NumberRanges | null;
}

export interface ExpungeResult {
  /** Sequence numbers of `* n EXPUNGE`, in arrival order (each relative to the mailbox at that moment). */
  readonly expunged: number[];
  /** UIDs reported by `* VANISHED` (QRESYNC). */
  readonly vanished: NumberRanges;
}

const SPECIAL_USE = new Set([
  "\\ALL",
  "\\ARCHIVE",
  "\\DRAFTS",
  "\\FLAGGED",
  "\\JUNK",
  "\\SENT",
  "\\TRASH",
  "\\INBOX",
]);

function sameName(a: MailboxName, b: MailboxName): boolean {
  return a.name === b.name;
}

/** LIST (and LIST-STATUS) data of a completed LIST. */
export function listResult(result: CommandResult): ListedMailbox[] {
  const statuses = result.data.filter((d) => d.type === "mailboxStatus");
  const out: ListedMailbox[] = [];
  for (const data of result.data) {
    if (data.type !== "list") continue;
    const status = statuses.find((s) => sameName(s.mailbox, data.mailbox))?.status;
    out.push({
      name: data.mailbox.name,
      raw: data.mailbox.raw,
      delimiter: data.delimiter,
      attributes: data.attributes,
      specialUse: data.attributes.find((a) => SPECIAL_USE.has(a.toUpperCase())) ?? null,
      extended: data.extended,
      ...(status === undefined ? {} : { status }),
    });
  }
  return out;
}

/** STATUS data of a completed STATUS. */
export function statusResult(result: CommandResult): MailboxStatus {
  for (const data of result.data) if (data.type === "mailboxStatus") return data.status;
  return {};
}

/** Merges the FETCH responses for the same message (several lines per message are legal, §2 case 46). */
export function mergeFetches(data: readonly UntaggedData[]): FetchResponse[] {
  const bySeq = new Map<number, FetchItems>();
  for (const item of data) {
    if (item.type !== "fetch") continue;
    const merged = bySeq.get(item.seq);
    if (merged === undefined) {
      bySeq.set(item.seq, { ...item.items });
      continue;
    }
    const { sections, binarySizes, other, ...scalars } = item.items;
    Object.assign(merged, scalars);
    if (sections !== undefined) merged.sections = [...(merged.sections ?? []), ...sections];
    if (binarySizes !== undefined) merged.binarySizes = [...(merged.binarySizes ?? []), ...binarySizes];
    if (other !== undefined) merged.other = [...(merged.other ?? []), ...other];
  }
  return [...bySeq].map(([seq, items]) => ({ type: "fetch", seq, items }));
}

function expandRanges(ranges: NumberRanges): Uint32Array {
  let size = 0;
  for (const [start, end] of ranges) size += end - start + 1;
  const out = new Uint32Array(size);
  let i = 0;
  for (const [start, end] of ranges) for (let n = start; n <= end; n++) out[i++] = n;
  return out;
}

/** SEARCH (or ESEARCH `ALL`) numbers of a completed SEARCH. */
export function searchResult(result: CommandResult, uid: boolean): SearchResult {
  for (const data of result.data) {
    if (data.type === "search") return { uid, numbers: data.numbers, modseq: data.modseq };
    if (data.type === "esearch") {
      return { uid: data.uid, numbers: expandRanges(data.all ?? []), modseq: data.modseq ?? null };
    }
  }
  return { uid, numbers: new Uint32Array(0), modseq: null };
}

/** The ESEARCH response of a completed SEARCH RETURN (...), or null when the server sent none. */
export function esearchResult(result: CommandResult): EsearchResponse | null {
  for (const data of result.data) if (data.type === "esearch") return data;
  return null;
}

export function appendUid(result: CommandResult): AppendUid | null {
  const code = result.code;
  return code?.code === "APPENDUID" ? { uidValidity: code.uidValidity, uids: code.uids } : null;
}

/** `[COPYUID]` from a response code (tagged on COPY and MOVE, or untagged on MOVE), or null. */
export function copyUid(code: ResponseCode | null): CopyUid | null {
  return code?.code === "COPYUID"
    ? { uidValidity: code.uidValidity, source: code.source, destination: code.destination }
    : null;
}

export function storeResult(result: CommandResult): StoreResult {
  const code = result.code;
  return { messages: mergeFetches(result.data), modified: code?.code === "MODIFIED" ? code.set : null };
}

export function expungeResult(result: CommandResult): ExpungeResult {
  const expunged: number[] = [];
  const vanished: Array<readonly [number, number]> = [];
  for (const data of result.data) {
    if (data.type === "expunge") expunged.push(data.seq);
    else if (data.type === "vanished" && !data.earlier) vanished.push(...data.uids);
  }
  return { expunged, vanished };
}
