/**
 * The mail model the app works with: plain data decoded from the protocol core's responses, so that
 * features never see `@tagwire/imap` types. Everything here is JSON-safe except `Uint8Array` bodies.
 */

/** One server the gateway offers (`GET /api/servers`). */
export interface ServerInfo {
  readonly id: string;
  readonly label: string;
  /** Demo mode: an account anyone may use, shown on the sign-in page. */
  readonly demoAccount?: { readonly username: string; readonly password: string };
  /** Demo latency the gateway adds per direction, and the most a connection may ask for (`latency=`). */
  readonly demoLatency?: { readonly defaultMs: number; readonly maxMs: number };
}

export type SpecialUse = "inbox" | "drafts" | "sent" | "archive" | "junk" | "trash" | "all" | "flagged";

export interface Folder {
  /** The full mailbox name as decoded from the server (the key for every command). */
  readonly path: string;
  /** The last hierarchy level, for display. */
  readonly name: string;
  /** Path of the parent folder shown in the tree, or null at the top (namespace prefix removed). */
  readonly parent: string | null;
  readonly delimiter: string | null;
  readonly depth: number;
  readonly specialUse: SpecialUse | null;
  /** `\Noselect` / `\NonExistent`: shown in the tree, never opened. */
  readonly selectable: boolean;
  readonly messages: number | null;
  readonly unseen: number | null;
}

export interface MailAddress {
  /** Display name, RFC 2047 decoded; empty when there is none. */
  readonly name: string;
  /** `mailbox@host`; empty for an undisclosed group. */
  readonly email: string;
}

/** One node of a message's BODYSTRUCTURE. */
export interface MimePart {
  /** IMAP section number ("1", "1.2"); "" for the message itself when it is not multipart... */
  readonly section: string;
  /** Lower-case `type/subtype`, e.g. "text/plain", "multipart/alternative". */
  readonly type: string;
  /** Lower-case parameter names; values decoded (RFC 2231 / 2047). */
  readonly params: Readonly<Record<string, string>>;
  /** Content-Transfer-Encoding, lower-case ("7bit", "base64", "quoted-printable", ...). */
  readonly encoding: string;
  /** Octets on the wire (encoded). */
  readonly size: number;
  /** "inline", "attachment" or null. */
  readonly disposition: string | null;
  /** From the disposition's filename or the type's name parameter, decoded; null when none. */
  readonly filename: string | null;
  /** Content-ID without the angle brackets, or null. */
  readonly contentId: string | null;
  readonly children: readonly MimePart[];
}

/** What the message list shows for one message (from one UID FETCH). */
export interface MessageSummary {
  readonly uid: number;
  readonly flags: readonly string[];
  /** INTERNALDATE in ms since the epoch (falls back to the Date header when absent). */
  readonly date: number;
  readonly size: number;
  readonly from: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly replyTo: readonly MailAddress[];
  readonly subject: string;
  /** PREVIEW (RFC 8970) when the server offers it, else null. */
  readonly preview: string | null;
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly hasAttachment: boolean;
  readonly structure: MimePart | null;
}

/** A folder opened for reading: its order (newest first) is known, rows are fetched on demand. */
export interface FolderView {
  readonly path: string;
  readonly uidValidity: number;
  readonly exists: number;
  /** Every UID in the folder, newest first. */
  readonly uids: Uint32Array;
  readonly readOnly: boolean;
}

/**
 * One fact about the wire, for the Protocol panel, from the core's trace events. Command text is the
 * encoder's redacted text: no credential, literal content or SASL data ever appears here, and every
 * `text` is one line cut to a readable length.
 */
export type WireEvent =
  | {
      readonly kind: "sent";
      readonly at: number;
      readonly tag: string;
      readonly name: string;
      /** The command line as traced, e.g. `A4 UID FETCH 1:50 (UID FLAGS)`; literals as `{n}<n bytes>`. */
      readonly text: string;
      /** The whole command, literals and continuation lines included. */
      readonly bytes: number;
      readonly inFlight: number;
      /** Issued by the session itself (CAPABILITY after login). */
      readonly internal?: boolean;
    }
  | {
      readonly kind: "completed";
      readonly at: number;
      readonly tag: string;
      /**
       * `cancelled`: cancelled by the app after it was sent (at the cancel, and again at the server's
       * late reply); `failed`: ended without a tagged reply (refused locally, timed out, connection lost).
       */
      readonly status: "OK" | "NO" | "BAD" | "cancelled" | "failed";
      /** The tagged line, e.g. `A4 OK [READ-WRITE] Select completed.`, or why it failed locally. */
      readonly text: string;
      readonly bytes: number;
    }
  | {
      readonly kind: "untagged";
      readonly at: number;
      /** Tags of the commands in flight the response was routed to (may be empty). */
      readonly tags: readonly string[];
      /** One line summary, e.g. `* 12 FETCH (UID 40 FLAGS (\Seen) ...)`, cut to a readable length. */
      readonly text: string;
      readonly bytes: number;
    }
  | {
      /** `+` from the server (`in`), or what answered it (`out`: a literal, a SASL line, DONE). */
      readonly kind: "continuation";
      readonly at: number;
      readonly tag: string;
      readonly direction: "in" | "out";
      /** `+ Ready`, `<literal>`, `DONE`; SASL challenges and responses are never shown. */
      readonly text: string;
      /** Bytes not already counted elsewhere: 0 for a literal or SASL line (in the command's `bytes`). */
      readonly bytes: number;
    }
  | { readonly kind: "greeting"; readonly at: number; readonly text: string; readonly bytes: number }
  | { readonly kind: "closed"; readonly at: number; readonly text: string };

/** Why a connection could not be used, as a sentence for the person in front of it. */
export interface ConnectionProblem {
  /** A stable reason (from the core's connection-end table, or "auth" / "protocol"). */
  readonly reason: string;
  readonly message: string;
}
