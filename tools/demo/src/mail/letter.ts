/** A message of the demo mailbox before it is rendered: where it goes, its envelope, body and flags. */
import type { SeedMessage } from "@tagwire/dovecot";
import { DEMO_USER } from "../account.js";
import { type Envelope, envelopeHeaders } from "../envelope.js";
import { type Part, renderMessage } from "../mime.js";

export interface Letter {
  readonly mailbox: string;
  readonly envelope: Envelope;
  readonly root: Part;
  readonly flags?: readonly string[];
}

/** A Message-ID (without brackets) of the demo mailbox. */
export const messageId = (local: string): string => `${local}@demo.example.org`;

/** The thread headers of a reply to `parent`. */
export function replyTo(parent: Envelope): NonNullable<Envelope["replyTo"]> {
  const references =
    parent.replyTo === undefined ? [] : [...parent.replyTo.references, parent.replyTo.messageId];
  return { messageId: parent.messageId, references };
}

/** The seed message of a letter: rendered bytes, flags, INTERNALDATE = Date. */
export function toSeed(letter: Letter): SeedMessage {
  return {
    username: DEMO_USER.username,
    mailbox: letter.mailbox,
    message: renderMessage(envelopeHeaders(letter.envelope), letter.root),
    flags: letter.flags ?? [],
    internalDate: letter.envelope.date,
  };
}
