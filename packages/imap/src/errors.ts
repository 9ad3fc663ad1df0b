/**
 * Errors say whose fault they are and carry a stable code; each code belongs to exactly one class,
 * and the constructors' types enforce it.
 *
 * - `ImapLocalError`: the caller misused the API or withdrew a command (wrong state, bad argument,
 *   CR/LF in a value, not offered by the server, cancelled).
 * - `ImapRemoteError`: the server or the connection misbehaved (unreadable bytes, BYE, transport and
 *   TLS failures, no answer in time).
 * - `ImapCommandError` (beside the client that throws it): a command completed with NO or BAD; the
 *   session goes on.
 *
 * A leaf: it imports nothing, so every layer may use it.
 */

/** Codes of `ImapLocalError`. */
export const LOCAL_ERROR_CODES = [
  "IMAP_ERR_INVALID_ARGUMENT",
  "IMAP_ERR_BAD_STATE",
  "IMAP_ERR_NOT_SUPPORTED",
  "IMAP_ERR_QUEUE_FULL",
  "IMAP_ERR_CLOSED",
  "IMAP_ERR_CANCELLED",
  "IMAP_ERR_INSECURE",
] as const;

/** Codes of `ImapRemoteError`. */
export const REMOTE_ERROR_CODES = [
  "IMAP_ERR_LINE_TOO_LONG",
  "IMAP_ERR_LITERAL_TOO_LARGE",
  "IMAP_ERR_RESPONSE_TOO_LARGE",
  "IMAP_ERR_NESTING_TOO_DEEP",
  "IMAP_ERR_BAD_LITERAL",
  "IMAP_ERR_SYNTAX",
  "IMAP_ERR_UNKNOWN_RESPONSE",
  "IMAP_ERR_UNEXPECTED_TAG",
  "IMAP_ERR_UNEXPECTED_CONTINUATION",
  "IMAP_ERR_PROTOCOL",
  "IMAP_ERR_NOT_IMAP",
  "IMAP_ERR_BYE",
  "IMAP_ERR_TRANSPORT",
  "IMAP_ERR_TLS",
  "IMAP_ERR_TIMEOUT",
] as const;

/** Codes of `ImapCommandError`: the server's refusal of one command. */
export const COMMAND_ERROR_CODES = ["IMAP_ERR_NO", "IMAP_ERR_BAD", "IMAP_ERR_AUTH_FAILED"] as const;

export type LocalErrorCode = (typeof LOCAL_ERROR_CODES)[number];
export type RemoteErrorCode = (typeof REMOTE_ERROR_CODES)[number];
export type CommandErrorCode = (typeof COMMAND_ERROR_CODES)[number];
export type ImapErrorCode = LocalErrorCode | RemoteErrorCode | CommandErrorCode;

export class ImapError extends Error {
  readonly code: ImapErrorCode;
  protected constructor(code: ImapErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

export class ImapLocalError extends ImapError {
  declare readonly code: LocalErrorCode;
  constructor(code: LocalErrorCode, message: string) {
    super(code, message);
  }
}

export class ImapRemoteError extends ImapError {
  declare readonly code: RemoteErrorCode;
  constructor(code: RemoteErrorCode, message: string) {
    super(code, message);
  }
}
