/** Notifications of the project's CI and code review, filed in Projects/Tagwire. */
import { before } from "../clock.js";
import { FOLDERS } from "../folders.js";
import { textPart } from "../mime.js";
import { type Letter, messageId, replyTo } from "./letter.js";
import { ci, me } from "./people.js";

const LIST = ["List-Id: tagwire <tagwire.git.example.com>", "Precedence: list"];

function build(now: Date, run: number, daysAgo: number, passed: boolean): Letter {
  const status = passed ? "passed" : "failed";
  const text = passed
    ? `Run #${run} on main passed in 4m 12s.\n\n  typecheck  ok\n  lint       ok\n  unit       1,204 passed\n  e2e        38 passed\n\nhttps://git.example.com/tagwire/actions/runs/${run}\n`
    : `Run #${run} on main failed after 2m 51s.\n\n  typecheck  ok\n  lint       ok\n  unit       1 failed, 1,203 passed\n    packages/imap: session > routes a streamed section to its command\n\nhttps://git.example.com/tagwire/actions/runs/${run}\n`;
  return {
    mailbox: FOLDERS.tagwire,
    envelope: {
      from: ci,
      to: [me],
      subject: `[tagwire] CI ${status} on main (#${run})`,
      date: before(now, daysAgo, 4, 0),
      messageId: messageId(`ci-${run}`),
      extra: LIST,
    },
    root: textPart(text),
    flags: passed ? ["\\Seen"] : ["\\Seen", "\\Flagged"],
  };
}

function review(now: Date): Letter[] {
  const opened: Letter = {
    mailbox: FOLDERS.tagwire,
    envelope: {
      from: ci,
      to: [me],
      subject: "[tagwire] Faster FETCH parsing (PR #57)",
      date: before(now, 2, 7, 0),
      messageId: messageId("pr-57"),
      extra: LIST,
    },
    root: textPart(
      "A pull request was opened: Faster FETCH parsing (#57).\n\nThe decoder now skips literals it does not need.\n",
    ),
    flags: ["\\Seen"],
  };
  const comment: Letter = {
    mailbox: FOLDERS.tagwire,
    envelope: {
      from: ci,
      to: [me],
      subject: "Re: [tagwire] Faster FETCH parsing (PR #57)",
      date: before(now, 0, 3, 30),
      messageId: messageId("pr-57-comment"),
      replyTo: replyTo(opened.envelope),
      extra: LIST,
    },
    root: textPart(
      "New comment on #57:\n\n> The decoder now skips literals it does not need.\n\nNice: 18 % faster on the list-view benchmark.\n",
    ),
  };
  return [opened, comment];
}

/** CI results over the last weeks and one pull request with a comment. */
export function projects(now: Date): Letter[] {
  return [build(now, 412, 20, true), build(now, 415, 9, false), build(now, 418, 1, true), ...review(now)];
}
