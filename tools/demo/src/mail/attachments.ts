/**
 * Mail with parts: an invoice with a PDF, photos as PNG attachments, and an HTML message whose images
 * are inline parts referenced by `cid:` (multipart/related inside multipart/alternative), with a reply.
 */
import { before } from "../clock.js";
import { FOLDERS } from "../folders.js";
import { binaryPart, multipart, textPart } from "../mime.js";
import { pdf } from "../pdf.js";
import { quote } from "../text.js";
import { chartPng, groupPng, mockupPng, sunsetPng } from "./images.js";
import { type Letter, messageId, replyTo } from "./letter.js";
import { billing, fatima, lars, me, tomas } from "./people.js";

function invoice(now: Date): Letter {
  const bill = pdf("Invoice INV-2041", [
    "Example Hosting Ltd, 1 Example Street, Example City",
    "",
    "Bill to: Demo User, demo@example.org",
    "Period: last month",
    "",
    "Virtual server, 2 vCPU / 4 GB          12.00 EUR",
    "Backups                                  2.50 EUR",
    "VAT 20 %                                 2.90 EUR",
    "",
    "Total                                   17.40 EUR",
    "",
    "Paid by card. Thank you!",
  ]);
  const text =
    "Hello,\n\nyour invoice INV-2041 is attached as a PDF. The amount of 17.40 EUR was charged to your card.\n\nExample Hosting\n";
  return {
    mailbox: FOLDERS.inbox,
    envelope: {
      from: billing,
      to: [me],
      subject: "Your invoice INV-2041",
      date: before(now, 6, 3, 0),
      messageId: messageId("invoice-2041"),
    },
    root: multipart("mixed", "invoice-2041-mixed", [
      textPart(text),
      binaryPart(bill, "application/pdf", { filename: "INV-2041.pdf", disposition: "attachment" }),
    ]),
    flags: ["\\Seen", "\\Flagged"],
  };
}

function photos(now: Date): Letter {
  const text = "Hi all,\n\ntwo pictures from the offsite: the view from the terrace, and us.\n\nTomás\n";
  return {
    mailbox: FOLDERS.inbox,
    envelope: {
      from: tomas,
      to: [me],
      cc: [lars, fatima],
      subject: "Photos from the offsite",
      date: before(now, 2, 1, 40),
      messageId: messageId("offsite-photos"),
    },
    root: multipart("mixed", "offsite-photos-mixed", [
      textPart(text),
      binaryPart(sunsetPng(), "image/png", { filename: "terrace.png", disposition: "attachment" }),
      binaryPart(groupPng(), "image/png", { filename: "team.png", disposition: "attachment" }),
    ]),
  };
}

function mockups(now: Date): Letter[] {
  const html = `<html><body style="font-family:system-ui,sans-serif">
<p>Hi,</p>
<p>here is the reading pane with the new density setting, and how the row heights compare:</p>
<p><img src="cid:mockup@demo.example.org" width="480" height="300" alt="Mockup of the reading pane"></p>
<p><img src="cid:chart@demo.example.org" width="240" height="180" alt="Row heights, compact to roomy"></p>
<p>Thoughts before Thursday?</p>
<p>Fatima</p>
</body></html>
`;
  const text =
    "Hi,\n\nhere is the reading pane with the new density setting (see the pictures in the HTML version).\n\nThoughts before Thursday?\n\nFatima\n";
  const first: Letter = {
    mailbox: FOLDERS.design,
    envelope: {
      from: fatima,
      to: [me],
      subject: "Mockups: reading pane density",
      date: before(now, 5, 2, 0),
      messageId: messageId("mockups-1"),
    },
    root: multipart("alternative", "mockups-alt", [
      textPart(text),
      multipart(
        "related",
        "mockups-related",
        [
          textPart(html, { subtype: "html" }),
          binaryPart(mockupPng(), "image/png", {
            contentId: "mockup@demo.example.org",
            disposition: "inline",
            filename: "mockup.png",
          }),
          binaryPart(chartPng(), "image/png", {
            contentId: "chart@demo.example.org",
            disposition: "inline",
            filename: "chart.png",
          }),
        ],
        '; type="text/html"',
      ),
    ]),
    flags: ["\\Seen", "\\Answered"],
  };
  const reply: Letter = {
    mailbox: FOLDERS.sent,
    envelope: {
      from: me,
      to: [fatima],
      subject: "Re: Mockups: reading pane density",
      date: before(now, 5, 0, 30),
      messageId: messageId("mockups-2"),
      replyTo: replyTo(first.envelope),
    },
    root: textPart(`Looks good! Compact could be a touch tighter still.\n\n${quote(text)}\n`),
    flags: ["\\Seen"],
  };
  return [first, reply];
}

/** The invoice, the photos and the mockup conversation. */
export function attachments(now: Date): Letter[] {
  return [invoice(now), photos(now), ...mockups(now)];
}
