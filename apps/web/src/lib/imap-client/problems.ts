/**
 * Every failure the app shows, turned into a `ConnectionProblem`: a stable reason and a sentence.
 * The server's own text is kept on NO (a wrong password says what the server said).
 */
import { ImapCommandError, ImapError, ImapTransportError } from "@tagwire/imap";
import type { ConnectionProblem } from "./types";

/** A failure the app shows to the user. */
export class MailError extends Error {
  readonly problem: ConnectionProblem;

  constructor(problem: ConnectionProblem, options?: { cause?: unknown }) {
    super(problem.message, options);
    this.name = "MailError";
    this.problem = problem;
  }
}

/** Reduces any error to what the UI shows. */
export function problemOf(error: unknown): ConnectionProblem {
  if (error instanceof MailError) return error.problem;
  if (error instanceof ImapTransportError) {
    const wait =
      error.retryAfterS !== null && error.retryAfterS > 0 ? ` Try again in ${error.retryAfterS} s.` : "";
    return { reason: error.reason, message: `${error.message}${wait}` };
  }
  if (error instanceof ImapCommandError) {
    const said = error.text.trim();
    if (
      error.code === "IMAP_ERR_AUTH_FAILED" ||
      error.command === "LOGIN" ||
      error.command === "AUTHENTICATE"
    ) {
      return { reason: "auth", message: said === "" ? "The server refused the username or password." : said };
    }
    return {
      reason: "command",
      message: said === "" ? `The server refused ${error.command}.` : `${error.command}: ${said}`,
    };
  }
  if (error instanceof ImapError) {
    if (error.code === "IMAP_ERR_CANCELLED") return { reason: "cancelled", message: "Cancelled." };
    if (error.code === "IMAP_ERR_CLOSED")
      return { reason: "closed", message: "The connection to the mail server closed." };
    return { reason: "protocol", message: error.message };
  }
  return { reason: "unknown", message: error instanceof Error ? error.message : String(error) };
}
