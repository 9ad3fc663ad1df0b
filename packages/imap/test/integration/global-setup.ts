/**
 * Vitest global setup: ONE throwaway Dovecot (tools/dovecot) serves every integration file. Each file
 * logs in as its own user, so files running in parallel never see each other's mail. The server's
 * address, CA and accounts reach the test files through `provide`/`inject` (plain data only: its
 * `deliver` and `stop` stay here).
 */
import { type DovecotUser, fixtureUsers, startDovecot } from "@tagwire/dovecot";
import type { TestProject } from "vitest/node";

/** What the integration files get from `inject("dovecot")`. */
export interface DovecotInfo {
  readonly host: string;
  readonly imapPort: number;
  readonly imapsPort: number;
  readonly caPem: string;
  readonly caFile: string;
  /** Accounts by the name of the test file (or fixture user) that uses them. */
  readonly users: Readonly<Record<string, DovecotUser>>;
}

declare module "vitest" {
  export interface ProvidedContext {
    dovecot: DovecotInfo;
  }
}

/** One account per integration file; the CLI's password has characters that need percent-encoding. */
const TEST_USERS: readonly DovecotUser[] = [
  { username: "login", password: "login-pass-5821" },
  { username: "pipeline", password: "pipeline-pass-1093" },
  { username: "stream", password: "stream-pass-7740" },
  { username: "idle", password: "idle-pass-3316" },
  { username: "cli", password: "cli marker@pass%2931" },
];

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const users = [...(await fixtureUsers()), ...TEST_USERS];
  // EC keys are generated in milliseconds; the suite does not need RSA.
  const dovecot = await startDovecot({ users, tlsKey: "ec" });
  project.provide("dovecot", {
    host: dovecot.host,
    imapPort: dovecot.imapPort,
    imapsPort: dovecot.imapsPort,
    caPem: dovecot.caPem,
    caFile: dovecot.caFile,
    users: Object.fromEntries(users.map((u) => [u.username, u])),
  });
  return () => dovecot.stop();
}
