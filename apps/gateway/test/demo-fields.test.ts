import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { createJsonLogger } from "../src/log.js";
import { NO_WEB, problems } from "./config-problems.js";
import {
  cleanupAfterEach,
  closed,
  memorySink,
  openWs,
  startGateway,
  startUpstream,
  waitFor,
} from "./helpers.js";

const PASSWORD = "Demo-Pa55word-41c7e2";
const cleanups = cleanupAfterEach();

/** A TAGWIRE_CONFIG file with one server, `work`. */
function serversFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), "tagwire-gw-demo-")), "servers.json");
  writeFileSync(file, JSON.stringify({ servers: [{ id: "work", imap: "imaps://imap.example.net" }] }));
  return file;
}

/** The `/api/servers` list of a gateway started from `env` (plaintext loopback upstream). */
async function serverList(env: Record<string, string>, sink = memorySink()): Promise<unknown> {
  const upstream = await startUpstream((socket) => socket.write("* OK ready\r\n"));
  const config = loadConfig({ PORT: "0", IMAP_URL: `imap://127.0.0.1:${upstream.port}`, ...env }, NO_WEB);
  const gw = await startGateway(config, { logger: createJsonLogger(sink) });
  cleanups.push(
    () => upstream.close(),
    () => gw.close(),
  );
  const ws = await openWs(gw, "/ws/imap?server=default");
  ws.close(1000);
  await closed(ws);
  await waitFor(() => gw.gateway.sessionCount === 0);
  return (await fetch(`${gw.origin}/api/servers`)).json();
}

describe("DEMO_ACCOUNT", () => {
  it("puts the account on the default server, split at the first colon", () => {
    const config = loadConfig(
      { IMAP_URL: "imaps://imap.example.org", DEMO_ACCOUNT: `demo:${PASSWORD}:x` },
      NO_WEB,
    );
    expect(config.demoAccount).toEqual({ username: "demo", password: `${PASSWORD}:x` });
    expect(loadConfig({ IMAP_URL: "imaps://imap.example.org" }, NO_WEB).demoAccount).toBeNull();
  });

  it("refuses a malformed value with GW_ERR_CONFIG_FORMAT, without repeating it", () => {
    for (const value of ["demo", ":secret", "demo:", `demo:${PASSWORD}\u0001`]) {
      const found = problems({ IMAP_URL: "imaps://imap.example.org", DEMO_ACCOUNT: value });
      expect(
        found.map((p) => [p.setting, p.code]),
        value,
      ).toEqual([["DEMO_ACCOUNT", "GW_ERR_CONFIG_FORMAT"]]);
      expect(found[0]?.message).not.toContain(PASSWORD);
    }
  });

  it("needs IMAP_URL: it belongs to the default server", () => {
    expect(
      problems({ TAGWIRE_CONFIG: serversFile(), DEMO_ACCOUNT: "demo:demo" }).map((p) => [p.setting, p.code]),
    ).toEqual([["IMAP_URL", "GW_ERR_CONFIG_MISSING"]]);
  });
});

describe("/api/servers demo fields", () => {
  it("lists demoAccount and demoLatency when both are set, and never logs the password", async () => {
    const sink = memorySink();
    const list = await serverList(
      { DEMO_ACCOUNT: `demo:${PASSWORD}`, DEMO_LATENCY_MS: "25", DEMO_LATENCY_MAX_MS: "500" },
      sink,
    );
    expect(list).toEqual([
      expect.objectContaining({
        id: "default",
        demoLatency: { defaultMs: 25, maxMs: 500 },
        demoAccount: { username: "demo", password: PASSWORD },
      }),
    ]);
    expect(sink.text()).not.toBe("");
    expect(sink.text()).not.toContain(PASSWORD);
  });

  it("lists demoAccount on the default server only, demoLatency on every server", async () => {
    const list = (await serverList({
      TAGWIRE_CONFIG: serversFile(),
      DEMO_ACCOUNT: "demo:demo",
      DEMO_LATENCY_MS: "25",
    })) as Record<string, unknown>[];
    expect(list.map((s) => [s.id, s.demoAccount, s.demoLatency])).toEqual([
      ["default", { username: "demo", password: "demo" }, { defaultMs: 25, maxMs: 2000 }],
      ["work", undefined, { defaultMs: 25, maxMs: 2000 }],
    ]);
  });

  it("lists demoLatency alone when only DEMO_LATENCY_MS is set", async () => {
    const [server] = (await serverList({ DEMO_LATENCY_MS: "40" })) as Record<string, unknown>[];
    expect(server?.demoLatency).toEqual({ defaultMs: 40, maxMs: 2000 });
    expect(server).not.toHaveProperty("demoAccount");
  });

  it("lists neither field when neither is set (DEMO_LATENCY_MS=0 is off)", async () => {
    const [server] = (await serverList({ DEMO_LATENCY_MS: "0" })) as Record<string, unknown>[];
    expect(Object.keys(server ?? {}).sort()).toEqual(["id", "imap", "label"]);
  });
});
