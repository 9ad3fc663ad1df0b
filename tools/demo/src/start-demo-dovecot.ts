/** A throwaway Dovecot with the demo user and the demo mailbox, seeded as Maildir files before start. */
import { type Dovecot, type StartOptions, startDovecot } from "@tagwire/dovecot";
import { DEMO_USER } from "./account.js";
import { demoSeed } from "./seed.js";

/** `startDovecot`'s options without users and seed, plus the instant the mail is dated from. */
export interface DemoDovecotOptions extends Omit<StartOptions, "users" | "seed"> {
  /** "Now" of the mailbox: today's mail is from shortly before it. Defaults to the current time. */
  now?: Date;
}

/** Starts Dovecot with the demo account `demo`/`demo` and its mailbox; an EC key unless told otherwise. */
export function startDemoDovecot(options: DemoDovecotOptions = {}): Promise<Dovecot> {
  const { now = new Date(), ...start } = options;
  return startDovecot({ tlsKey: "ec", ...start, users: [{ ...DEMO_USER }], seed: demoSeed(now) });
}
