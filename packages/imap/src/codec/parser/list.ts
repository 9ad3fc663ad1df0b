/**
 * Mailbox-naming responses: LIST/LSUB/XLIST (RFC 3501 §7.2.2, RFC 5258 LIST-EXTENDED, RFC 6154
 * SPECIAL-USE), STATUS (§7.2.4, RFC 7162, RFC 8438) and NAMESPACE (RFC 2342).
 * Mailbox names keep their raw bytes; `name` is decoded by `decodeMailboxName`.
 */
import type {
  ExtensionValue,
  ListResponse,
  MailboxName,
  MailboxStatus,
  NamespaceDescriptor,
  NamespaceResponse,
  StatusDataResponse,
} from "../../types/response.js";
import { decodeMailboxName } from "../../types/values.js";
import { C_ATOM, DQUOTE, RPAREN } from "./chars.js";
import { extensionValue } from "./extension.js";
import { flagList } from "./flags.js";
import { atomString, upperString } from "./intern.js";
import { NUMBER64_MAX, type Reader } from "./reader.js";

function mailboxName(r: Reader, raw: Uint8Array): MailboxName {
  return { raw, name: decodeMailboxName(raw, r.utf8) };
}

/** Hierarchy delimiter: a quoted character (`"\\"` is a backslash) or NIL. */
function delimiter(r: Reader): string | null {
  if (r.peek() !== DQUOTE) {
    if (r.nil()) return null;
    r.fail();
  }
  const start = r.pos;
  const value = r.quoted();
  if (value.length === 0) r.fail("IMAP_ERR_SYNTAX", start);
  return atomString(value, 0, value.length);
}

export function listResponse(r: Reader, command: ListResponse["command"]): ListResponse {
  r.sp();
  const attributes = flagList(r, false);
  r.sp();
  const delim = delimiter(r);
  r.sp();
  const mailbox = mailboxName(r, r.astring());
  const extended: Array<readonly [string, ExtensionValue]> = [];
  if (r.moreAtEnd()) {
    r.open();
    if (r.peek() !== RPAREN) {
      do {
        const tag = r.astring();
        r.sp();
        extended.push([upperString(tag, 0, tag.length), extensionValue(r)]);
      } while (r.more());
    }
    r.close();
  }
  r.end();
  return { type: "list", command, attributes, delimiter: delim, mailbox, extended };
}

export function statusDataResponse(r: Reader): StatusDataResponse {
  r.sp();
  const mailbox = mailboxName(r, r.astring());
  r.sp();
  r.open();
  const status: MailboxStatus = {};
  if (r.peek() !== RPAREN) {
    do {
      const start = r.take(C_ATOM);
      const item = upperString(r.buf, start, r.pos);
      r.sp();
      switch (item) {
        case "MESSAGES":
          status.messages = r.uint32();
          break;
        case "RECENT":
          status.recent = r.uint32();
          break;
        case "UIDNEXT":
          status.uidNext = r.uint32();
          break;
        case "UIDVALIDITY":
          status.uidValidity = r.uint32();
          break;
        case "UNSEEN":
          status.unseen = r.uint32();
          break;
        case "DELETED":
          status.deleted = r.uint32();
          break;
        case "SIZE":
          status.size = r.bigNumber(NUMBER64_MAX);
          break;
        case "HIGHESTMODSEQ":
          status.highestModseq = r.bigNumber(NUMBER64_MAX);
          break;
        default:
          extensionValue(r);
      }
    } while (r.more());
  }
  r.close();
  r.end();
  return { type: "mailboxStatus", mailbox, status };
}

/** One of the three namespace lists: NIL, or `(` 1*descriptor `)` (`()` is the `emptyListAsNil` quirk). */
function namespaceList(r: Reader): NamespaceDescriptor[] | null {
  if (r.nil() || !r.openNonEmpty()) return null;
  const out: NamespaceDescriptor[] = [];
  do {
    r.open();
    const prefix = mailboxName(r, r.string());
    r.sp();
    const delim = delimiter(r);
    // Namespace_Response_Extension: SP string SP "(" string *(SP string) ")"
    while (r.more()) extensionValue(r);
    r.close();
    out.push({ prefix, delimiter: delim });
  } while (r.peek() !== RPAREN);
  r.close();
  return out;
}

export function namespaceResponse(r: Reader): NamespaceResponse {
  r.sp();
  const personal = namespaceList(r);
  r.sp();
  const otherUsers = namespaceList(r);
  r.sp();
  const shared = namespaceList(r);
  r.end();
  return { type: "namespace", personal, otherUsers, shared };
}
