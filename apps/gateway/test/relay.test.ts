import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import type { GatewayConfig } from "../src/config.js";
import { CLOSE_CODES } from "../src/errors.js";
import type { Resolver } from "../src/upstream.js";
import {
  cleanupAfterEach,
  closed,
  collect,
  echo,
  first,
  maskedBinaryFrame,
  openWs,
  sleep,
  startGateway,
  startRelay,
  startUpstream,
  testConfig,
  upgradeRequest,
  waitFor,
} from "./helpers.js";

const cleanups = cleanupAfterEach();
const setup = (onConnection: (s: Socket) => void, overrides: Partial<GatewayConfig> = {}) =>
  startRelay(cleanups, onConnection, overrides);

const pattern = (n: number, seed = 7) =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * seed + 3) & 0xff));

describe("relay", () => {
  it("relays binary bytes both ways unchanged", async () => {
    const { gw } = await setup(echo);
    const ws = await openWs(gw, "/ws/imap?server=default");
    const got = collect(ws);
    const payload = pattern(300_000);
    for (let i = 0; i < payload.length; i += 64 * 1024) ws.send(payload.subarray(i, i + 64 * 1024));
    await waitFor(() => got.length() === payload.length);
    expect(got.bytes().equals(payload)).toBe(true);
    ws.close();
  });

  it("delivers the server's first bytes (the greeting) before anything is sent", async () => {
    const { gw } = await setup((s) => s.write("* OK ready\r\n"));
    const ws = await openWs(gw, "/ws/imap?server=default");
    const [data] = (await once(ws, "message")) as [Buffer];
    expect(data.toString()).toBe("* OK ready\r\n");
    ws.close();
  });

  it("forwards the browser's first commands as soon as the session is open", async () => {
    const { gw } = await setup(echo);
    const ws = await openWs(gw, "/ws/imap?server=default");
    const got = collect(ws);
    ws.send(Buffer.from("a1 NOOP\r\n"));
    ws.send(Buffer.from("a2 NOOP\r\n"));
    await waitFor(() => got.length() === 18);
    expect(got.bytes().toString()).toBe("a1 NOOP\r\na2 NOOP\r\n");
    ws.close();
  });

  it("holds frames sent with the upgrade itself until the upstream is connected, then forwards them", async () => {
    const received: Buffer[] = [];
    const upstream = await startUpstream((socket) => socket.on("data", (d: Buffer) => received.push(d)));
    cleanups.push(() => upstream.close());
    let resolved = false;
    const slowResolver: Resolver = async () => {
      await sleep(200);
      resolved = true;
      return [{ address: "127.0.0.1", family: 4 }];
    };
    const imap = {
      protocol: "imap",
      host: "mail.example.org",
      port: upstream.port,
      security: "plain",
    } as const;
    const servers = [{ id: "default", label: "Mail", imap }];
    const gw = await startGateway({ ...testConfig(upstream.port), servers }, { resolver: slowResolver });
    cleanups.push(() => gw.close());
    const socket = connect(gw.port, "127.0.0.1");
    socket.on("error", () => {});
    cleanups.push(async () => {
      socket.destroy();
    });
    // One write: the request and two frames reach the gateway together, long before the upstream.
    socket.write(
      Buffer.concat([
        Buffer.from(upgradeRequest(gw.port, "/ws/imap?server=default"), "latin1"),
        maskedBinaryFrame("a1 NOOP\r\n"),
        maskedBinaryFrame("a2 NOOP\r\n"),
      ]),
    );
    await waitFor(() => Buffer.concat(received).length >= 18);
    expect(resolved).toBe(true);
    expect(Buffer.concat(received).toString()).toBe("a1 NOOP\r\na2 NOOP\r\n");
  });

  it("closes with 1003 on a text frame and relays nothing of it (G8)", async () => {
    const received: Buffer[] = [];
    const { gw } = await setup((s) => s.on("data", (d: Buffer) => received.push(d)));
    const ws = await openWs(gw, "/ws/imap?server=default");
    ws.send("a1 LOGIN user pass\r\n");
    const { code } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.unsupportedData);
    await sleep(50);
    expect(Buffer.concat(received).length).toBe(0);
  });

  it("closes with 1009 on a 2 MiB frame (G7)", async () => {
    const { gw } = await setup(echo);
    const ws = await openWs(gw, "/ws/imap?server=default");
    ws.send(Buffer.alloc(2 * 1024 * 1024, 1));
    const { code } = await closed(ws);
    expect(code).toBe(1009);
  });

  it("accepts a frame of exactly MAX_PAYLOAD", async () => {
    const { gw } = await setup(echo, { maxPayload: 64 * 1024 });
    const ws = await openWs(gw, "/ws/imap?server=default");
    const got = collect(ws);
    ws.send(Buffer.alloc(64 * 1024, 2));
    await waitFor(() => got.length() === 64 * 1024);
    ws.close();
  });

  it("delivers every byte when the upstream sends 4 MiB and closes while the client reads slowly", async () => {
    const payload = pattern(4 * 1024 * 1024, 13);
    const { gw } = await setup((s) => {
      s.end(payload);
    });
    const ws = await openWs(gw, "/ws/imap?server=default");
    const got = collect(ws);
    // Read slowly: pause the client socket repeatedly so the gateway's queue fills and drains.
    const slow = setInterval(() => {
      ws.pause();
      setTimeout(() => ws.resume(), 20);
    }, 40);
    const { code, reason } = await closed(ws);
    clearInterval(slow);
    expect(code).toBe(CLOSE_CODES.normal);
    expect(reason).toBe("upstream closed");
    expect(got.length()).toBe(payload.length);
    expect(got.bytes().equals(payload)).toBe(true);
  });

  it("keeps the upstream paused while the browser does not read (backpressure, G7)", async () => {
    let written = 0;
    let blocked = false;
    const chunk = Buffer.alloc(64 * 1024, 3);
    const { gw } = await setup(
      (s) => {
        const pump = () => {
          while (written < 256 * 1024 * 1024) {
            written += chunk.length;
            if (!s.write(chunk)) {
              blocked = true;
              return;
            }
          }
        };
        s.on("drain", pump);
        pump();
      },
      { highWatermark: 256 * 1024, lowWatermark: 64 * 1024 },
    );
    const ws = await openWs(gw, "/ws/imap?server=default");
    ws.pause();
    await waitFor(() => blocked);
    await sleep(300);
    const stalledAt = written;
    await sleep(300);
    // Kernel buffers on both sockets plus the high watermark: a few MiB at most, then nothing more.
    expect(written).toBe(stalledAt);
    expect(written).toBeLessThan(32 * 1024 * 1024);
    const got = collect(ws);
    ws.resume();
    await waitFor(() => written > stalledAt + 8 * 1024 * 1024, 10_000, "upstream resumed");
    expect(got.length()).toBeGreaterThan(0);
    ws.terminate();
  });

  it("pauses the browser side when the upstream does not read (backpressure, G7)", async () => {
    let upstreamSocket: Socket | null = null;
    const { gw } = await setup(
      (s) => {
        upstreamSocket = s;
        s.pause();
      },
      { highWatermark: 256 * 1024, lowWatermark: 64 * 1024 },
    );
    const ws = await openWs(gw, "/ws/imap?server=default");
    await waitFor(() => upstreamSocket !== null);
    const chunk = Buffer.alloc(64 * 1024, 4);
    let sent = 0;
    const pump = setInterval(() => {
      while (ws.bufferedAmount < 1024 * 1024 && sent < 256 * 1024 * 1024) {
        ws.send(chunk);
        sent += chunk.length;
      }
    }, 5);
    await sleep(600);
    const stalledAt = sent;
    await sleep(300);
    clearInterval(pump);
    expect(sent - stalledAt).toBeLessThanOrEqual(1024 * 1024);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    let received = 0;
    (upstreamSocket as unknown as Socket).on("data", (d: Buffer) => {
      received += d.length;
    });
    (upstreamSocket as unknown as Socket).resume();
    await waitFor(() => received === sent, 10_000, "all bytes upstream");
    ws.terminate();
  });

  it("half-closes the upstream after the last bytes when the browser closes", async () => {
    let got = "";
    let ended = false;
    const { gw } = await setup((s) => {
      s.setEncoding("latin1");
      s.on("data", (d: string) => {
        got += d;
      });
      s.on("end", () => {
        ended = true;
        s.end();
      });
    });
    const ws = await openWs(gw, "/ws/imap?server=default");
    ws.send(Buffer.from("a9 LOGOUT\r\n"));
    ws.close(1000);
    await waitFor(() => ended);
    expect(got).toBe("a9 LOGOUT\r\n");
    await waitFor(() => gw.gateway.sessionCount === 0);
  });

  it("closes the WebSocket with 1011 when the upstream resets", async () => {
    const { gw } = await setup((s) => {
      s.write("* OK\r\n");
      setTimeout(() => s.resetAndDestroy(), 50);
    });
    const ws = await openWs(gw, "/ws/imap?server=default");
    const { code, reason } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.upstreamError);
    expect(reason).toBe("upstream error");
  });

  it("closes cleanly with a reason when the upstream refuses the connection", async () => {
    const upstream = await startUpstream(echo);
    const port = upstream.port;
    await upstream.close();
    const gw = await startGateway(testConfig(port));
    cleanups.push(() => gw.close());
    const ws = await openWs(gw, "/ws/imap?server=default");
    const { code, reason } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.upstreamUnreachable);
    expect(reason).toContain("ECONNREFUSED");
    expect(gw.gateway.metrics.upstreamFailures.get("GW_ERR_UPSTREAM_UNREACHABLE")).toBe(1);
  });

  it("closes with 4504 when the upstream connect (TLS handshake) exceeds its deadline", async () => {
    const upstream = await startUpstream((s) => s.resume()); // accepts TCP, never speaks TLS
    const base = testConfig(upstream.port, { upstreamConnectTimeoutMs: 300 });
    const gw = await startGateway({
      ...base,
      servers: [{ ...first(base.servers), imap: { ...first(base.servers).imap, security: "tls" } }],
    });
    cleanups.push(
      () => upstream.close(),
      () => gw.close(),
    );
    const started = Date.now();
    const ws = await openWs(gw, "/ws/imap?server=default");
    const { code } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.upstreamTimeout);
    expect(Date.now() - started).toBeLessThan(3000);
    await waitFor(() => upstream.sockets.size === 0, 2000, "upstream socket closed");
  });

  it("terminates a peer that never answers pings within two intervals (G6)", async () => {
    const { gw } = await setup(echo, { heartbeatIntervalMs: 150 });
    const dead = await openWs(gw, "/ws/imap?server=default", { autoPong: false });
    const alive = await openWs(gw, "/ws/imap?server=default");
    const started = Date.now();
    await closed(dead);
    expect(Date.now() - started).toBeLessThan(150 * 3 + 200);
    await sleep(400);
    expect(alive.readyState).toBe(alive.OPEN);
    alive.close();
  });

  it("keeps a slow reader alive while its pong waits behind queued data", async () => {
    const chunk = Buffer.alloc(64 * 1024, 5);
    const { gw } = await setup(
      (s) => {
        const pump = () => {
          while (s.write(chunk));
        };
        s.on("drain", pump);
        pump();
      },
      // A deep queue: every ping waits behind megabytes that the client drains steadily.
      { heartbeatIntervalMs: 150, highWatermark: 16 * 1024 * 1024, lowWatermark: 12 * 1024 * 1024 },
    );
    const ws = await openWs(gw, "/ws/imap?server=default");
    let received = 0;
    ws.on("message", (d: Buffer) => {
      received += d.length;
      ws.pause();
    });
    // About one socket read per 5 ms (~10 MB/s): the queue ahead of each ping takes over a second.
    const reader = setInterval(() => ws.resume(), 5);
    let sessions = 1;
    for (let i = 0; i < 15; i++) {
      await sleep(100);
      sessions = Math.min(sessions, gw.gateway.sessionCount);
    }
    clearInterval(reader);
    expect(received).toBeGreaterThan(512 * 1024);
    // The client would only notice a termination after draining its kernel buffer: ask the gateway.
    expect(sessions).toBe(1);
    ws.terminate();
  });

  it("closes a session idle for longer than the idle timeout with 4408", async () => {
    const { gw } = await setup(echo, { heartbeatIntervalMs: 100, idleTimeoutMs: 300 });
    const ws = await openWs(gw, "/ws/imap?server=default");
    const { code, reason } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.idleTimeout);
    expect(reason).toBe("idle timeout");
  });

  it("keeps a session that moves bytes open past the idle timeout", async () => {
    const { gw } = await setup(echo, { heartbeatIntervalMs: 100, idleTimeoutMs: 300 });
    const ws = await openWs(gw, "/ws/imap?server=default");
    const timer = setInterval(() => ws.send(Buffer.from("x")), 50);
    await sleep(800);
    clearInterval(timer);
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
  });

  it("delays each direction by the demo latency, overridable per connection up to the cap", async () => {
    const { gw } = await setup(echo, { demoLatencyMs: 40, demoLatencyMaxMs: 150 });
    const rtt = async (path: string) => {
      const ws = await openWs(gw, path);
      const started = performance.now();
      ws.send(Buffer.from("ping"));
      await once(ws, "message");
      const elapsed = performance.now() - started;
      ws.close();
      return elapsed;
    };
    expect(await rtt("/ws/imap?server=default")).toBeGreaterThanOrEqual(78);
    const capped = await rtt("/ws/imap?server=default&latency=5000");
    expect(capped).toBeGreaterThanOrEqual(298);
    expect(capped).toBeLessThan(1500);
    expect(await rtt("/ws/imap?server=default&latency=0")).toBeLessThan(40);
  });

  it("keeps order and delivers everything before closing under demo latency", async () => {
    const payload = pattern(512 * 1024, 5);
    const { gw } = await setup((s) => s.end(payload), { demoLatencyMs: 20 });
    const ws = await openWs(gw, "/ws/imap?server=default");
    const got = collect(ws);
    const { code } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.normal);
    expect(got.bytes().equals(payload)).toBe(true);
  });
});
