/**
 * Playwright global setup: a throwaway Dovecot with the fixture mail, the harness page built with
 * esbuild, and two in-process gateways serving it (one plain, one with demo latency), all on
 * 127.0.0.1 and free ports. Their details reach the test workers through `RUN_INFO_ENV`; the
 * returned function is the global teardown and stops everything.
 *
 * For the app tests it also builds the web app (`apps/web/dist`) and serves it from four more
 * gateways: in front of the demo Dovecot, the same with demo latency, a capability-reduced demo
 * Dovecot, and a Dovecot with the app tests' own mail (support/app-mail.ts).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { cp, mkdir, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { startDemoDovecot } from "@tagwire/demo";
import { type Dovecot, type DovecotUser, dovecotInfo, fixtureUsers, startDovecot } from "@tagwire/dovecot";
import { createGateway, createJsonLogger, type Gateway, loadConfig } from "@tagwire/gateway";
import { appMail } from "./app-mail.js";
import { buildHarness } from "./build-harness.js";
import { RUN_INFO_ENV, type RunInfo } from "./run-info.js";

/** Work folder of the run (git-ignored): the built harness and the gateways' log. */
const WORK_DIR = fileURLToPath(new URL("../.tmp/", import.meta.url));
const WEB_ROOT = `${WORK_DIR}web`;
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The built web app, as `pnpm --filter @tagwire/web build` writes it. */
const APP_DIST = `${REPO_ROOT}apps/web/dist`;
/**
 * The gateways serve a copy, so that a rebuild of `apps/web` during the run cannot swap the assets
 * under a loaded page.
 */
const APP_ROOT = `${WORK_DIR}app`;
/** Set to 1 to serve the `apps/web/dist` already there instead of building it first. */
const SKIP_BUILD_ENV = "TAGWIRE_E2E_SKIP_WEB_BUILD";

/** What the capability-reduced Dovecot announces: no SORT, ESEARCH, LIST-STATUS, SPECIAL-USE, ... */
const REDUCED_CAPABILITY =
  "imap_capability = IMAP4rev1 ID ENABLE IDLE NAMESPACE UIDPLUS MOVE CHILDREN UNSELECT";

async function buildApp(log: WriteStream): Promise<void> {
  if (process.env[SKIP_BUILD_ENV] !== "1") await runWebBuild(log);
  await rm(APP_ROOT, { recursive: true, force: true });
  await cp(APP_DIST, APP_ROOT, { recursive: true });
}

function runWebBuild(log: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("pnpm", ["--filter", "@tagwire/web", "build"], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
    child.once("error", (error) => reject(new Error(`cannot run pnpm: ${error.message}`)));
    child.once("exit", (code, signal) => {
      log.write(Buffer.concat(output));
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `the web app's build failed (${signal ?? `exit code ${code}`}):\n${Buffer.concat(output).toString()}`,
          ),
        );
    });
  });
}

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

async function startGateway(
  dovecot: Dovecot,
  log: WriteStream,
  extra: Record<string, string>,
  webRoot = WEB_ROOT,
) {
  const config = loadConfig({
    IMAP_URL: `imap://${dovecot.host}:${dovecot.imapPort}`,
    HOST: "127.0.0.1",
    PORT: "0",
    WEB_ROOT: webRoot,
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
  const appDovecots: Dovecot[] = [];

  const teardown = async (): Promise<void> => {
    await Promise.allSettled(gateways.map((gateway) => gateway.close({ drainMs: 0 })));
    await dovecot?.stop();
    await Promise.allSettled(appDovecots.map((server) => server.stop()));
    await new Promise((resolve) => log.end(resolve));
  };

  try {
    const hostile = account("hostile", "hostile");
    const other = account("other", "other");
    const mail = appMail(hostile.username, new Date());
    const otherSubject = `For the other account ${randomBytes(4).toString("hex")}`;
    const otherMessage = [
      "From: Spec Sender <sender@example.net>",
      `Subject: ${otherSubject}`,
      "Date: Thu, 05 Dec 2024 09:00:00 +0000",
      "",
      "Only the second account has this message.",
      "",
    ].join("\r\n");
    const started = (server: Promise<Dovecot>) =>
      server.then((s) => {
        appDovecots.push(s);
        return s;
      });
    const [fixtures, , demo, reduced, mailServer] = await Promise.all([
      fixtureUsers(),
      buildHarness(WEB_ROOT),
      started(startDemoDovecot()),
      started(startDemoDovecot({ config: REDUCED_CAPABILITY })),
      started(
        startDovecot({
          tlsKey: "ec",
          users: [hostile, other],
          seed: {
            fixtures: false,
            messages: [
              ...mail.messages,
              { username: other.username, mailbox: "INBOX", message: otherMessage },
            ],
          },
        }),
      ),
      buildApp(log),
    ]);
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
    const app = async (server: Dovecot, extra: Record<string, string> = {}) => {
      const started = await startGateway(server, log, extra, APP_ROOT);
      gateways.push(started.gateway);
      return started.url;
    };
    const demoUrl = await app(demo);
    const latencyUrl = await app(demo, { DEMO_LATENCY_MS: String(DEMO_LATENCY_MS) });
    const reducedUrl = await app(reduced);
    const mailUrl = await app(mailServer);
    const address = (server: Dovecot) => ({ host: server.host, imapPort: server.imapPort });

    const info: RunInfo = {
      gatewayUrl: plain.url,
      latencyGatewayUrl: slow.url,
      demoLatencyMs: DEMO_LATENCY_MS,
      dovecot: dovecotInfo(dovecot),
      users: { alice, ...users },
      app: {
        demoUrl,
        latencyUrl,
        reducedUrl,
        mailUrl,
        demoImap: address(demo),
        reducedImap: address(reduced),
        mailImap: address(mailServer),
        hostile,
        other,
        mail: mail.info,
        otherSubject,
      },
    };
    process.env[RUN_INFO_ENV] = JSON.stringify(info);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
