import { createServer, type Server } from "node:net";
import { describe, expect, it } from "vitest";
import type { GatewayConfig } from "../src/config.js";
import { CLOSE_CODES } from "../src/errors.js";
import type { Resolver } from "../src/upstream.js";
import { cleanupAfterEach, closed, collect, openWs, startGateway, testConfig, waitFor } from "./helpers.js";

const cleanups = cleanupAfterEach();

/** Listens on `address:port`; resolves with the server, or null when the port is taken. */
function listen(address: string, port: number, name: string, seen: string[]): Promise<Server | null> {
  const server = createServer((socket) => {
    seen.push(`${name} ${socket.localAddress}`);
    socket.end(`* OK ${name}\r\n`);
  });
  return new Promise((resolve) => {
    server.once("error", () => resolve(null));
    server.listen(port, address, () => {
      cleanups.push(() => new Promise((closed) => server.close(() => closed())));
      resolve(server);
    });
  });
}

/** A "public" server on 127.0.0.2 and an "internal" one on 127.0.0.1, on the same port. */
async function twoServers(seen: string[]): Promise<number> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const outside = await listen("127.0.0.2", 0, "public", seen);
    if (outside === null) continue;
    const port = (outside.address() as { port: number }).port;
    if ((await listen("127.0.0.1", port, "internal", seen)) !== null) return port;
  }
  throw new Error("no common free port");
}

/** A gateway whose `default` server is `mail.example.org:port`, named through `resolver`. */
async function gatewayFor(port: number, resolver: Resolver, overrides: Partial<GatewayConfig> = {}) {
  const imap = { protocol: "imap", host: "mail.example.org", port, security: "plain" } as const;
  const servers = [{ id: "default", label: "Mail", imap }];
  const gw = await startGateway({ ...testConfig(1), servers, ...overrides }, { resolver });
  cleanups.push(() => gw.close());
  return gw;
}

describe("upstream name resolution (G2)", () => {
  it("resolves once per connection and connects to the address that lookup returned", async () => {
    const seen: string[] = [];
    const port = await twoServers(seen);
    const lookups: string[] = [];
    // A rebinding DNS: the first answer is the public address, every later one the internal address.
    const gw = await gatewayFor(port, async (host) => {
      lookups.push(host);
      return [{ address: lookups.length === 1 ? "127.0.0.2" : "127.0.0.1", family: 4 }];
    });
    const ws = await openWs(gw, "/ws/imap?server=default");
    const got = collect(ws);
    await closed(ws);
    expect(got.bytes().toString()).toBe("* OK public\r\n");
    expect(lookups).toEqual(["mail.example.org"]);
    expect(seen).toEqual(["public 127.0.0.2"]);
  });

  it("refuses a name that resolves to a private address when DENY_PRIVATE_UPSTREAM is on", async () => {
    const seen: string[] = [];
    const port = await twoServers(seen);
    const resolver: Resolver = async () => [
      { address: "10.1.2.3", family: 4 },
      { address: "127.0.0.1", family: 4 },
    ];
    const gw = await gatewayFor(port, resolver, { denyPrivateUpstream: true });
    const ws = await openWs(gw, "/ws/imap?server=default");
    const { code, reason } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.upstreamUnreachable);
    expect(reason).toBe("mail.example.org resolves to a private address");
    expect(seen).toEqual([]);
  });

  it("tries the next resolved address when one refuses", async () => {
    const seen: string[] = [];
    const port = await twoServers(seen);
    const resolver: Resolver = async () => [
      { address: "127.0.0.3", family: 4 }, // nothing listens there
      { address: "127.0.0.2", family: 4 },
    ];
    const gw = await gatewayFor(port, resolver);
    const ws = await openWs(gw, "/ws/imap?server=default");
    const got = collect(ws);
    await waitFor(() => got.length() > 0);
    expect(seen).toEqual(["public 127.0.0.2"]);
    ws.close();
  });

  it("closes with 4502 and the reason when the name does not resolve", async () => {
    const gw = await gatewayFor(1, async () => {
      throw Object.assign(new Error("nope"), { code: "ENOTFOUND" });
    });
    const ws = await openWs(gw, "/ws/imap?server=default");
    const { code, reason } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.upstreamUnreachable);
    expect(reason).toBe("cannot resolve mail.example.org (ENOTFOUND)");
  });
});
