import { describe, expect, it } from "vitest";
import type { GatewayConfig } from "../src/config.js";
import { SessionLimits } from "../src/limits.js";
import { limitKey } from "../src/net-util.js";
import { cleanupAfterEach, echo, openWs, rawUpgrade, startRelay, waitFor } from "./helpers.js";

const cleanups = cleanupAfterEach();
const setup = (overrides: Partial<GatewayConfig>) => startRelay(cleanups, echo, overrides);

describe("SessionLimits", () => {
  const options = {
    maxSessions: 5,
    maxSessionsPerIp: 2,
    newSessionsPerIpPerMinute: 60,
    newSessionsPerIpBurst: 3,
  };

  it("refills the token bucket at the configured rate", () => {
    let now = 0;
    const limits = new SessionLimits(options, () => now);
    expect([limits.admit("a"), limits.admit("a"), limits.admit("a"), limits.admit("a")]).toEqual([
      null,
      null,
      null,
      "ip_rate",
    ]);
    now += 999;
    expect(limits.admit("a")).toBe("ip_rate");
    now += 1;
    expect(limits.admit("a")).toBeNull();
    expect(limits.admit("b")).toBeNull();
  });

  it("caps concurrent sessions per client and overall", () => {
    const limits = new SessionLimits({ ...options, newSessionsPerIpBurst: 100 }, () => 0);
    for (const key of ["a", "a"]) {
      expect(limits.admit(key)).toBeNull();
      limits.acquire(key);
    }
    expect(limits.admit("a")).toBe("ip_cap");
    for (const key of ["b", "b", "c"]) {
      expect(limits.admit(key)).toBeNull();
      limits.acquire(key);
    }
    expect(limits.admit("d")).toBe("global_cap");
    limits.release("a");
    expect(limits.admit("a")).toBeNull();
  });

  it("forgets clients with no session and a full bucket", () => {
    let now = 0;
    const limits = new SessionLimits(options, () => now);
    limits.admit("a");
    limits.acquire("a");
    limits.admit("b");
    limits.sweep();
    expect(limits.trackedClients).toBe(2);
    now += 60_000;
    limits.sweep();
    expect(limits.trackedClients).toBe(1);
    limits.release("a");
    limits.sweep();
    expect(limits.trackedClients).toBe(0);
  });

  it("peeks at what admit would answer without taking a token or tracking the client", () => {
    let now = 0;
    const limits = new SessionLimits({ ...options, newSessionsPerIpBurst: 1 }, () => now);
    expect([limits.peek("a"), limits.peek("a"), limits.trackedClients]).toEqual([null, null, 0]);
    expect(limits.admit("a")).toBeNull();
    expect(limits.peek("a")).toBe("ip_rate");
    now += 1000; // one token per second at 60 per minute
    expect([limits.peek("a"), limits.peek("a"), limits.admit("a")]).toEqual([null, null, null]);
    limits.acquire("a");
    limits.acquire("a");
    expect(limits.peek("a")).toBe("ip_cap");
    for (const key of ["b", "b", "c"]) limits.acquire(key);
    expect(limits.peek("z")).toBe("global_cap");
  });

  it("counts IPv6 clients per /64 and IPv4-mapped addresses as IPv4", () => {
    expect(limitKey("2001:db8:1:2:aaaa::1")).toBe(limitKey("2001:db8:1:2:bbbb::2"));
    expect(limitKey("2001:db8:1:2::1")).not.toBe(limitKey("2001:db8:1:3::1"));
    expect(limitKey("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(limitKey("::1")).toBe("0:0:0:0::/64");
  });
});

describe("admission limits", () => {
  it("answers the excess of 50 rapid opens from one IP with 429 before the upgrade (G5)", async () => {
    const { upstream, gw } = await setup({
      newSessionsPerIpBurst: 10,
      newSessionsPerIpPerMinute: 1,
      maxSessionsPerIp: 100,
    });
    const statuses = await Promise.all(
      Array.from({ length: 50 }, () => rawUpgrade(gw.port, "/ws/imap?server=default").then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 101)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);
    await waitFor(() => upstream.accepted === 10);
    expect(gw.gateway.metrics.refusals.get("ip_rate")).toBe(40);
    const metrics = await (await fetch(`${gw.origin}/metrics`)).text();
    expect(metrics).toContain('tagwire_gateway_refusals_total{reason="ip_rate"} 40');
  });

  it("answers a connection over the per-IP cap with 429 and admits again after one closes", async () => {
    const { gw } = await setup({ maxSessionsPerIp: 3 });
    const open = await Promise.all([1, 2, 3].map(() => openWs(gw, "/ws/imap?server=default")));
    await expect(openWs(gw, "/ws/imap?server=default")).rejects.toMatchObject({ status: 429 });
    open[0]?.close();
    await waitFor(() => gw.gateway.sessionCount === 2);
    const again = await openWs(gw, "/ws/imap?server=default");
    for (const ws of [...open, again]) ws.close();
  });

  it("answers a connection over the global cap with 503", async () => {
    const { gw } = await setup({ maxSessions: 2, maxSessionsPerIp: 2 });
    const open = await Promise.all([1, 2].map(() => openWs(gw, "/ws/imap?server=default")));
    await expect(openWs(gw, "/ws/imap?server=default")).rejects.toMatchObject({ status: 503 });
    expect(gw.gateway.metrics.refusals.get("global_cap")).toBe(1);
    for (const ws of open) ws.close();
  });

  it("ignores X-Forwarded-For from an untrusted peer, so the per-IP cap still applies (G12)", async () => {
    const { gw } = await setup({ maxSessionsPerIp: 2, trustProxy: [] });
    const open = await Promise.all(
      ["198.51.100.1", "198.51.100.2"].map((ip) =>
        openWs(gw, "/ws/imap?server=default", { headers: { "X-Forwarded-For": ip } }),
      ),
    );
    await expect(
      openWs(gw, "/ws/imap?server=default", { headers: { "X-Forwarded-For": "198.51.100.3" } }),
    ).rejects.toMatchObject({ status: 429 });
    for (const ws of open) ws.close();
  });

  it("counts clients by X-Forwarded-For when the peer is a trusted proxy (G12)", async () => {
    const { gw } = await setup({ maxSessionsPerIp: 1, trustProxy: ["127.0.0.1"] });
    const a = await openWs(gw, "/ws/imap?server=default", { headers: { "X-Forwarded-For": "198.51.100.1" } });
    // The client-supplied left part of the chain is not believed; the proxy-appended right part is.
    const b = await openWs(gw, "/ws/imap?server=default", {
      headers: { "X-Forwarded-For": "198.51.100.1, 198.51.100.2" },
    });
    await expect(
      openWs(gw, "/ws/imap?server=default", { headers: { "X-Forwarded-For": "203.0.113.9, 198.51.100.1" } }),
    ).rejects.toMatchObject({ status: 429 });
    a.close();
    b.close();
  });
});
