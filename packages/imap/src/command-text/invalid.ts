import { ImapLocalError } from "../errors.js";

/** The one error of the command-text reader: the encoder's code for an invalid argument. */
export function invalid(message: string): ImapLocalError {
  return new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", message);
}
