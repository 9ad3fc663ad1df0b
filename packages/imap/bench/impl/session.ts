/**
 * Our whole receive path as the web app drives it: a `Session` with the list's UID FETCH in flight,
 * fed each chunk and drained of every event — decoding plus routing to the command, the mailbox
 * reducer and event production.
 */

import type { SessionEvent } from "../../src/session/events.js";
import { Session } from "../../src/session/session.js";
import { utf8Encode } from "../../src/text/text.js";

/** Feeds `chunks` (answers to a UID FETCH tagged `tag`) to a selected session; hands every event on. */
export function runSession(
  chunks: readonly Uint8Array[],
  tag: string,
  onEvent: (event: SessionEvent) => void,
): void {
  const tags = ["S1", tag];
  const session = new Session({ tags: { next: () => tags.shift() ?? "X" } });
  session.receive(utf8Encode("* PREAUTH [CAPABILITY IMAP4rev1] ready\r\n"), 0);
  session.send({ name: "SELECT", mailbox: "INBOX" }, 0);
  session.takeOutgoing(0);
  session.receive(utf8Encode("* 100000 EXISTS\r\nS1 OK [READ-WRITE] done\r\n"), 0);
  const attributes = ["UID", "FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE"] as const;
  session.send({ name: "FETCH", uid: true, set: "1:*", attributes }, 0);
  session.takeOutgoing(0);
  session.takeEvents();
  for (const chunk of chunks) {
    session.receive(chunk, 1);
    for (let event = session.nextEvent(); event !== null; event = session.nextEvent()) onEvent(event);
  }
}
