/**
 * Resource bounds measured on a gateway in a child process: RSS under a slow reader (G7) and fds and
 * heap after thousands of sessions ending in resets at every phase (G13).
 */
import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import {
  cleanupAfterEach,
  openWs,
  sleep,
  startChildGateway,
  startUpstream,
  type Upstream,
  waitFor,
} from "./helpers.js";

const MIB = 1024 * 1024;
const cleanups = cleanupAfterEach();

async function child(
  upstreamPort: number,
  env: Record<string, string> = {},
  overrides: Record<string, unknown> = {},
) {
  const gw = await startChildGateway(
    {
      PORT: "0",
      IMAP_URL: `imap://127.0.0.1:${upstreamPort}`,
      MAX_SESSIONS_PER_IP: "100000",
      MAX_SESSIONS: "100000",
      NEW_SESSIONS_PER_IP_BURST: "100000",
      NEW_SESSIONS_PER_IP_PER_MINUTE: "1000000",
      ...env,
    },
    overrides,
  );
  cleanups.push(() => gw.stop());
  return gw;
}

/** An upstream that pushes `total` bytes to every client as fast as the client side lets it. */
function pusher(total: number, progress: { written: number }) {
  const chunk = Buffer.alloc(64 * 1024, 0x2a);
  return (socket: Socket) => {
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        progress.written += chunk.length;
        if (!socket.write(chunk)) return;
      }
      socket.end();
    };
    socket.on("drain", pump);
    pump();
  };
}

/** Reads from `ws` at about `bytesPerSecond` by pausing and resuming the client socket. */
function throttle(ws: WebSocket, bytesPerSecond: number): { received(): number; stop(): void } {
  let received = 0;
  const started = Date.now();
  ws.on("message", (d: Buffer) => {
    received += d.length;
    if (received > ((Date.now() - started) / 1000) * bytesPerSecond) ws.pause();
  });
  const timer = setInterval(() => {
    if (received <= ((Date.now() - started) / 1000) * bytesPerSecond) ws.resume();
  }, 20);
  return { received: () => received, stop: () => clearInterval(timer) };
}

describe("memory and descriptor bounds", () => {
  it("keeps RSS under baseline + 16 MiB while an upstream pushes 1 GiB to a client reading 100 KiB/s (G7)", async () => {
    const progress = { written: 0 };
    const upstream = await startUpstream(pusher(1024 * MIB, progress));
    cleanups.push(() => upstream.close());
    const gw = await child(upstream.port);

    // Warm up every code path at full speed, then take the baseline.
    const warm = await openWs(gw, "/ws/imap?server=default");
    let warmBytes = 0;
    warm.on("message", (d: Buffer) => {
      warmBytes += d.length;
    });
    await waitFor(() => warmBytes >= 64 * MIB, 15_000, "warm-up");
    warm.terminate();
    await waitFor(() => upstream.sockets.size === 0, 5000, "warm-up closed");
    const baseline = (await gw.stats()).rss;
    progress.written = 0;

    const ws = await openWs(gw, "/ws/imap?server=default");
    const reader = throttle(ws, 100 * 1024);
    let peak = 0;
    const until = Date.now() + 3000;
    while (Date.now() < until) {
      peak = Math.max(peak, gw.rss());
      await sleep(50);
    }
    reader.stop();
    // The upstream was held back: it wrote only what kernel buffers and the watermarks hold, not 1 GiB.
    expect(progress.written).toBeLessThan(48 * MIB);
    expect(reader.received()).toBeGreaterThan(100 * 1024);
    expect(reader.received()).toBeLessThan(1 * MIB);
    expect(peak - baseline).toBeLessThan(16 * MIB);
    ws.terminate();
    expect(gw.alive()).toBe(true);
  });

  it("returns fds and heap to baseline after 2,000 sessions with random resets at every phase (G13)", async () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const upstream: Upstream = await startUpstream((socket) => {
      const r = random();
      if (r < 0.15)
        socket.resetAndDestroy(); // refuse at once
      else if (r < 0.3)
        socket.resume().end("* OK bye\r\n"); // greet and close
      else if (r < 0.45) {
        socket.write("* OK\r\n");
        socket.once("data", () => socket.resetAndDestroy()); // reset mid-session
      } else socket.pipe(socket); // echo
    });
    cleanups.push(() => upstream.close());
    const gw = await child(upstream.port, { CLOSE_TIMEOUT_MS: "500" });

    const session = async (): Promise<void> => {
      const r = random();
      if (r < 0.1) {
        // Reset in the middle of the HTTP upgrade request.
        const socket = connect(gw.port, "127.0.0.1");
        socket.on("error", () => {});
        await new Promise((resolve) => socket.once("connect", resolve));
        socket.write(`GET /ws/imap?server=default HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\n`);
        await sleep(1);
        socket.resetAndDestroy();
        return;
      }
      let ws: WebSocket;
      try {
        ws = await openWs(gw, "/ws/imap?server=default");
      } catch {
        return;
      }
      ws.on("error", () => {});
      const raw = (ws as unknown as { _socket: Socket })._socket;
      const done = new Promise((resolve) => ws.once("close", resolve));
      if (r < 0.25)
        raw.resetAndDestroy(); // reset right after the handshake (upstream still connecting)
      else if (r < 0.45) {
        ws.send(Buffer.alloc(64 * 1024, 1));
        await sleep(random() * 5);
        raw.resetAndDestroy(); // reset mid-transfer
      } else if (r < 0.6) {
        ws.send(Buffer.from("a1 NOOP\r\n"));
        ws.close(1000);
        raw.resetAndDestroy(); // reset during the closing handshake
      } else if (r < 0.75) {
        ws.send(Buffer.alloc(8 * 1024, 2));
        ws.terminate(); // FIN without a close frame
      } else {
        ws.send(Buffer.from("a1 NOOP\r\n"));
        await sleep(random() * 5);
        ws.close(1000);
      }
      await done;
    };
    const runMany = async (count: number, concurrency: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < count) {
            next++;
            await session();
          }
        }),
      );
    };
    const settled = async () => {
      await waitFor(() => upstream.sockets.size === 0, 10_000, "upstream sockets closed");
      let stats = await gw.stats();
      const deadline = Date.now() + 10_000;
      while (stats.sessions > 0 && Date.now() < deadline) {
        await sleep(50);
        stats = await gw.stats();
      }
      return stats;
    };

    await runMany(200, 25);
    const baseline = await settled();
    expect(baseline.sessions).toBe(0);
    await runMany(2000, 50);
    const after = await settled();
    expect(gw.alive()).toBe(true);
    expect(after.sessions).toBe(0);
    expect(upstream.accepted).toBeGreaterThan(1500);
    expect(after.fds).toBe(baseline.fds);
    expect(after.heapUsed - baseline.heapUsed).toBeLessThan(2 * MIB);
  });
});
