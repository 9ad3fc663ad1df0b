/*
 * Sharing one instance across a Vitest project: start it in a globalSetup file and hand the connection
 * details to test files with provide()/inject(). Only plain, structured-clone-able data crosses over, so
 * test files deliver mail with {@link deliverTo} (or start their own instance when they need a private
 * mailbox).
 *
 *   // vitest.config.ts:  test: { globalSetup: ["./test/dovecot-setup.ts"] }
 *   // test/dovecot-setup.ts
 *   import { dovecotGlobalSetup } from "@tagwire/dovecot";
 *   export default dovecotGlobalSetup({ seed: { bulk: 500 } });
 *   // in a test file
 *   import { inject } from "vitest";
 *   const dovecot = inject("dovecot"); // DovecotInfo
 *
 * For inject() to be typed, add to a .d.ts of the consuming package:
 *   declare module "vitest" { export interface ProvidedContext { dovecot: import("@tagwire/dovecot").DovecotInfo } }
 */
import { deliverMessage } from "./deliver.js";
import { startDovecot } from "./start-dovecot.js";
import type { DeliverOptions, Dovecot, StartOptions } from "./types.js";

/** The connection details of a running instance, as plain data. */
export type DovecotInfo = Pick<Dovecot, "host" | "imapPort" | "imapsPort" | "caPem" | "caFile" | "users">;

/** What Vitest passes to a globalSetup function (only the part used here). */
export interface ProvideTarget {
  provide(key: string, value: unknown): void;
}

/** Plain data describing `dovecot`, fit for provide() or JSON. */
export function dovecotInfo(dovecot: Dovecot): DovecotInfo {
  return {
    host: dovecot.host,
    imapPort: dovecot.imapPort,
    imapsPort: dovecot.imapsPort,
    caPem: dovecot.caPem,
    caFile: dovecot.caFile,
    users: dovecot.users.map((user) => ({ ...user })),
  };
}

/**
 * {@link Dovecot.deliver} for an instance known only by its {@link DovecotInfo} (e.g. from inject()).
 * Resolves with the new message's UID.
 */
export async function deliverTo(
  info: DovecotInfo,
  username: string,
  mailbox: string,
  message: Uint8Array | string,
  options?: DeliverOptions,
): Promise<number> {
  const user = info.users.find((candidate) => candidate.username === username);
  if (user === undefined) throw new Error(`deliverTo(): unknown user ${JSON.stringify(username)}`);
  return deliverMessage({ host: info.host, port: info.imapPort, user }, mailbox, message, options);
}

/**
 * A Vitest globalSetup function: starts an instance, provides its {@link DovecotInfo} under `key`
 * (default `"dovecot"`), and returns the teardown that stops it.
 */
export function dovecotGlobalSetup(
  options: StartOptions & { key?: string } = {},
): (project: ProvideTarget) => Promise<() => Promise<void>> {
  const { key = "dovecot", ...startOptions } = options;
  return async (project) => {
    const dovecot = await startDovecot(startOptions);
    project.provide(key, dovecotInfo(dovecot));
    return () => dovecot.stop();
  };
}
