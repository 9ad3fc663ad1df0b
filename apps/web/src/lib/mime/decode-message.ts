/**
 * Whole messages and message headers read with postal-mime (see decode-text.ts for why it): the
 * header of an embedded message shown above its body, and the text of a message whose structure
 * could not be used.
 */
import PostalMime, { type Address } from "postal-mime";
import type { MailAddress } from "../imap-client/types";
import { concatBytes, latin1, latin1Bytes } from "./bytes";

export interface EmbeddedHeader {
  readonly from: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly subject: string;
  /** Ms since the epoch, or null when the Date header is missing or unreadable. */
  readonly date: number | null;
}

export interface WholeText {
  readonly html: string | null;
  readonly text: string | null;
}

const EMPTY_HEADER: EmbeddedHeader = { from: [], to: [], cc: [], subject: "", date: null };

export async function decodeEmbeddedHeader(header: Uint8Array | undefined): Promise<EmbeddedHeader> {
  if (header === undefined || header.length === 0) return EMPTY_HEADER;
  try {
    const email = await PostalMime.parse(withBlankLine(header));
    const date = email.date === undefined ? Number.NaN : Date.parse(email.date);
    return {
      from: addresses(email.from === undefined ? [] : [email.from]),
      to: addresses(email.to ?? []),
      cc: addresses(email.cc ?? []),
      subject: email.subject ?? "",
      date: Number.isFinite(date) ? date : null,
    };
  } catch {
    return EMPTY_HEADER;
  }
}

/**
 * The text of a message fetched as `""` (the whole message) or as `HEADER`, `1.MIME` and `1`: the
 * first part is read with the message header when the message is single-part, else with its own.
 */
export async function decodeWhole(bodies: ReadonlyMap<string, Uint8Array>): Promise<WholeText> {
  let raw = bodies.get("");
  if (raw === undefined) {
    const header = bodies.get("HEADER");
    const first = bodies.get("1");
    if (first === undefined) return { html: null, text: null };
    const multipart = header !== undefined && /^content-type\s*:\s*multipart\//im.test(latin1(header));
    const partHeader = multipart ? bodies.get("1.MIME") : header;
    raw = concatBytes(withBlankLine(partHeader ?? new Uint8Array(0)), first);
  }
  try {
    const email = await PostalMime.parse(raw);
    return { html: email.html ?? null, text: email.text ?? null };
  } catch {
    return { html: null, text: latin1(raw) };
  }
}

function addresses(list: readonly Address[]): MailAddress[] {
  return list.flatMap((a) =>
    a.group === undefined
      ? [{ name: a.name, email: a.address }]
      : a.group.map((m) => ({ name: m.name, email: m.address })),
  );
}

/** A header block ends with an empty line; servers include it, a synthesized one may not. */
function withBlankLine(header: Uint8Array): Uint8Array {
  const text = latin1(header.subarray(Math.max(0, header.length - 4)));
  if (text.endsWith("\r\n\r\n") || text.endsWith("\n\n")) return header;
  const tail = text === "" || text.endsWith("\r\n") || text.endsWith("\n") ? "\r\n" : "\r\n\r\n";
  return concatBytes(header, latin1Bytes(tail));
}
