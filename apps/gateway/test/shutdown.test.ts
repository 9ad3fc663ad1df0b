import { describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../src/errors.js";
import {
  cleanupAfterEach,
  closed,
  echo,
  openWs,
  rawUpgrade,
  startGateway,
  startUpstream,
  testConfig,
  waitFor,
} from "./helpers.js";

const cleanups = cleanupAfterEach();

describe("graceful shutdown", () => {
  it("stops accepting, lets sessions drain, then closes the rest with 1001", async () => {
    const upstream = await startUpstream(echo);
    cleanups.push(() => upstream.close());
    const gw = await startGateway(testConfig(upstream.port));
    const sessions = await Promise.all([1, 2].map(() => openWs(gw, "/ws/imap?server=default")));
    const results = sessions.map((ws) => closed(ws));
    const started = Date.now();
    const done = gw.gateway.close({ drainMs: 300 });
    await expect(rawUpgrade(gw.port, "/ws/imap?server=default")).rejects.toThrow();
    const [first, second] = await Promise.all(results);
    expect(first).toEqual({ code: CLOSE_CODES.goingAway, reason: "gateway shutting down" });
    expect(second?.code).toBe(CLOSE_CODES.goingAway);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await done;
    expect(gw.gateway.sessionCount).toBe(0);
    await waitFor(() => upstream.sockets.size === 0);
  });

  it("finishes early when the last session ends during the drain", async () => {
    const upstream = await startUpstream(echo);
    cleanups.push(() => upstream.close());
    const gw = await startGateway(testConfig(upstream.port));
    const ws = await openWs(gw, "/ws/imap?server=default");
    const result = closed(ws);
    const started = Date.now();
    const done = gw.gateway.close({ drainMs: 5000 });
    setTimeout(() => ws.close(1000), 100);
    await done;
    expect((await result).code).toBe(1000);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
