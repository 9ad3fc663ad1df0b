/** LOGIN (RFC 3501 §6.2.3) and AUTHENTICATE PLAIN (RFC 4616, with RFC 4959 SASL-IR). */
import { ImapLocalError } from "../../errors.js";
import { encodeBase64 } from "../../text/base64.js";
import { utf8Encode } from "../../text/text.js";
import type { Command } from "../../types/command.js";
import { writeAstring } from "./values.js";
import type { CommandWriter } from "./writer.js";

type LoginCommand = Extract<Command, { name: "LOGIN" }>;
type AuthenticateCommand = Extract<Command, { name: "AUTHENTICATE" }>;

/** `LOGIN user password`; the password is traced as `***`. */
export function writeLogin(w: CommandWriter, command: LoginCommand): void {
  w.text("LOGIN ");
  writeAstring(w, command.username);
  w.text(" ");
  writeAstring(w, command.password.reveal(), { secret: true });
}

/** The PLAIN message `authzid NUL authcid NUL passwd` in UTF-8 (RFC 4616 §2). */
function plainMessage(command: AuthenticateCommand): Uint8Array {
  const authzid = command.authzid ?? "";
  const password = command.password.reveal();
  for (const part of [authzid, command.username, password]) {
    if (part.includes("\u0000")) {
      throw new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", "PLAIN credentials cannot contain NUL");
    }
  }
  if (command.username.length === 0) {
    throw new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", "PLAIN needs a user name");
  }
  return utf8Encode(`${authzid}\u0000${command.username}\u0000${password}`);
}

/**
 * `AUTHENTICATE PLAIN <base64>` on one line with SASL-IR; without it the base64 goes on its own line
 * after the server's `+`. The response is traced as `***`.
 */
export function writeAuthenticate(w: CommandWriter, command: AuthenticateCommand): void {
  if (command.mechanism !== "PLAIN") {
    throw new ImapLocalError("IMAP_ERR_NOT_SUPPORTED", `SASL mechanism ${String(command.mechanism)}`);
  }
  const response = encodeBase64(plainMessage(command));
  w.text("AUTHENTICATE PLAIN");
  if (w.options.saslIr) {
    w.text(` ${response}`, " ***");
  } else {
    w.continuationLine();
    w.text(response, "***");
  }
}
