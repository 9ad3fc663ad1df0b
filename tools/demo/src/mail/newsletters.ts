/**
 * HTML newsletters with remote images (hosts under `.example` and `example.com`, which never resolve)
 * and a tracking pixel: one multipart/alternative, one HTML-only and quoted-printable.
 */
import { before } from "../clock.js";
import { FOLDERS } from "../folders.js";
import { multipart, textPart } from "../mime.js";
import { type Letter, messageId } from "./letter.js";
import { me, trail, weeklyByte } from "./people.js";

const CDN = "https://cdn.news.example.com/weekly-byte";

function weeklyByteIssue(now: Date, issue: number, daysAgo: number, seen: boolean): Letter {
  const subject = `The Weekly Byte #${issue}: pipelining, explained`;
  const stories = [
    [
      "Why one write beats ten",
      "A client that waits for each answer pays a round trip per command. One that pipelines pays one.",
    ],
    [
      "IMAP IDLE in the browser",
      "Push for new mail needs a second connection per account, and not much else.",
    ],
    [
      "Sandboxed HTML mail",
      "Remote images stay blocked until you ask for them, so newsletters cannot tell when you read them.",
    ],
  ] as const;
  const text = [
    `THE WEEKLY BYTE #${issue}`,
    "",
    ...stories.flatMap(([title, lead]) => [title, lead, ""]),
    "Unsubscribe: https://news.example.com/unsubscribe?u=demo",
    "",
  ].join("\n");
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>The Weekly Byte #${issue}</title></head>
<body style="margin:0;background:#f3f4f6;font-family:Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="600" cellpadding="24" cellspacing="0" style="background:#ffffff">
<tr><td><img src="${CDN}/masthead-${issue}.png" width="552" height="120" alt="The Weekly Byte"></td></tr>
${stories
  .map(
    ([title, lead], i) => `<tr><td>
<img src="${CDN}/story-${issue}-${i + 1}.jpg" width="552" height="240" alt="">
<h2 style="color:#111827">${title}</h2>
<p style="color:#374151;line-height:1.5">${lead} <a href="https://news.example.com/${issue}/${i + 1}?utm_source=newsletter">Read more →</a></p>
</td></tr>`,
  )
  .join("\n")}
<tr><td style="font-size:12px;color:#6b7280">You receive this because you subscribed at news.example.com.
<a href="https://news.example.com/unsubscribe?u=demo">Unsubscribe</a></td></tr>
</table></td></tr></table>
<img src="https://t.news.example.com/open.gif?u=demo&amp;i=${issue}" width="1" height="1" alt="">
</body></html>
`;
  return {
    mailbox: FOLDERS.inbox,
    envelope: {
      from: weeklyByte,
      to: [me],
      subject,
      date: before(now, daysAgo, 8, 0),
      messageId: messageId(`weekly-byte-${issue}`),
      extra: [
        "List-Id: The Weekly Byte <weekly-byte.news.example.com>",
        "List-Unsubscribe: <https://news.example.com/unsubscribe?u=demo>, <mailto:unsubscribe@news.example.com>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
      ],
    },
    root: multipart(`alternative`, `weekly-byte-${issue}-alt`, [
      textPart(text),
      textPart(html, { subtype: "html", encoding: "quoted-printable" }),
    ]),
    flags: seen ? ["\\Seen"] : [],
  };
}

function trailSale(now: Date): Letter {
  const img = "https://img.trailsummit.example/spring";
  const html = `<html><body style="font-family:Georgia,serif;background:#0f3d2e;color:#f8f5ec">
<div style="max-width:640px;margin:auto;padding:24px">
<img src="${img}/hero.jpg" width="640" height="320" alt="Spring in the mountains" style="display:block;width:100%">
<h1 style="font-size:32px">Spring sale — up to 40 % off 🌲</h1>
<p>Waterproof jackets, trail shoes and tents: everything for the first long weekend outside.</p>
<table width="100%"><tr>
<td><img src="${img}/jacket.jpg" width="200" height="200" alt="Jacket"><br>Alpine shell — 129 €</td>
<td><img src="${img}/shoes.jpg" width="200" height="200" alt="Shoes"><br>Ridge runner — 89 €</td>
<td><img src="${img}/tent.jpg" width="200" height="200" alt="Tent"><br>Two-person tent — 219 €</td>
</tr></table>
<p><a href="https://trailsummit.example/sale?ref=mail" style="background:#f5b700;color:#0f3d2e;padding:12px 20px;text-decoration:none">Shop the sale</a></p>
<p style="font-size:11px">Trail &amp; Summit, 1 Example Road. <a href="https://trailsummit.example/unsubscribe" style="color:#f8f5ec">Unsubscribe</a></p>
</div>
<img src="https://px.trailsummit.example/o.gif?id=8841" width="1" height="1" alt="">
</body></html>
`;
  return {
    mailbox: FOLDERS.inbox,
    envelope: {
      from: trail,
      to: [me],
      subject: "Spring sale — up to 40 % off 🌲",
      date: before(now, 2, 14, 30),
      messageId: messageId("trail-spring-sale"),
      extra: ["List-Unsubscribe: <https://trailsummit.example/unsubscribe>"],
    },
    root: textPart(html, { subtype: "html", encoding: "quoted-printable" }),
  };
}

/** Three newsletters: this week's and last week's issue of one, and a sale. */
export function newsletters(now: Date): Letter[] {
  return [weeklyByteIssue(now, 141, 8, true), trailSale(now), weeklyByteIssue(now, 142, 1, false)];
}
