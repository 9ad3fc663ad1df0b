/** The error a client command rejects with when the server answered NO or BAD. */
import { ImapError } from "../errors.js";
import type { CommandName } from "../types/command.js";
import type { ResponseCode, UntaggedData } from "../types/response.js";

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
