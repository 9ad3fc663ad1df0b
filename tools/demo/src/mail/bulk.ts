/**
 * The big folder: `generateBulk` of @tagwire/dovecot, its dates moved so that the newest message is
 * from an hour before `now` (the generator counts back from a fixed instant).
 */
import { generateBulk, type SeedMessage } from "@tagwire/dovecot";
import { DEMO_USER } from "../account.js";
import { before, rfc5322Date } from "../clock.js";
import { BULK_COUNT, FOLDERS } from "../folders.js";

const SEED = 7;

function shifted(message: SeedMessage, offsetMs: number): SeedMessage {
  const date = new Date((message.internalDate as Date).getTime() + offsetMs);
  const text = Buffer.from(message.message).toString("utf8");
  return {
    ...message,
    message: text.replace(/^Date: .*$/m, `Date: ${rfc5322Date(date)}`),
    internalDate: date,
  };
}

/** {@link BULK_COUNT} generated messages for the bulk folder, the newest an hour before `now`. */
export function bulk(now: Date): SeedMessage[] {
  const messages = generateBulk({
    count: BULK_COUNT,
    username: DEMO_USER.username,
    mailbox: FOLDERS.bulk,
    seed: SEED,
  });
  const newest = messages.at(-1)?.internalDate;
  if (newest === undefined) return messages;
  const offset = before(now, 0, 1).getTime() - newest.getTime();
  return messages.map((message) => shifted(message, offset));
}
