/**
 * The surface the harness page exposes as `window.tagwire`, shared (as types only) by the page and the
 * Playwright tests that drive it through `page.evaluate`. Every result is plain JSON-safe data; clients
 * stay in the page and are named by a connection id.
 *
 * Each method that issues a command calls the client synchronously before its first `await`, so
 * methods called in one synchronous run (e.g. inside `Promise.all([...])`) are pipelined exactly as
 * the same calls on `ImapClient` would be.
 */

/**
 * One session event as plain data, by `eventToJson` of `@tagwire/imap/trace`: bigints as decimal
 * strings, bytes as text, mailbox names decoded, body chunks as sizes, command text redacted.
 */
export interface TraceEntry {
  readonly type: string;
  /** `performance.now()` in the page when the event was produced. */
  readonly at: number;
  readonly [field: string]: unknown;
}

export interface ConnectOptions {
  /** The gateway's server id. Default `default`. */
  readonly server?: string;
  /** Session `maxInFlight` (1 = strictly sequential). Default: the session's own. */
  readonly maxInFlight?: number;
  /** Query parameters added to the WebSocket URL after `server` (e.g. one the gateway refuses). */
  readonly params?: Readonly<Record<string, string>>;
}

/** Why a connection ended, from the fields of the driver's `ImapTransportError`. */
export interface ConnectionEndInfo {
  readonly reason: string;
  readonly closeCode: number | null;
  readonly httpStatus: number | null;
  readonly retryAfterS: number | null;
}

export interface LoginOptions {
  readonly mechanism?: "auto" | "PLAIN" | "LOGIN";
}

/** How a promise ended, errors reduced to what a test may assert on (their class and stable code). */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly error: {
        readonly name: string;
        readonly code: string | null;
        readonly message: string;
        readonly isImapError: boolean;
        readonly isCommandError: boolean;
        /** NO or BAD, for an `ImapCommandError`. */
        readonly status: string | null;
        /** For an error that says why the connection ended (`ImapTransportError`), else null. */
        readonly connectionEnd: ConnectionEndInfo | null;
      };
    };

export interface FolderInfo {
  readonly name: string;
  readonly delimiter: string | null;
  readonly attributes: readonly string[];
  readonly specialUse: string | null;
}

export interface SelectedInfo {
  readonly name: string;
  readonly exists: number;
  readonly uidValidity: number | null;
  readonly uidNext: number | null;
  readonly readOnly: boolean;
}

export interface StatusInfo {
  readonly messages: number | null;
  readonly unseen: number | null;
  readonly uidNext: number | null;
}

export interface EnvelopeInfo {
  readonly seq: number;
  readonly uid: number | null;
  /** The envelope subject's bytes as text (encoded words are left as the server sent them). */
  readonly subject: string | null;
  readonly from: readonly string[];
}

export interface StreamedBody {
  /** Bytes received through the body sink. */
  readonly size: number;
  /** The literal size the server announced. */
  readonly declaredSize: number;
  readonly chunks: number;
  readonly largestChunk: number;
  /** SHA-256 of the received bytes, lower-case hex, computed with `crypto.subtle`. */
  readonly sha256: string;
  /** True when the FETCH result also carried the bytes (it must not: they were streamed). */
  readonly materialized: boolean;
}

export interface NewMail {
  readonly exists: number;
  readonly previous: number;
}

export interface StorageSnapshot {
  readonly localStorage: Readonly<Record<string, string>>;
  readonly sessionStorage: Readonly<Record<string, string>>;
  readonly cookie: string;
  readonly url: string;
  readonly indexedDb: readonly string[];
}

export interface CspProbe {
  /** An inline `<script>` added to the document ran. */
  readonly inlineScriptRan: boolean;
  /** `new Function(...)` was allowed. */
  readonly evalAllowed: boolean;
  /** `effectiveDirective` of each `securitypolicyviolation` event seen. */
  readonly violations: readonly string[];
}

export interface TagwireHarness {
  /** Opens a WebSocket to this origin's gateway and waits for the IMAP greeting; resolves with an id. */
  connect(options?: ConnectOptions): Promise<number>;
  /** Logs in; resolves with the connection state afterwards. */
  login(id: number, username: string, password: string, options?: LoginOptions): Promise<string>;
  list(id: number, reference?: string, pattern?: string): Promise<FolderInfo[]>;
  select(id: number, mailbox: string): Promise<SelectedInfo>;
  status(id: number, mailbox: string): Promise<StatusInfo>;
  /** FETCH (UID FLAGS ENVELOPE) of `set`, sequence numbers unless `uid` is true. */
  envelopes(id: number, set: string, options?: { readonly uid?: boolean }): Promise<EnvelopeInfo[]>;
  /** UID FETCH BODY.PEEK[] of one message through a body sink, hashed in the page. */
  streamBody(id: number, uid: number): Promise<StreamedBody>;
  /** Starts IDLE and resolves once the server idles; from then on new mail is watched for. */
  idle(id: number): Promise<void>;
  /** Resolves when an EXISTS raised the message count during the current IDLE. */
  waitForNewMail(id: number, timeoutMs?: number): Promise<NewMail>;
  /** Ends the current IDLE (DONE) and waits for its completion. */
  done(id: number): Promise<void>;
  logout(id: number): Promise<void>;
  /** Every session event of the connection so far, as plain data. */
  trace(id: number): TraceEntry[];
  /** Settles `promise` into an `Outcome`, so a typed error survives the trip out of the page. */
  attempt<T>(promise: Promise<T>): Promise<Outcome<T>>;
  /** What the page keeps in its storage areas, cookies and URL. */
  storage(): Promise<StorageSnapshot>;
  /** Tries an inline script and `eval` under the page's CSP and reports what happened. */
  cspProbe(): Promise<CspProbe>;
}

declare global {
  interface Window {
    tagwire: TagwireHarness;
  }
}
