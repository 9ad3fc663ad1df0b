/**
 * Two conversations across INBOX and Sent (Message-ID, In-Reply-To, References): a flowed, quoted
 * discussion of latency over four days, and a short lunch thread from today.
 */
import { before } from "../clock.js";
import type { Envelope } from "../envelope.js";
import { FOLDERS } from "../folders.js";
import { textPart } from "../mime.js";
import { flowed, quote } from "../text.js";
import { type Letter, messageId, replyTo } from "./letter.js";
import { lars, me, mei, priya } from "./people.js";

const PLAIN_FLOWED = { flowed: true } as const;

function latencyThread(now: Date): Letter[] {
  const subject = "Gateway latency numbers";
  const first: Envelope = {
    from: priya,
    to: [me],
    cc: [lars],
    subject,
    date: before(now, 4, 5, 48),
    messageId: messageId("latency-1"),
  };
  const firstText = flowed([
    "Hi,",
    "I ran the benchmark again with the gateway on the same host as Dovecot and with 25 ms of added latency in each direction. Opening a folder of 2,500 messages takes 0.31 s pipelined and 2.9 s with one command at a time.",
    "The difference is almost entirely round trips: the pipelined client sends LIST, STATUS, SELECT and the first FETCH in a single write.",
    "Could you double-check the numbers on your machine before we put them in the README?",
    "Priya",
  ]);
  const second: Envelope = {
    from: me,
    to: [priya],
    cc: [lars],
    subject: `Re: ${subject}`,
    date: before(now, 4, 3, 20),
    messageId: messageId("latency-2"),
    replyTo: replyTo(first),
  };
  const secondText = flowed([
    "Hi Priya,",
    {
      depth: 1,
      text: "Opening a folder of 2,500 messages takes 0.31 s pipelined and 2.9 s with one command at a time.",
    },
    "Same here within a few percent: 0.33 s and 3.0 s. I also tried 100 ms, where the gap grows to almost ten seconds.",
    {
      depth: 1,
      text: "Could you double-check the numbers on your machine before we put them in the README?",
    },
    "Done, they hold. Go ahead.",
    "Thanks!",
  ]);
  const third: Envelope = {
    from: priya,
    to: [me],
    cc: [lars],
    subject: `Re: ${subject}`,
    date: before(now, 3, 6, 2),
    messageId: messageId("latency-3"),
    replyTo: replyTo(second),
  };
  const thirdText = flowed([
    "Great, thanks for checking.",
    { depth: 1, text: "I also tried 100 ms, where the gap grows to almost ten seconds." },
    {
      depth: 2,
      text: "Opening a folder of 2,500 messages takes 0.31 s pipelined and 2.9 s with one command at a time.",
    },
    "I will add the 100 ms row as well, it makes the point nicely.",
  ]);
  const fourth: Envelope = {
    from: lars,
    to: [me, priya],
    subject: `Re: ${subject}`,
    date: before(now, 1, 2, 15),
    messageId: messageId("latency-4"),
    replyTo: replyTo(third),
  };
  const fourthText = `Late to the party, but +1.\n\n${quote(thirdText)}\n\nOne thing: can we say which Dovecot version we measured against?\n\nLars\n`;
  return [
    {
      mailbox: FOLDERS.inbox,
      envelope: first,
      root: textPart(firstText, PLAIN_FLOWED),
      flags: ["\\Seen", "\\Answered"],
    },
    { mailbox: FOLDERS.sent, envelope: second, root: textPart(secondText, PLAIN_FLOWED), flags: ["\\Seen"] },
    { mailbox: FOLDERS.inbox, envelope: third, root: textPart(thirdText, PLAIN_FLOWED), flags: ["\\Seen"] },
    { mailbox: FOLDERS.inbox, envelope: fourth, root: textPart(fourthText), flags: ["\\Flagged"] },
  ];
}

function lunchThread(now: Date): Letter[] {
  const first: Envelope = {
    from: mei,
    to: [me],
    subject: "Lunch on Friday?",
    date: before(now, 0, 2, 10),
    messageId: messageId("lunch-1"),
  };
  const firstText = "Hi!\n\nThe new ramen place opened next to the station. Friday at 12:30?\n\nMei\n";
  const second: Envelope = {
    from: me,
    to: [mei],
    subject: "Re: Lunch on Friday?",
    date: before(now, 0, 1, 25),
    messageId: messageId("lunch-2"),
    replyTo: replyTo(first),
  };
  const secondText = `Yes, gladly. I will book a table.\n\n${quote(firstText)}\n`;
  const third: Envelope = {
    from: mei,
    to: [me],
    subject: "Re: Lunch on Friday?",
    date: before(now, 0, 0, 20),
    messageId: messageId("lunch-3"),
    replyTo: replyTo(second),
  };
  const thirdText = `Perfect, see you there!\n\n${quote(secondText)}\n`;
  return [
    { mailbox: FOLDERS.inbox, envelope: first, root: textPart(firstText), flags: ["\\Seen", "\\Answered"] },
    { mailbox: FOLDERS.sent, envelope: second, root: textPart(secondText), flags: ["\\Seen"] },
    { mailbox: FOLDERS.inbox, envelope: third, root: textPart(thirdText) },
  ];
}

/** Both threads, in the order they happened. */
export function threads(now: Date): Letter[] {
  return [...latencyThread(now), ...lunchThread(now)];
}
