/**
 * The typed model of everything an IMAP server sends (RFC 3501 §7, RFC 9051 §7 and the extensions
 * listed in the package README). Values that are strings on the wire (nstring, astring, literal)
 * stay bytes (`Uint8Array` views into the received data) until a typed accessor in `values.ts`
 * decodes them; atoms that are ASCII by grammar (flags, capabilities, keywords) are strings.
 * 64-bit quantities (MODSEQ, X-GM-MSGID, X-GM-THRID) are `bigint`.
 */

/** An nstring: `NIL` is `null`, `""` and `{0}` are an empty array. */
export type NString = Uint8Array | null;

/** A set of UIDs or sequence numbers as the server sent it: inclusive ranges, `start <= end`. */
export type NumberRanges = ReadonlyArray<readonly [start: number, end: number]>;

/** A mailbox name: the raw bytes and the decoded name (modified UTF-7, or UTF-8 once enabled). */
export interface MailboxName {
  readonly raw: Uint8Array;
  /** Decoded name; when the raw bytes are invalid modified UTF-7 this is their Latin-1 reading. */
  readonly name: string;
}

export type StatusCondition = "OK" | "NO" | "BAD" | "PREAUTH" | "BYE";

export type ResponseCode =
  | { readonly code: "ALERT" }
  | { readonly code: "CAPABILITY"; readonly capabilities: readonly string[] }
  | { readonly code: "PERMANENTFLAGS"; readonly flags: readonly string[] }
  | { readonly code: "UIDVALIDITY"; readonly value: number }
  | { readonly code: "UIDNEXT"; readonly value: number }
  | { readonly code: "UNSEEN"; readonly value: number }
  | { readonly code: "READ-WRITE" }
  | { readonly code: "READ-ONLY" }
  | { readonly code: "TRYCREATE" }
  | { readonly code: "APPENDUID"; readonly uidValidity: number; readonly uids: NumberRanges }
  | {
      readonly code: "COPYUID";
      readonly uidValidity: number;
      readonly source: NumberRanges;
      readonly destination: NumberRanges;
    }
  | { readonly code: "HIGHESTMODSEQ"; readonly value: bigint }
  | { readonly code: "NOMODSEQ" }
  | { readonly code: "MODIFIED"; readonly set: NumberRanges }
  | { readonly code: "CLOSED" }
  /** Any other code (REFERRAL, BADCHARSET, RFC 5530 codes, vendor codes) or a malformed known one. */
  | {
      readonly code: "other";
      /** The atom after `[`, upper-cased (e.g. "REFERRAL", "COPYUID"). */
      readonly name: string;
      /** Bytes after the name up to the closing `]`, or null when there were none. */
      readonly raw: Uint8Array | null;
      /** True when `name` is a known code whose arguments did not parse. */
      readonly malformed: boolean;
    };

/** Tagged completion or untagged status (`* OK`, `* BYE`, greeting, ...). */
export interface StatusResponse {
  readonly type: "status";
  /** The tag, or null for an untagged (`*`) status. */
  readonly tag: string | null;
  readonly condition: StatusCondition;
  readonly code: ResponseCode | null;
  /** Human-readable text (may be empty). Decoded as UTF-8 with replacement. */
  readonly text: string;
}

/** `+ ...`: a continuation request. `text` may be base64 (SASL) or human text. */
export interface ContinuationResponse {
  readonly type: "continuation";
  readonly code: ResponseCode | null;
  readonly text: string;
}

export interface CapabilityResponse {
  readonly type: "capability";
  /** Upper-cased capability atoms, in the order sent. */
  readonly capabilities: readonly string[];
}

export interface EnabledResponse {
  readonly type: "enabled";
  readonly capabilities: readonly string[];
}

export interface IdResponse {
  readonly type: "id";
  /** Field/value pairs, or null for `* ID NIL`. */
  readonly params: ReadonlyArray<readonly [field: string, value: string | null]> | null;
}

export interface NamespaceDescriptor {
  readonly prefix: MailboxName;
  readonly delimiter: string | null;
}

export interface NamespaceResponse {
  readonly type: "namespace";
  readonly personal: readonly NamespaceDescriptor[] | null;
  readonly otherUsers: readonly NamespaceDescriptor[] | null;
  readonly shared: readonly NamespaceDescriptor[] | null;
}

/** A generic extension value: an nstring, a number or a parenthesised list of those. */
export type ExtensionValue = NString | number | bigint | readonly ExtensionValue[];

export interface ListResponse {
  readonly type: "list";
  readonly command: "LIST" | "LSUB" | "XLIST";
  /** Name attributes as sent, e.g. `\HasNoChildren`, `\Sent` (case preserved). */
  readonly attributes: readonly string[];
  /** Hierarchy delimiter, or null for `NIL`. */
  readonly delimiter: string | null;
  readonly mailbox: MailboxName;
  /** LIST-EXTENDED data, e.g. `["CHILDINFO", [["SUBSCRIBED"]]]`, `["OLDNAME", [name]]`. */
  readonly extended: ReadonlyArray<readonly [tag: string, value: ExtensionValue]>;
}

export interface MailboxStatus {
  messages?: number;
  recent?: number;
  uidNext?: number;
  uidValidity?: number;
  unseen?: number;
  deleted?: number;
  size?: bigint;
  highestModseq?: bigint;
}

export interface StatusDataResponse {
  readonly type: "mailboxStatus";
  readonly mailbox: MailboxName;
  readonly status: MailboxStatus;
}

export interface FlagsResponse {
  readonly type: "flags";
  readonly flags: readonly string[];
}

export interface ExistsResponse {
  readonly type: "exists";
  readonly count: number;
}

export interface RecentResponse {
  readonly type: "recent";
  readonly count: number;
}

export interface ExpungeResponse {
  readonly type: "expunge";
  readonly seq: number;
}

export interface VanishedResponse {
  readonly type: "vanished";
  readonly earlier: boolean;
  readonly uids: NumberRanges;
}

export interface SearchResponse {
  readonly type: "search";
  /** Kept as a typed array: a SEARCH line can carry hundreds of thousands of numbers. */
  readonly numbers: Uint32Array;
  readonly modseq: bigint | null;
}

export interface EsearchResponse {
  readonly type: "esearch";
  /** The `(TAG "x")` correlator, or null. */
  readonly tag: string | null;
  readonly uid: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly count?: number;
  readonly all?: NumberRanges;
  readonly modseq?: bigint;
  /** RFC 9394 PARTIAL: the requested range and the matching numbers. */
  readonly partial?: { readonly range: readonly [number, number]; readonly set: NumberRanges };
  /** Unknown return data items, upper-cased name and raw value. */
  readonly other: ReadonlyArray<readonly [name: string, value: ExtensionValue]>;
}

export interface SortResponse {
  readonly type: "sort";
  readonly numbers: Uint32Array;
  readonly modseq: bigint | null;
}

/** One THREAD node: a message number and its children (RFC 5256 §4). */
export interface ThreadNode {
  /** Null for a dummy parent (a thread list starting with a nested list). */
  readonly id: number | null;
  readonly children: readonly ThreadNode[];
}

export interface ThreadResponse {
  readonly type: "thread";
  readonly threads: readonly ThreadNode[];
}

export interface Address {
  readonly name: NString;
  readonly adl: NString;
  readonly mailbox: NString;
  /** Null host marks RFC 822 group syntax: start (mailbox = group name) or end (mailbox null). */
  readonly host: NString;
}

export interface Envelope {
  readonly date: NString;
  readonly subject: NString;
  readonly from: readonly Address[] | null;
  readonly sender: readonly Address[] | null;
  readonly replyTo: readonly Address[] | null;
  readonly to: readonly Address[] | null;
  readonly cc: readonly Address[] | null;
  readonly bcc: readonly Address[] | null;
  readonly inReplyTo: NString;
  readonly messageId: NString;
}

export type BodyParams = ReadonlyArray<readonly [name: NString, value: NString]>;

export interface BodyDisposition {
  readonly type: NString;
  readonly params: BodyParams | null;
}

/** Extension fields shared by every part kind (absent ones are undefined). */
export interface BodyExtension {
  readonly md5?: NString;
  readonly disposition?: BodyDisposition | null;
  readonly language?: readonly NString[] | null;
  readonly location?: NString;
  /** Anything after the defined fields (RFC 3501 §7.4.2: clients MUST accept it). */
  readonly extra?: readonly ExtensionValue[];
}

export interface MultipartBody extends BodyExtension {
  readonly kind: "multipart";
  /** Subtype as sent (e.g. "MIXED", "alternative"); null when the server sent NIL. */
  readonly subtype: string | null;
  readonly parts: readonly BodyStructure[];
  readonly params?: BodyParams | null;
}

export interface SinglePartFields extends BodyExtension {
  /** Type and subtype as sent, not case-folded; subtype is null when the server sent none. */
  readonly type: string | null;
  readonly subtype: string | null;
  readonly params: BodyParams | null;
  readonly id: NString;
  readonly description: NString;
  readonly encoding: NString;
  /** Octets; -1 as some servers send is kept. */
  readonly size: number;
}

export interface BasicBody extends SinglePartFields {
  readonly kind: "basic";
}

export interface TextBody extends SinglePartFields {
  readonly kind: "text";
  readonly lines: number;
}

export interface MessageBody extends SinglePartFields {
  readonly kind: "message";
  readonly envelope: Envelope | null;
  readonly body: BodyStructure | null;
  readonly lines: number;
}

export type BodyStructure = MultipartBody | BasicBody | TextBody | MessageBody;

/** A `BODY[...]`, `BINARY[...]` or `RFC822*` item. */
export interface BodySection {
  readonly item: "BODY" | "BINARY" | "RFC822" | "RFC822.HEADER" | "RFC822.TEXT";
  /** The section spec between the brackets as sent, upper-cased (e.g. "", "1.2.MIME", "HEADER.FIELDS (FROM TO)"). */
  readonly section: string;
  /** The `<origin>` octet, only when the server sent one. */
  readonly origin: number | null;
  /**
   * The content, or null for NIL. When the literal was streamed (see `BodyChunkEvent`), this is
   * null and `streamedSize` says how many bytes went out as chunks.
   */
  readonly data: NString;
  readonly streamedSize?: number;
}

export interface FetchItems {
  uid?: number;
  flags?: string[];
  internalDate?: string;
  rfc822Size?: number;
  envelope?: Envelope;
  bodyStructure?: BodyStructure;
  /** The non-extensible `BODY` item (no section). */
  body?: BodyStructure;
  sections?: BodySection[];
  binarySizes?: Array<{ readonly section: string; readonly size: number }>;
  modseq?: bigint;
  preview?: NString;
  gmMsgId?: bigint;
  gmThrId?: bigint;
  gmLabels?: Uint8Array[];
  /** Unknown items: upper-cased name and raw value. */
  other?: Array<readonly [name: string, value: ExtensionValue]>;
}

export interface FetchResponse {
  readonly type: "fetch";
  readonly seq: number;
  readonly items: FetchItems;
}

/**
 * A correctly framed response that did not parse (or an unknown untagged type such as `* NOOP`).
 * The session goes on; `raw` is the whole response including literals.
 */
export interface UnparsedResponse {
  readonly type: "unparsed";
  /** The tag, `"*"`, `"+"`, or null if none could be read. */
  readonly tag: string | null;
  readonly raw: Uint8Array;
  /** Stable code: "IMAP_ERR_UNKNOWN_RESPONSE" for unknown types, "IMAP_ERR_SYNTAX" for grammar errors. */
  readonly reason: string;
  /** Byte offset in `raw` where parsing stopped. */
  readonly offset: number;
}

export type UntaggedData =
  | CapabilityResponse
  | EnabledResponse
  | IdResponse
  | NamespaceResponse
  | ListResponse
  | StatusDataResponse
  | FlagsResponse
  | ExistsResponse
  | RecentResponse
  | ExpungeResponse
  | VanishedResponse
  | SearchResponse
  | EsearchResponse
  | SortResponse
  | ThreadResponse
  | FetchResponse;

export type Response = StatusResponse | ContinuationResponse | UntaggedData | UnparsedResponse;
