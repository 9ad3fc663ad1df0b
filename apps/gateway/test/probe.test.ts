import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayConfig } from "../src/config.js";
import { REFUSAL_HEADER } from "../src/refusal-replies.js";
import {
  cleanupAfterEach,
  echo,
  first,
  openWs,
  rawUpgrade,
  sleep,
  startGateway,
  startRelay,
  startUpstream,
  type TestGateway,
  testConfig,
  type Upstream,
  waitFor,
} from "./helpers.js";

/** A parsed HTTP response: status, lower-case headers, body. */
interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parseReply(text: string): Reply {
  const end = text.indexOf("\r\n\r\n");
  const [statusLine = "", ...lines] = text.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.slice(9, 12)), headers, body: text.slice(end + 4) };
}

/** Writes `request` (in parts, `between` running after the first) and reads the whole response. */
function exchange(port: number, parts: string[], between: () => unknown = () => {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("error", reject);
    socket.on("close", () =>
      text.includes("\r\n\r\n") ? resolve(parseReply(text)) : reject(new Error(text)),
    );
    socket.write(parts[0] ?? "", async () => {
      await between();
      for (const part of parts.slice(1)) socket.write(part);
    });
  });
}

/** The request a browser's `fetch(url, { cache: "no-store" })` sends from the gateway's own page. */
function probeRequest(port: number, path: string, headers: Record<string, string | undefined> = {}): string {
  const all: Record<string, string | undefined> = {
    Host: `127.0.0.1:${port}`,
    "Sec-Fetch-Site": "same-origin",
    "Sec-Fetch-Mode": "cors",
    "Cache-Control": "no-cache",
    Connection: "close",
    ...headers,
  };
  const lines = Object.entries(all).flatMap(([k, v]) => (v === undefined ? [] : [`${k}: ${v}\r\n`]));
  return `GET ${path} HTTP/1.1\r\n${lines.join("")}\r\n`;
}

const probe = (port: number, path: string, headers: Record<string, string | undefined> = {}) =>
  exchange(port, [probeRequest(port, path, headers)]);

/** Expects the answer of a refusal: status, label, no caching, a one-line text body. */
function expectRefusal(reply: Reply, status: number, label: string, retryAfter?: string) {
  expect([reply.status, reply.headers[REFUSAL_HEADER.toLowerCase()]]).toEqual([status, label]);
  expect(reply.headers["cache-control"]).toBe("no-store");
  expect(reply.headers["content-type"]).toBe("text/plain; charset=utf-8");
  expect(reply.body).toMatch(/^[^\n]+\n$/);
  expect(reply.headers["retry-after"]).toBe(retryAfter);
}

/** Expects 426: an upgrade of this URL would be admitted now. */
function expectAdmissible(reply: Reply) {
  expect([reply.status, reply.headers[REFUSAL_HEADER.toLowerCase()]]).toEqual([426, undefined]);
  expect(reply.headers.upgrade).toBe("websocket");
  expect(reply.headers["cache-control"]).toBe("no-store");
}

describe("refusal probe: admission rules", () => {
  let upstream: Upstream;
  let gw: TestGateway;
  const lookups: string[] = [];

  beforeAll(async () => {
    upstream = await startUpstream(echo);
    const base = testConfig(upstream.port, { allowedOrigins: ["https://app.example.org"], demoLatencyMs: 5 });
    const server = first(base.servers);
    const imap = { ...server.imap, host: "imap.test" };
    const smtp = { ...imap, protocol: "smtp" as const };
    const resolver = async (host: string) => {
      lookups.push(host);
      return [{ address: "127.0.0.1", family: 4 }];
    };
    gw = await startGateway(
      {
        ...base,
        servers: [
          { ...server, imap },
          { id: "mail", label: "Mail", imap, smtp },
        ],
      },
      { resolver },
    );
  });
  afterAll(async () => {
    await gw.close();
    await upstream.close();
  });

  it("answers 426 for a URL an upgrade would be admitted to", async () => {
    for (const path of [
      "/ws/imap?server=default",
      "/ws/smtp?server=mail",
      "/ws/imap?server=mail&latency=200",
    ]) {
      expectAdmissible(await probe(gw.port, path));
    }
    const head = await exchange(gw.port, [
      probeRequest(gw.port, "/ws/imap?server=other").replace("GET", "HEAD"),
    ]);
    expect([head.status, head.headers["x-tagwire-refusal"], head.body]).toEqual([404, "server", ""]);
  });

  it("answers each refusal with the upgrade's status and the reason label", async () => {
    const cases: [string, Record<string, string | undefined>, number, string][] = [
      ["/ws/imap?server=default", { Host: "evil.test" }, 421, "host"],
      ["/ws/IMAP?server=default", {}, 404, "path"],
      ["/ws/imap/?server=default", {}, 404, "path"],
      ["/ws/127.0.0.1:22?server=default", {}, 404, "path"],
      ["/ws/imap?server=default", { Origin: "https://evil.test" }, 403, "origin"],
      ["/ws/imap?server=default", { Origin: "null" }, 403, "origin"],
      ["/ws/imap?server=default", { Origin: `https://127.0.0.1:${gw.port}` }, 403, "origin"],
      ["/ws/imap?server=default", { "Sec-Fetch-Site": "cross-site" }, 403, "origin"],
      ["/ws/imap?server=default", { "Sec-Fetch-Site": "same-site" }, 403, "origin"],
      ["/ws/imap?server=default&host=10.0.0.1", {}, 400, "params"],
      ["/ws/imap?server=default&latency=soon", {}, 400, "params"],
      ["/ws/imap?server=%E0%A4%A", {}, 400, "params"],
      ["/ws/imap", {}, 400, "params"],
      ["/ws/imap?server=other", {}, 404, "server"],
      ["/ws/smtp?server=default", {}, 404, "server"], // default has no SMTP
    ];
    for (const [path, headers, status, label] of cases) {
      const reply = await probe(gw.port, path, headers);
      expect(
        [reply.status, reply.headers["x-tagwire-refusal"]],
        `${path} ${JSON.stringify(headers)}`,
      ).toEqual([status, label]);
      expectRefusal(reply, status, label);
    }
  });

  it("checks Origin as an upgrade does when present, Sec-Fetch-Site when not, and never the subprotocol", async () => {
    const path = "/ws/imap?server=default";
    for (const headers of [
      { Origin: `http://127.0.0.1:${gw.port}` },
      { "Sec-Fetch-Site": undefined },
      { "Sec-Fetch-Site": "none" },
      { "Sec-WebSocket-Protocol": "binary" },
    ]) {
      const reply = await probe(gw.port, path, headers);
      expectAdmissible(reply);
      expect(reply.headers["access-control-allow-origin"], JSON.stringify(headers)).toBe(headers.Origin);
    }
    // A foreign page cannot read the answer (no CORS headers); an allowed origin can.
    expect((await probe(gw.port, path, { Origin: "https://evil.test" })).headers).not.toHaveProperty(
      "access-control-allow-origin",
    );
    const allowed = await probe(gw.port, "/ws/imap?server=other", { Origin: "https://app.example.org" });
    expectRefusal(allowed, 404, "server");
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://app.example.org");
    expect(allowed.headers["access-control-expose-headers"]).toBe("X-Tagwire-Refusal, Retry-After");
  });

  it("never contacts the upstream, and counts no session and no refusal", async () => {
    const paths = ["/ws/imap?server=default", "/ws/smtp?server=mail", "/ws/imap?server=other", "/ws/x"];
    const replies = await Promise.all(paths.flatMap((p) => [probe(gw.port, p), probe(gw.port, p)]));
    expect(replies.map((r) => r.status)).toEqual([426, 426, 426, 426, 404, 404, 404, 404]);
    await sleep(50);
    expect(lookups).toEqual([]);
    expect(upstream.accepted).toBe(0);
    expect(gw.gateway.sessionCount).toBe(0);
    expect(gw.gateway.metrics.sessionsTotal).toEqual({ imap: 0, smtp: 0 });
    expect(gw.gateway.metrics.refusals.size).toBe(0);
    // The same URL is still refused as an upgrade, and that refusal is counted.
    expect((await rawUpgrade(gw.port, "/ws/imap?server=other")).status).toBe(404);
    expect([...gw.gateway.metrics.refusals]).toEqual([["server", 1]]);
  });
});

describe("refusal probe: limits", () => {
  const cleanups = cleanupAfterEach();
  const setup = (overrides: Partial<GatewayConfig>) => startRelay(cleanups, echo, overrides);
  const path = "/ws/imap?server=default";

  it("takes no rate token: after 50 probes a one-token bucket still admits the upgrade (G5)", async () => {
    const { upstream, gw } = await setup({ newSessionsPerIpBurst: 1, newSessionsPerIpPerMinute: 1 });
    const replies = await Promise.all(Array.from({ length: 50 }, () => probe(gw.port, path)));
    for (const reply of replies) expectAdmissible(reply);
    expect(upstream.accepted).toBe(0);
    const ws = await openWs(gw, path);
    await waitFor(() => upstream.accepted === 1);
    expectRefusal(await probe(gw.port, path), 429, "ip_rate", "10");
    await expect(openWs(gw, path)).rejects.toMatchObject({ status: 429 });
    expect(gw.gateway.metrics.refusals.get("ip_rate")).toBe(1); // the upgrade, not the probe
    ws.close();
  });

  it("reports the per-IP cap with 429 ip_cap and the global cap with 503 global_cap", async () => {
    const perIp = await setup({ maxSessionsPerIp: 1 });
    const a = await openWs(perIp.gw, path);
    expectRefusal(await probe(perIp.gw.port, path), 429, "ip_cap", "10");
    a.close();
    await waitFor(() => perIp.gw.gateway.sessionCount === 0);
    expectAdmissible(await probe(perIp.gw.port, path));

    const global = await setup({ maxSessions: 1, maxSessionsPerIp: 1 });
    const b = await openWs(global.gw, path);
    expectRefusal(await probe(global.gw.port, path), 503, "global_cap", "10");
    expect(global.gw.gateway.sessionCount).toBe(1);
    b.close();
  });

  it("reports a shutdown in progress with 503 shutting_down", async () => {
    const { gw } = await setup({});
    const ws = await openWs(gw, path);
    // The request line arrives before the shutdown (an idle connection would be closed), the rest after.
    const request = probeRequest(gw.port, path);
    let done: Promise<void> = Promise.resolve();
    const reply = await exchange(gw.port, [request.slice(0, 30), request.slice(30)], async () => {
      await sleep(20);
      done = gw.gateway.close({ drainMs: 200 });
      await sleep(20);
    });
    expectRefusal(reply, 503, "shutting_down", "10");
    ws.close();
    await done;
  });
});
