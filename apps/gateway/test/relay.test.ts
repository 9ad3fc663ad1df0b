import { once } from "node:events";
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../src/errors.js";
import {
  closed,
  collect,
  echo,
  openWs,
  sleep,
  startGateway,
  startUpstream,
  type TestGateway,
  testConfig,
  type Upstream,
  waitFor,
} from "./helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(onConnection: (s: Socket) => void, overrides = {}) {
  const upstream = await startUpstream(onConnection);
  const gw = await startGateway(testConfig(upstream.port, overrides));
  cleanups.push(() => upstream.close(), () => gw.close());
  return { upstream, gw };
}

describe("relay", () => {
  it("relays binary bytes both ways unchanged", async () => {
    const { gw } = await setup(echo);
    const ws = await openWs(gw, "/ws/imap?server=default");
    const got = collect(ws);
    const payload = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) & 0xff));
    for (let i = 0; i < payload.length; i += 64 * 1024) ws.send(payload.subarray(i, i + 64 * 1024));
    await waitFor(() => got.length() === payload.length);
    expect(got.bytes().equals(payload)).toBe(true);
    ws.close();
  });
});
