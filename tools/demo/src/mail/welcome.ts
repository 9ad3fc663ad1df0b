/** The newest message of the INBOX: what the demo mailbox holds and what to try. */
import { before } from "../clock.js";
import { BULK_COUNT, FOLDERS } from "../folders.js";
import { textPart } from "../mime.js";
import { type Letter, messageId } from "./letter.js";
import { me } from "./people.js";

export function welcome(now: Date): Letter {
  const text = `Welcome to the Tagwire demo!

This mailbox is generated for the demo and shared by everyone who signs in
as demo/demo. It holds:

- threads across INBOX and Sent, with quoted replies and format=flowed text
- HTML newsletters with remote images (blocked until you press "Show images")
- an invoice with a PDF, photos as PNG attachments, and HTML with inline
  images in ${FOLDERS.design}
- subjects and senders in UTF-8, ISO-8859-1, ISO-8859-2, windows-1252,
  KOI8-R, Shift_JIS and ISO-2022-JP
- nested folders, a folder with a non-ASCII name (${FOLDERS.travel}), and
  ${BULK_COUNT} messages in ${FOLDERS.bulk}

Open the protocol panel to watch the IMAP commands in flight, and try
"Compare: pipelined vs one at a time" on the big folder.

The Tagwire demo
`;
  return {
    mailbox: FOLDERS.inbox,
    envelope: {
      from: { name: "Tagwire", address: "hello@tagwire.example" },
      to: [me],
      subject: "Welcome to the Tagwire demo",
      date: before(now, 0, 0, 5),
      messageId: messageId("welcome"),
    },
    root: textPart(text),
    flags: ["\\Flagged"],
  };
}
