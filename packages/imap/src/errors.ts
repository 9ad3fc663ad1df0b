/**
 * Errors say whose fault they are and carry a stable code. `ImapLocalError`: the caller misused the
 * API (wrong state, bad argument, CR/LF in a value). `ImapRemoteError`: the server misbehaved or
 * refused. A leaf: it imports nothing, so every layer may use it. (`ImapCommandError`, for a command
 * that completed with NO or BAD, lives beside the client that throws it.)
 */
export type ImapErrorCode =
  | "IMAP_ERR_INVALID_ARGUMENT"
  | "IMAP_ERR_BAD_STATE"
  | "IMAP_ERR_NOT_SUPPORTED"
  | "IMAP_ERR_QUEUE_FULL"
  | "IMAP_ERR_CLOSED"
  | "IMAP_ERR_LINE_TOO_LONG"
  | "IMAP_ERR_LITERAL_TOO_LARGE"
  | "IMAP_ERR_RESPONSE_TOO_LARGE"
  | "IMAP_ERR_NESTING_TOO_DEEP"
  | "IMAP_ERR_BAD_LITERAL"
  | "IMAP_ERR_SYNTAX"
  | "IMAP_ERR_UNKNOWN_RESPONSE"
  | "IMAP_ERR_UNEXPECTED_TAG"
  | "IMAP_ERR_UNEXPECTED_CONTINUATION"
  | "IMAP_ERR_NOT_IMAP"
  | "IMAP_ERR_BYE"
  | "IMAP_ERR_NO"
  | "IMAP_ERR_BAD"
  | "IMAP_ERR_AUTH_FAILED"
  | "IMAP_ERR_TRANSPORT"
  | "IMAP_ERR_TLS"
  | "IMAP_ERR_TIMEOUT";

export class ImapError extends Error {
  readonly code: ImapErrorCode;
  constructor(code: ImapErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

export class ImapLocalError extends ImapError {}

export class ImapRemoteError extends ImapError {}
