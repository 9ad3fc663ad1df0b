/** The whole demo mailbox for a given "now": the written letters and the bulk folder. */
import type { SeedMessage, SeedOptions } from "@tagwire/dovecot";
import { attachments } from "./mail/attachments.js";
import { bulk } from "./mail/bulk.js";
import { housekeeping } from "./mail/housekeeping.js";
import { international } from "./mail/international.js";
import { type Letter, toSeed } from "./mail/letter.js";
import { newsletters } from "./mail/newsletters.js";
import { projects } from "./mail/projects.js";
import { threads } from "./mail/threads.js";
import { travel } from "./mail/travel.js";
import { welcome } from "./mail/welcome.js";

/** Every written letter of the demo mailbox (everything but the bulk folder). */
export function demoLetters(now: Date): Letter[] {
  return [
    welcome(now),
    ...threads(now),
    ...newsletters(now),
    ...attachments(now),
    ...international(now),
    ...projects(now),
    ...travel(now),
    ...housekeeping(now),
  ];
}

/** Every message of the demo mailbox, dated relative to `now`: the same `now` gives the same bytes. */
export function demoMessages(now: Date): SeedMessage[] {
  return [...demoLetters(now).map(toSeed), ...bulk(now)];
}

/** The seed option of `startDovecot` for the demo mailbox (no fixture mail). */
export function demoSeed(now: Date): SeedOptions {
  return { fixtures: false, messages: demoMessages(now) };
}
