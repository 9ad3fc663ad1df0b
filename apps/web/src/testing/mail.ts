/** Builders of the app's mail model for tests: every field filled, the ones a test cares about given. */
import type { MessageSummary, MimePart } from "../lib/imap-client/types";

/** A single part (`section` "1", "2.1", ...) of type `type`, 100 octets of 7bit. */
export function mimeLeaf(section: string, type: string, extra: Partial<MimePart> = {}): MimePart {
  return {
    section,
    type,
    params: {},
    encoding: "7bit",
    size: 100,
    disposition: null,
    filename: null,
    contentId: null,
    children: [],
    ...extra,
  };
}

/** A multipart node holding `children`. */
export function mimeMulti(
  section: string,
  type: string,
  children: MimePart[],
  params: Record<string, string> = {},
): MimePart {
  return { ...mimeLeaf(section, type), params, size: 0, children };
}

/** A list row: UID 42 from Ann, "Hello", unread, unless `fields` say otherwise. */
export function messageSummary(fields: Partial<MessageSummary> = {}): MessageSummary {
  return {
    uid: 42,
    flags: [],
    date: Date.UTC(2026, 11, 7, 12),
    size: 1000,
    from: [{ name: "Ann", email: "ann@example.test" }],
    to: [{ name: "", email: "me@example.test" }],
    cc: [],
    replyTo: [],
    subject: "Hello",
    preview: null,
    messageId: null,
    inReplyTo: null,
    hasAttachment: false,
    structure: null,
    ...fields,
  };
}
