/**
 * @tagwire/dovecot — a throwaway Dovecot IMAP server on 127.0.0.1 for integration tests, the demo and e2e.
 *
 * @example
 * import { startDovecot } from "@tagwire/dovecot";
 * const dovecot = await startDovecot();            // fixture users alice and bob, fixture mail
 * const [alice] = dovecot.users;                    // { username: "alice", password: "wonderland-pass" }
 * await dovecot.deliver("alice", "INBOX", "Subject: hi\r\n\r\nhello\r\n");
 * await dovecot.stop();
 */
export { DEFAULT_DOVECOT_BINARY, INSTALL_COMMAND } from "./binary.js";
export { type GenerateBulkOptions, generateBulk } from "./bulk.js";
export { FIXTURES_DIR, fixtureMailboxes, fixtureMessages, fixtureUsers } from "./fixtures.js";
export { encodeModifiedUtf7 } from "./mailbox-name.js";
export { startDovecot } from "./start-dovecot.js";
export type {
  BulkOptions,
  DeliverOptions,
  Dovecot,
  DovecotUser,
  SeedMessage,
  SeedOptions,
  StartOptions,
} from "./types.js";
export {
  type DovecotInfo,
  deliverTo,
  dovecotGlobalSetup,
  dovecotInfo,
  type ProvideTarget,
} from "./vitest-setup.js";
