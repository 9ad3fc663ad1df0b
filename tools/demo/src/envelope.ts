/** Header lines of a message: addresses, Subject, Date, Message-ID and the thread headers. */
import { rfc5322Date } from "./clock.js";
import { utf8Words } from "./encoded-words.js";

/** A sender or recipient; `encodedName` replaces the name's default encoding (UTF-8 B). */
export interface Person {
  readonly name: string;
  readonly address: string;
  readonly encodedName?: string;
}

/** The headers every generated message has, and the optional ones. */
export interface Envelope {
  readonly from: Person;
  readonly to: readonly Person[];
  readonly cc?: readonly Person[];
  readonly subject: string;
  /** The Subject header's value as written (encoded-words, or raw 8-bit UTF-8); default: from `subject`. */
  readonly subjectHeader?: string;
  readonly date: Date;
  /** Message-ID without angle brackets. */
  readonly messageId: string;
  /** The message this replies to; References are its references plus its id. */
  readonly replyTo?: { readonly messageId: string; readonly references: readonly string[] };
  readonly extra?: readonly string[];
}

const ATEXT_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]*$/;

/** `Name <address>`, the name quoted or encoded as it needs. */
export function mailbox(person: Person): string {
  const { name, address } = person;
  if (person.encodedName !== undefined) return `${person.encodedName} <${address}>`;
  if (name === "") return address;
  if (ATEXT_PHRASE.test(name)) return `${name} <${address}>`;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/[\\"]/g, "\\$&")}" <${address}>`;
  return `${utf8Words(name)} <${address}>`;
}

/** The References of a reply to the message `replyTo` describes. */
export function referencesOf(replyTo: NonNullable<Envelope["replyTo"]>): string[] {
  return [...replyTo.references, replyTo.messageId];
}

/** The header lines of `envelope`, folded where long. */
export function envelopeHeaders(envelope: Envelope): string[] {
  const list = (people: readonly Person[]) => people.map(mailbox).join(",\r\n ");
  const lines = [
    `From: ${mailbox(envelope.from)}`,
    `To: ${list(envelope.to)}`,
    ...(envelope.cc === undefined || envelope.cc.length === 0 ? [] : [`Cc: ${list(envelope.cc)}`]),
    `Subject: ${envelope.subjectHeader ?? utf8Words(envelope.subject)}`,
    `Date: ${rfc5322Date(envelope.date)}`,
    `Message-ID: <${envelope.messageId}>`,
  ];
  if (envelope.replyTo !== undefined) {
    lines.push(
      `In-Reply-To: <${envelope.replyTo.messageId}>`,
      `References: ${referencesOf(envelope.replyTo)
        .map((id) => `<${id}>`)
        .join("\r\n ")}`,
    );
  }
  return [...lines, ...(envelope.extra ?? [])];
}
