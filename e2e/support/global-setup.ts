/**
 * Playwright global setup: a throwaway Dovecot with the fixture mail, the harness page built with
 * esbuild, and two in-process gateways serving it (one plain, one with demo latency), all on
 * 127.0.0.1 and free ports. Their details reach the test workers through `RUN_INFO_ENV`; the
 * returned function is the global teardown and stops everything.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type Dovecot, type DovecotUser, dovecotInfo, fixtureUsers, startDovecot } from "@tagwire/dovecot";
import { createGateway, createJsonLogger, type Gateway, loadConfig } from "@tagwire/gateway";
import { buildHarness } from "./build-harness.js";
import { RUN_INFO_ENV, type RunInfo } from "./run-info.js";

/** Work folder of the run (git-ignored): the built harness and the gateways' log. */
const WORK_DIR = fileURLToPath(new URL("../.tmp/", import.meta.url));
const WEB_ROOT = `${WORK_DIR}web`;

/**
 * Delay the latency gateway adds in each direction: large enough that a round trip (2 × 50 ms) stands
 * far above scheduling noise, small enough that a sequential folder open stays under a second.
 */
const DEMO_LATENCY_MS = 50;

/** Every browser session comes from 127.0.0.1: lift the per-IP limits that guard a public gateway. */
const LOOPBACK_LIMITS = {
  MAX_SESSIONS_PER_IP: "1000",
  NEW_SESSIONS_PER_IP_PER_MINUTE: "100000",
  NEW_SESSIONS_PER_IP_BURST: "1000",
};

function account(username: string, prefix: string): DovecotUser {
  return { username, password: `${prefix}-${randomBytes(12).toString("hex")}` };
}

async function startGateway(dovecot: Dovecot, log: WriteStream, extra: Record<string, string>) {
  const config = loadConfig({
    IMAP_URL: `imap://${dovecot.host}:${dovecot.imapPort}`,
    HOST: "127.0.0.1",
    PORT: "0",
    WEB_ROOT,
    SHUTDOWN_DRAIN_MS: "0",
    ...LOOPBACK_LIMITS,
    ...extra,
  });
  const gateway = createGateway(config, { logger: createJsonLogger(log) });
  const { port } = await gateway.listen();
  return { gateway, url: `http://127.0.0.1:${port}/` };
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  await mkdir(WORK_DIR, { recursive: true });
  const users = {
    stream: account("e2e-stream", "stream"),
    idle: account("e2e-idle", "idle"),
    secret: account("e2e-secret", "marker"),
  };
  const log = createWriteStream(`${WORK_DIR}gateway.log`);
  const gateways: Gateway[] = [];
  let dovecot: Dovecot | null = null;

  const teardown = async (): Promise<void> => {
    await Promise.allSettled(gateways.map((gateway) => gateway.close({ drainMs: 0 })));
    await dovecot?.stop();
    await new Promise((resolve) => log.end(resolve));
  };

  try {
    const [fixtures] = await Promise.all([fixtureUsers(), buildHarness(WEB_ROOT)]);
    const alice = fixtures.find((user) => user.username === "alice");
    if (alice === undefined) throw new Error("the fixture users have no alice");
    dovecot = await startDovecot({
      tlsKey: "ec",
      users: [...fixtures, users.stream, users.idle, users.secret],
    });
    const plain = await startGateway(dovecot, log, {});
    gateways.push(plain.gateway);
    const slow = await startGateway(dovecot, log, { DEMO_LATENCY_MS: String(DEMO_LATENCY_MS) });
    gateways.push(slow.gateway);

    const info: RunInfo = {
      gatewayUrl: plain.url,
      latencyGatewayUrl: slow.url,
      demoLatencyMs: DEMO_LATENCY_MS,
      dovecot: dovecotInfo(dovecot),
      users: { alice, ...users },
    };
    process.env[RUN_INFO_ENV] = JSON.stringify(info);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
