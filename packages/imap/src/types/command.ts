/**
 * Typed IMAP commands (RFC 3501 §6, RFC 9051 §6 and extensions). The encoder turns one into
 * fragments; the pipelining scheduler reads `name` (and the `uid` flag) to decide when it may go out.
 * UID forms are the same command with `uid: true`.
 */
import type { Secret } from "./secret.js";

/**
 * A set of message numbers or UIDs: a validated string such as "1:4,7,9:*", or ranges where
 * `"*"` stands for the largest number in use.
 */
export type SequenceSet =
  | string
  | number
  | ReadonlyArray<number | readonly [start: number | "*", end: number | "*"]>;

/** STATUS data items (RFC 3501 §6.3.10, RFC 9051 DELETED and SIZE, RFC 7162 HIGHESTMODSEQ). */
export const STATUS_ITEMS = [
  "MESSAGES",
  "RECENT",
  "UIDNEXT",
  "UIDVALIDITY",
  "UNSEEN",
  "DELETED",
  "SIZE",
  "HIGHESTMODSEQ",
] as const;

export type StatusItem = (typeof STATUS_ITEMS)[number];

/** SORT keys (RFC 5256 §3; RFC 5957 DISPLAYFROM/DISPLAYTO); each may be prefixed by `REVERSE `. */
export const SORT_KEYS = [
  "ARRIVAL",
  "CC",
  "DATE",
  "FROM",
  "SIZE",
  "SUBJECT",
  "TO",
  "DISPLAYFROM",
  "DISPLAYTO",
] as const;

export type SortKey = (typeof SORT_KEYS)[number];

/** Search keys that take no argument. */
export const BARE_SEARCH_KEYS = [
  "ALL",
  "ANSWERED",
  "DELETED",
  "DRAFT",
  "FLAGGED",
  "NEW",
  "OLD",
  "RECENT",
  "SEEN",
  "UNANSWERED",
  "UNDELETED",
  "UNDRAFT",
  "UNFLAGGED",
  "UNSEEN",
] as const;

/** Search keys that match a text. */
export const TEXT_SEARCH_KEYS = ["BCC", "BODY", "CC", "FROM", "SUBJECT", "TEXT", "TO"] as const;

/** Search keys that compare a date (day precision). */
export const DATE_SEARCH_KEYS = ["BEFORE", "ON", "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE"] as const;

/** A search key (RFC 3501 §6.4.4, RFC 9051 §6.4.4, RFC 7162 MODSEQ, RFC 5032 WITHIN). */
export type SearchKey =
  | { readonly key: (typeof BARE_SEARCH_KEYS)[number] }
  | { readonly key: (typeof TEXT_SEARCH_KEYS)[number]; readonly value: string }
  | { readonly key: "HEADER"; readonly field: string; readonly value: string }
  | { readonly key: "KEYWORD" | "UNKEYWORD"; readonly flag: string }
  | {
      readonly key: (typeof DATE_SEARCH_KEYS)[number];
      /** Day precision; encoded as `d-Mon-yyyy` in UTC. */
      readonly date: Date;
    }
  | { readonly key: "LARGER" | "SMALLER"; readonly size: number }
  | { readonly key: "OLDER" | "YOUNGER"; readonly seconds: number }
  | { readonly key: "MODSEQ"; readonly modseq: bigint }
  | { readonly key: "UID"; readonly set: SequenceSet }
  /** A bare sequence set: message sequence numbers (makes the command sequence-number dependent). */
  | { readonly key: "SEQ"; readonly set: SequenceSet }
  | { readonly key: "NOT"; readonly operand: SearchKey }
  | { readonly key: "OR"; readonly left: SearchKey; readonly right: SearchKey }
  | { readonly key: "AND"; readonly operands: readonly SearchKey[] };

/** ESEARCH RETURN options (RFC 4731 §3.1, RFC 5182 SAVE). */
export const SEARCH_RETURN_OPTIONS = ["MIN", "MAX", "ALL", "COUNT", "SAVE"] as const;

export type SearchReturnOption = (typeof SEARCH_RETURN_OPTIONS)[number];

/**
 * The PARTIAL return option (RFC 5267 §4.4, RFC 9394): positions `first:last` (1-based, inclusive)
 * of the result in its order: for SORT, the sort order. Negative positions count from the end
 * (RFC 9394 only). With SAVE, `$` holds just these messages.
 */
export type ResultRange = readonly [first: number, last: number];

/** THREAD algorithms (RFC 5256 §3; REFS from draft-ietf-morg-inthread, offered by Dovecot). */
export const THREAD_ALGORITHMS = ["ORDEREDSUBJECT", "REFERENCES", "REFS"] as const;

export type ThreadAlgorithm = (typeof THREAD_ALGORITHMS)[number];

/** FETCH data items that are a bare name (RFC 3501 §6.4.5; RFC 7162 MODSEQ; RFC 8970 PREVIEW; Gmail). */
export const SIMPLE_FETCH_ATTRIBUTES = [
  "UID",
  "FLAGS",
  "INTERNALDATE",
  "RFC822.SIZE",
  "ENVELOPE",
  "BODY",
  "BODYSTRUCTURE",
  "MODSEQ",
  "PREVIEW",
  "X-GM-MSGID",
  "X-GM-THRID",
  "X-GM-LABELS",
] as const;

/** A FETCH data item (RFC 3501 §6.4.5; RFC 3516 BINARY; RFC 7162 MODSEQ; RFC 8970 PREVIEW). */
export type FetchAttribute =
  | (typeof SIMPLE_FETCH_ATTRIBUTES)[number]
  | {
      readonly item: "BODY" | "BINARY" | "BINARY.SIZE";
      /** Section spec, e.g. "", "1.2", "HEADER", "HEADER.FIELDS (FROM TO)", "1.MIME". */
      readonly section: string;
      /** BODY.PEEK / BINARY.PEEK: does not set \Seen. */
      readonly peek?: boolean;
      readonly partial?: { readonly offset: number; readonly length: number };
    };

export type StoreOperation = "set" | "add" | "remove";

export interface AppendMessage {
  readonly data: Uint8Array;
  readonly flags?: readonly string[];
  readonly internalDate?: Date;
}

export type Command =
  | { readonly name: "CAPABILITY" }
  | { readonly name: "NOOP" }
  | { readonly name: "LOGOUT" }
  | { readonly name: "STARTTLS" }
  | {
      readonly name: "AUTHENTICATE";
      readonly mechanism: "PLAIN";
      readonly username: string;
      readonly password: Secret;
      readonly authzid?: string;
    }
  | { readonly name: "LOGIN"; readonly username: string; readonly password: Secret }
  | { readonly name: "ENABLE"; readonly capabilities: readonly string[] }
  | { readonly name: "ID"; readonly params: Readonly<Record<string, string | null>> | null }
  | { readonly name: "NAMESPACE" }
  | {
      readonly name: "LIST";
      readonly reference: string;
      readonly patterns: readonly string[];
      /** LIST-EXTENDED selection options, e.g. ["SUBSCRIBED"]. */
      readonly selectOptions?: readonly string[];
      readonly returnSpecialUse?: boolean;
      readonly returnSubscribed?: boolean;
      readonly returnChildren?: boolean;
      /** LIST-STATUS (RFC 5819). */
      readonly returnStatus?: readonly StatusItem[];
    }
  | { readonly name: "LSUB"; readonly reference: string; readonly pattern: string }
  | { readonly name: "STATUS"; readonly mailbox: string; readonly items: readonly StatusItem[] }
  | {
      readonly name: "SELECT" | "EXAMINE";
      readonly mailbox: string;
      readonly condstore?: boolean;
      readonly qresync?: {
        readonly uidValidity: number;
        readonly modseq: bigint;
        readonly knownUids?: SequenceSet;
      };
    }
  | { readonly name: "CREATE"; readonly mailbox: string; readonly specialUse?: readonly string[] }
  | { readonly name: "DELETE" | "SUBSCRIBE" | "UNSUBSCRIBE"; readonly mailbox: string }
  | { readonly name: "RENAME"; readonly from: string; readonly to: string }
  | {
      readonly name: "APPEND";
      readonly mailbox: string;
      /** More than one message needs MULTIAPPEND (RFC 3502). */
      readonly messages: readonly AppendMessage[];
    }
  | { readonly name: "CLOSE" | "UNSELECT" | "CHECK" }
  | { readonly name: "EXPUNGE"; readonly uids?: SequenceSet }
  | {
      readonly name: "SEARCH";
      readonly uid: boolean;
      readonly criteria: readonly SearchKey[];
      readonly charset?: string;
      /** ESEARCH RETURN options; an empty array means `RETURN ()`. */
      readonly return?: readonly SearchReturnOption[];
      /** `PARTIAL first:last` among the RETURN options (see `ResultRange`). */
      readonly partial?: ResultRange;
    }
  | {
      readonly name: "SORT";
      readonly uid: boolean;
      readonly criteria: readonly (SortKey | `REVERSE ${SortKey}`)[];
      readonly charset: string;
      readonly search: readonly SearchKey[];
      /** ESORT RETURN options (RFC 5267 §3): the result comes as a tagged ESEARCH, in sort order. */
      readonly return?: readonly SearchReturnOption[];
      /** `PARTIAL first:last` among the RETURN options (see `ResultRange`). */
      readonly partial?: ResultRange;
    }
  | {
      readonly name: "THREAD";
      readonly uid: boolean;
      readonly algorithm: ThreadAlgorithm;
      readonly charset: string;
      readonly search: readonly SearchKey[];
    }
  | {
      readonly name: "FETCH";
      readonly uid: boolean;
      readonly set: SequenceSet;
      readonly attributes: readonly FetchAttribute[];
      readonly changedSince?: bigint;
      /** QRESYNC: ask for VANISHED (EARLIER); needs `uid` and `changedSince`. */
      readonly vanished?: boolean;
    }
  | {
      readonly name: "STORE";
      readonly uid: boolean;
      readonly set: SequenceSet;
      readonly operation: StoreOperation;
      readonly flags: readonly string[];
      readonly silent?: boolean;
      readonly unchangedSince?: bigint;
    }
  | {
      readonly name: "COPY" | "MOVE";
      readonly uid: boolean;
      readonly set: SequenceSet;
      readonly mailbox: string;
    }
  | { readonly name: "IDLE" };

export type CommandName = Command["name"];
