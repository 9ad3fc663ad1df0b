import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUBPROTOCOL } from "../src/admission.js";
import {
  echo,
  first,
  openWs,
  rawUpgrade,
  sleep,
  startGateway,
  startUpstream,
  type TestGateway,
  testConfig,
  type Upstream,
  waitFor,
} from "./helpers.js";

let upstream: Upstream;
let gw: TestGateway;
let lookups: string[];

beforeAll(async () => {
  upstream = await startUpstream(echo);
  lookups = [];
  const base = testConfig(upstream.port, {
    allowedOrigins: ["https://app.example.org"],
    demoLatencyMs: 0,
    maxSessionsPerIp: 1000,
    newSessionsPerIpBurst: 1000,
  });
  // The server is configured by name, so a resolver call would be the first sign of an upstream attempt.
  const server = first(base.servers);
  gw = await startGateway(
    { ...base, servers: [{ ...server, imap: { ...server.imap, host: "imap.test" } }] },
    {
      resolver: async (host) => {
        lookups.push(host);
        return [{ address: "127.0.0.1", family: 4 }];
      },
    },
  );
});
afterAll(async () => {
  await gw.close();
  await upstream.close();
});

/** Asserts the upgrade is refused with `status` and that nothing reached (or resolved) an upstream. */
async function expectRefused(path: string, status: number, headers: Record<string, string | undefined> = {}) {
  const accepted = upstream.accepted;
  const resolved = lookups.length;
  const res = await rawUpgrade(gw.port, path, headers);
  expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(status);
  await sleep(20);
  expect(upstream.accepted).toBe(accepted);
  expect(lookups.length).toBe(resolved);
}

/** Asserts the upgrade succeeds and waits until its upstream connection exists. */
async function expectAccepted(path: string, headers: Record<string, string | undefined> = {}) {
  const accepted = upstream.accepted;
  const res = await rawUpgrade(gw.port, path, headers);
  expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(101);
  await waitFor(() => upstream.accepted === accepted + 1);
  expect(lookups.at(-1)).toBe("imap.test");
  return res;
}

describe("upgrade admission", () => {
  it("accepts a valid upgrade with 101 and the tagwire.v1 subprotocol", async () => {
    const res = await expectAccepted("/ws/imap?server=default");
    expect(res.head).toMatch(/\r\nSec-WebSocket-Protocol: tagwire\.v1/i);
  });

  it("refuses an unknown server id with 404 before any upstream connect (G1)", async () => {
    await expectRefused("/ws/imap?server=other", 404);
    await expectRefused("/ws/imap?server=", 404);
    await expectRefused("/ws/smtp?server=default", 404); // default has no SMTP configured
  });

  it("refuses host, port and any other extra parameter with 400 before any upstream connect (G1)", async () => {
    for (const query of [
      "server=default&host=10.0.0.1",
      "server=default&port=25",
      "host=127.0.0.1&port=22",
      "server=default&target=127.0.0.1:22",
      "server=default&server=default",
      "server=default&latency=100", // demo latency is off
      "server=%E0%A4%A",
      "",
    ]) {
      await expectRefused(`/ws/imap?${query}`, 400);
    }
  });

  it("refuses path tricks with 404 (G1)", async () => {
    for (const path of [
      "/ws/imap/?server=default",
      "/ws/imap/../imap?server=default",
      "/ws//imap?server=default",
      "//ws/imap?server=default",
      "/ws/%69map?server=default",
      "/ws/IMAP?server=default",
      "/ws/imap;x?server=default",
      "/ws/127.0.0.1:22?server=default",
      "http://127.0.0.1:22/ws/imap?server=default",
      "/ws/imap#x",
    ]) {
      await expectRefused(path, 404);
    }
  });

  it("refuses a foreign Origin with 403 and accepts the same and allowed origins (G4)", async () => {
    await expectRefused("/ws/imap?server=default", 403, { Origin: "https://evil.test" });
    await expectRefused("/ws/imap?server=default", 403, { Origin: `http://127.0.0.1:${gw.port + 1}` });
    await expectRefused("/ws/imap?server=default", 403, { Origin: `https://127.0.0.1:${gw.port}` });
    await expectRefused("/ws/imap?server=default", 403, { Origin: "null" });
    await expectAccepted("/ws/imap?server=default", { Origin: "https://app.example.org" });
    await expectAccepted("/ws/imap?server=default", { Origin: `http://127.0.0.1:${gw.port}` });
  });

  it("refuses a missing Origin with 403 (G4)", async () => {
    await expectRefused("/ws/imap?server=default", 403, { Origin: undefined });
  });

  it("refuses a foreign Host header with 421 even when Origin matches it (G3)", async () => {
    await expectRefused("/ws/imap?server=default", 421, { Host: "evil.test", Origin: "http://evil.test" });
    await expectRefused("/ws/imap?server=default", 421, {
      Host: "evil.test:8080",
      Origin: "http://evil.test:8080",
    });
    await expectRefused("/ws/imap?server=default", 421, { Host: undefined });
    await expectAccepted("/ws/imap?server=default", {
      Host: `localhost:${gw.port}`,
      Origin: `http://localhost:${gw.port}`,
    });
  });

  it("refuses a wrong or missing subprotocol with 400 (G8)", async () => {
    await expectRefused("/ws/imap?server=default", 400, { "Sec-WebSocket-Protocol": "binary" });
    await expectRefused("/ws/imap?server=default", 400, { "Sec-WebSocket-Protocol": undefined });
    await expectRefused("/ws/imap?server=default", 400, { "Sec-WebSocket-Protocol": "tagwire.v2, chat" });
    await expect(openWs(gw, "/ws/imap?server=default", { protocols: ["binary"] })).rejects.toMatchObject({
      status: 400,
    });
    const accepted = upstream.accepted;
    const ws = await openWs(gw, "/ws/imap?server=default", { protocols: ["binary", SUBPROTOCOL] });
    expect(ws.protocol).toBe(SUBPROTOCOL);
    await waitFor(() => upstream.accepted === accepted + 1);
    ws.close();
  });

  it("counts refusals by reason in the metrics", () => {
    const refusals = gw.gateway.metrics.refusals;
    for (const reason of ["server", "params", "path", "origin", "host", "subprotocol"] as const) {
      expect(refusals.get(reason) ?? 0, reason).toBeGreaterThan(0);
    }
  });
});
