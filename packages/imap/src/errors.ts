import type { CommandName } from "./types/command.js";
import type { ResponseCode, UntaggedData } from "./types/response.js";

/**
 * Errors say whose fault they are and carry a stable code. `ImapLocalError`: the caller misused the
 * API (wrong state, bad argument, CR/LF in a value). `ImapRemoteError`: the server misbehaved or
 * refused. `ImapCommandError`: a command completed with NO or BAD (the session goes on).
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

/** What an `ImapCommandError` reports about the refused command. */
export interface CommandErrorDetails {
  readonly tag: string;
  readonly command: CommandName;
  readonly status: "NO" | "BAD";
  readonly responseCode: ResponseCode | null;
  /** The server's human-readable text. */
  readonly text: string;
  /** Untagged data routed to the command before it was refused. */
  readonly data: readonly UntaggedData[];
}

/**
 * A command completed with NO (`IMAP_ERR_NO`) or BAD (`IMAP_ERR_BAD`); a refused LOGIN or
 * AUTHENTICATE is `IMAP_ERR_AUTH_FAILED`. The connection goes on.
 */
export class ImapCommandError extends ImapError {
  readonly tag: string;
  readonly command: CommandName;
  readonly status: "NO" | "BAD";
  readonly responseCode: ResponseCode | null;
  readonly text: string;
  readonly data: readonly UntaggedData[];

  constructor(code: "IMAP_ERR_NO" | "IMAP_ERR_BAD" | "IMAP_ERR_AUTH_FAILED", details: CommandErrorDetails) {
    super(
      code,
      `${details.command} failed: ${details.status}${details.text === "" ? "" : ` ${details.text}`}`,
    );
    this.tag = details.tag;
    this.command = details.command;
    this.status = details.status;
    this.responseCode = details.responseCode;
    this.text = details.text;
    this.data = details.data;
  }
}
