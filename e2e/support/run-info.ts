/**
 * What global setup started, handed to the test workers as JSON in an environment variable (workers
 * are forked after global setup and inherit its `process.env`).
 */
import type { DovecotInfo, DovecotUser } from "@tagwire/dovecot";
import type { AppMailInfo } from "./app-mail.js";

/** A Dovecot's address for a Node-side IMAP connection. */
export interface ImapAddress {
  readonly host: string;
  readonly imapPort: number;
}

/** Gateways serving the built web app (`apps/web/dist`), and what is behind them. */
export interface AppRunInfo {
  /** In front of the demo Dovecot (user demo/demo). */
  readonly demoUrl: string;
  /** The same demo Dovecot, with `DEMO_LATENCY_MS`. */
  readonly latencyUrl: string;
  /** A demo Dovecot whose `imap_capability` is reduced to IMAP4rev1 and a few extensions. */
  readonly reducedUrl: string;
  /** In front of a Dovecot with the app tests' own mail (support/app-mail.ts) for `hostile`, and `other`. */
  readonly mailUrl: string;
  readonly demoImap: ImapAddress;
  readonly reducedImap: ImapAddress;
  readonly mailImap: ImapAddress;
  readonly hostile: DovecotUser;
  readonly other: DovecotUser;
  readonly mail: AppMailInfo;
  /** The only subject in the INBOX of `other`. */
  readonly otherSubject: string;
}

export const RUN_INFO_ENV = "TAGWIRE_E2E_RUN";

export interface RunInfo {
  /** The gateway serving the harness, e.g. `http://127.0.0.1:40123/`. */
  readonly gatewayUrl: string;
  /** A second gateway with demo latency on, serving the same harness. */
  readonly latencyGatewayUrl: string;
  /** Its delay in each direction, in milliseconds. */
  readonly demoLatencyMs: number;
  readonly dovecot: DovecotInfo;
  /** Accounts by purpose: `alice` has the fixture mail and is only read; the others are per test file. */
  readonly users: {
    readonly alice: DovecotUser;
    readonly stream: DovecotUser;
    readonly idle: DovecotUser;
    readonly secret: DovecotUser;
  };
  readonly app: AppRunInfo;
}

/** The run's details, in a test worker. */
export function runInfo(): RunInfo {
  const json = process.env[RUN_INFO_ENV];
  if (json === undefined)
    throw new Error(`${RUN_INFO_ENV} is not set: run the tests with \`playwright test\``);
  return JSON.parse(json) as RunInfo;
}
