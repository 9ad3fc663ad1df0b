/**
 * Why a connection ended, as data, in Chromium through the real gateway: a refused upgrade (which the
 * browser only sees as close 1006) is explained by the driver's refusal probe with the gateway's
 * status and label, and the gateway's close codes arrive as typed reasons on `ImapTransportError`.
 *
 * Refusals use the run's gateway. The close codes need mail servers that fail, so those tests start a
 * gateway of their own (the same `createGateway(loadConfig(...))` as global setup, serving the same
 * built harness) with two servers: `down`, a loopback port nothing listens on, and `untrusted`, the
 * run's Dovecot over implicit TLS with its test CA not trusted. Its per-IP bucket holds one new
 * session, which makes a rate refusal cheap. Each test gets a fresh one, so order does not matter.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { createGateway, type Gateway, loadConfig, silentLogger } from "@tagwire/gateway";
import type { ConnectOptions, Outcome } from "../harness/api.js";
import { expect, test } from "../support/harness-test.js";
import { runInfo } from "../support/run-info.js";

/** The harness global setup built (support/global-setup.ts, `WEB_ROOT`). */
const WEB_ROOT = fileURLToPath(new URL("../.tmp/web/", import.meta.url));

/** A loopback port that was free a moment ago and has nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Starts the failing gateway; returns its URL and how to stop it. */
async function startFailingGateway(): Promise<{ url: string; stop(): Promise<void> }> {
  const { dovecot } = runInfo();
  const dir = await mkdtemp(join(tmpdir(), "tagwire-e2e-errors-"));
  const servers = [
    { id: "down", imap: `imap://127.0.0.1:${await closedPort()}` },
    { id: "untrusted", imap: `imaps://${dovecot.host}:${dovecot.imapsPort}` },
  ];
  await writeFile(join(dir, "servers.json"), JSON.stringify({ servers }));
  let gateway: Gateway | null = null;
  try {
    const config = loadConfig({
      TAGWIRE_CONFIG: join(dir, "servers.json"),
      HOST: "127.0.0.1",
      PORT: "0",
      WEB_ROOT,
      SHUTDOWN_DRAIN_MS: "0",
      NEW_SESSIONS_PER_IP_BURST: "1",
      NEW_SESSIONS_PER_IP_PER_MINUTE: "1",
    });
    gateway = createGateway(config, { logger: silentLogger });
    const { port } = await gateway.listen();
    const started = gateway;
    return {
      url: `http://127.0.0.1:${port}/`,
      async stop() {
        await started.close({ drainMs: 0 });
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await gateway?.close({ drainMs: 0 });
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

type Failure = Extract<Outcome<number>, { ok: false }>["error"];

/** Connects in the page and returns how it failed (the test fails if it connected). */
async function failedConnect(page: Page, options: ConnectOptions): Promise<Failure> {
  const outcome = await page.evaluate((o) => window.tagwire.attempt(window.tagwire.connect(o)), options);
  if (outcome.ok) throw new Error(`connected to ${JSON.stringify(options)}`);
  return outcome.error;
}

test.describe("refusals by the run's gateway, explained by the probe", () => {
  test("an unknown server id is 404 server", async ({ page, openHarness }) => {
    await openHarness();
    const error = await failedConnect(page, { server: "no-such-server" });
    expect(error).toMatchObject({
      name: "ImapTransportError",
      code: "IMAP_ERR_TRANSPORT",
      isImapError: true,
    });
    expect(error.connectionEnd).toEqual({
      reason: "server",
      closeCode: 1006,
      httpStatus: 404,
      retryAfterS: null,
    });
  });

  test("an unknown query parameter is 400 params", async ({ page, openHarness }) => {
    await openHarness();
    const error = await failedConnect(page, { params: { latency: "5" } });
    expect(error.connectionEnd).toEqual({
      reason: "params",
      closeCode: 1006,
      httpStatus: 400,
      retryAfterS: null,
    });
  });
});

test.describe("close codes and limits of a gateway whose mail servers fail", () => {
  let gateway: { url: string; stop(): Promise<void> };

  test.beforeEach(async () => {
    gateway = await startFailingGateway();
  });

  test.afterEach(async () => {
    await gateway.stop();
  });

  test("a mail server the gateway cannot reach ends the session with 4502", async ({ page, openHarness }) => {
    await openHarness(gateway.url);
    const error = await failedConnect(page, { server: "down" });
    expect(error).toMatchObject({ name: "ImapTransportError", code: "IMAP_ERR_TRANSPORT" });
    expect(error.connectionEnd).toEqual({
      reason: "upstreamUnreachable",
      closeCode: 4502,
      httpStatus: null,
      retryAfterS: null,
    });
  });

  test("a mail server whose certificate is not trusted ends the session with 4526", async ({
    page,
    openHarness,
  }) => {
    await openHarness(gateway.url);
    const error = await failedConnect(page, { server: "untrusted" });
    expect(error).toMatchObject({ name: "ImapTransportError", code: "IMAP_ERR_TLS" });
    expect(error.connectionEnd).toEqual({
      reason: "upstreamTls",
      closeCode: 4526,
      httpStatus: null,
      retryAfterS: null,
    });
  });

  test("a spent per-IP bucket is 429 ip_rate with Retry-After", async ({ page, openHarness }) => {
    await openHarness(gateway.url);
    // The bucket's one token goes to the first session (which then fails upstream), none is left.
    expect((await failedConnect(page, { server: "down" })).connectionEnd?.reason).toBe("upstreamUnreachable");
    const error = await failedConnect(page, { server: "down" });
    expect(error).toMatchObject({ name: "ImapTransportError", code: "IMAP_ERR_TRANSPORT" });
    expect(error.connectionEnd).toEqual({
      reason: "ipRate",
      closeCode: 1006,
      httpStatus: 429,
      retryAfterS: 10,
    });
  });
});
