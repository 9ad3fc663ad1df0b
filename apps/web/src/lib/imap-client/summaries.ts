/** One FETCH response's items → the list's `MessageSummary`. */
import { type Address, addressEmail, type FetchItems, isGroupEnd, isGroupStart } from "@tagwire/imap";
import { headerText } from "../mime/header-text";
import { hasAttachment, mimeTree } from "./mime-structure";
import type { MailAddress, MessageSummary } from "./types";

export function summaryFromFetch(items: FetchItems): MessageSummary | null {
  if (items.uid === undefined) return null;
  const envelope = items.envelope;
  const structure = items.bodyStructure === undefined ? null : mimeTree(items.bodyStructure);
  const internal = items.internalDate === undefined ? Number.NaN : Date.parse(items.internalDate);
  const headerDate = envelope?.date == null ? Number.NaN : Date.parse(headerText(envelope.date));
  return {
    uid: items.uid,
    flags: items.flags ?? [],
    date: Number.isNaN(internal) ? (Number.isNaN(headerDate) ? 0 : headerDate) : internal,
    size: items.rfc822Size ?? 0,
    from: addresses(envelope?.from ?? null),
    to: addresses(envelope?.to ?? null),
    cc: addresses(envelope?.cc ?? null),
    replyTo: addresses(envelope?.replyTo ?? null),
    subject: headerText(envelope?.subject ?? null).replace(/\s*[\r\n]+\s*/g, " "),
    preview: items.preview == null ? null : headerText(items.preview),
    messageId: envelope?.messageId == null ? null : headerText(envelope.messageId),
    inReplyTo: envelope?.inReplyTo == null ? null : headerText(envelope.inReplyTo),
    hasAttachment: structure !== null && hasAttachment(structure),
    structure,
  };
}

function addresses(list: readonly Address[] | null): MailAddress[] {
  const out: MailAddress[] = [];
  for (const address of list ?? []) {
    if (isGroupEnd(address)) continue;
    if (isGroupStart(address)) {
      out.push({ name: headerText(address.mailbox), email: "" });
      continue;
    }
    out.push({ name: headerText(address.name), email: addressEmail(address) ?? "" });
  }
  return out;
}
