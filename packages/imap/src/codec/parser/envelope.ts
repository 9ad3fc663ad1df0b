/**
 * ENVELOPE (RFC 3501 §7.4.2): ten fields, six of them address lists. Dates, subjects and names stay
 * raw bytes (§2.37: a date that is not a date, an encoded-word, 8-bit text - a higher layer decodes).
 * Group syntax is kept as the RFC encodes it: host NIL marks the start (mailbox = group name) and
 * `(NIL NIL NIL NIL)` the end; see `groupAddresses` in `types/values.ts`.
 */
import type { Address, Envelope } from "../../types/response.js";
import { LPAREN, SP } from "./chars.js";
import { scratchArray, takeExact } from "./exact.js";
import type { Reader } from "./reader.js";

function address(r: Reader): Address {
  r.open();
  const name = r.nstring();
  r.sp();
  const adl = r.nstring();
  r.sp();
  const mailbox = r.nstring();
  r.sp();
  const host = r.nstring();
  r.close();
  return { name, adl, mailbox, host };
}

const addressScratch = scratchArray<Address>();

/**
 * NIL or `(` 1*address `)`. An SP between addresses is the `extraSpaceBetweenAddresses` quirk
 * (§2.34), `()` the `emptyListAsNil` quirk (§2.35).
 */
function addressList(r: Reader): Address[] | null {
  if (r.peek() !== LPAREN) {
    if (r.nil()) return null;
    r.fail();
  }
  if (!r.openNonEmpty()) return null;
  const list = addressScratch;
  let n = 0;
  for (;;) {
    list[n++] = address(r);
    let c = r.peek();
    if (c === SP && r.q.extraSpaceBetweenAddresses) {
      while (c === SP) {
        r.pos++;
        c = r.peek();
      }
    }
    if (c !== LPAREN) break;
  }
  r.close();
  return takeExact(list, 0, n);
}

export function envelope(r: Reader): Envelope {
  r.open();
  const date = r.nstring();
  r.sp();
  const subject = r.nstring();
  r.sp();
  const from = addressList(r);
  r.sp();
  const sender = addressList(r);
  r.sp();
  const replyTo = addressList(r);
  r.sp();
  const to = addressList(r);
  r.sp();
  const cc = addressList(r);
  r.sp();
  const bcc = addressList(r);
  r.sp();
  const inReplyTo = r.nstring();
  r.sp();
  const messageId = r.nstring();
  r.close();
  return { date, subject, from, sender, replyTo, to, cc, bcc, inReplyTo, messageId };
}
