import { once } from "node:events";
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  AdaptiveReader,
  MAX_READ_BUFFER,
  MIN_READ_BUFFER,
  nextReadSize,
  readSocket,
} from "../src/read-buffer.js";

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) {
    s.close();
    await once(s, "close");
  }
});

/** A server that runs `onSocket` for each connection; resolves to its port. */
async function serve(onSocket: (socket: Socket) => void): Promise<number> {
  const server = createServer(onSocket);
  servers.push(server);
  server.on("connection", (s) => sockets.push(s));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as { port: number }).port;
}

/** Byte `i` of a stream is `i % 251`, so lost, repeated or reordered bytes show. */
function pattern(from: number, length: number): Buffer {
  const b = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) b[i] = (from + i) % 251;
  return b;
}

function connectWith(port: number, reader: AdaptiveReader): Socket {
  const socket = connect({
    host: "127.0.0.1",
    port,
    onread: { buffer: reader.buffer, callback: reader.callback },
  });
  socket.pause();
  sockets.push(socket);
  return socket;
}

describe("nextReadSize", () => {
  it("doubles after a read that filled its buffer, up to the maximum", () => {
    expect(nextReadSize(MIN_READ_BUFFER, MIN_READ_BUFFER)).toBe(2 * MIN_READ_BUFFER);
    expect(nextReadSize(64 * 1024, 64 * 1024)).toBe(128 * 1024);
    expect(nextReadSize(MAX_READ_BUFFER, MAX_READ_BUFFER)).toBe(MAX_READ_BUFFER);
  });

  it("shrinks after a short read to that read rounded up to a power of two, not below the minimum", () => {
    expect(nextReadSize(MAX_READ_BUFFER, 100_000)).toBe(128 * 1024);
    expect(nextReadSize(MAX_READ_BUFFER, 3000)).toBe(4096);
    expect(nextReadSize(MAX_READ_BUFFER, 12)).toBe(MIN_READ_BUFFER);
    expect(nextReadSize(4096, 4095)).toBe(4096);
  });
});

describe("AdaptiveReader", () => {
  it("delivers every byte in order before end, as views of fresh buffers that later reads never overwrite", async () => {
    const total = 8 * 1024 * 1024 + 123;
    const port = await serve((s) => s.end(pattern(0, total)));
    const reader = new AdaptiveReader();
    const socket = connectWith(port, reader);
    const chunks: Buffer[] = [];
    const sizes: number[] = [];
    readSocket(socket, reader, (chunk) => {
      chunks.push(chunk);
      sizes.push(reader.nextSize);
    });
    await once(socket, "end");
    const all = Buffer.concat(chunks);
    // Checked only now: a buffer reused or shared by a later read would have been overwritten.
    expect(all.equals(pattern(0, total))).toBe(true);
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
    expect(Math.max(...sizes)).toBe(MAX_READ_BUFFER);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(MAX_READ_BUFFER);
    socket.destroy();
  });

  it("shrinks to the minimum once a stream is followed by a short message", async () => {
    let peer: Socket | null = null;
    const port = await serve((s) => {
      peer = s;
      s.write(pattern(0, 4 * 1024 * 1024));
    });
    const reader = new AdaptiveReader();
    const socket = connectWith(port, reader);
    let received = 0;
    let grown = false;
    readSocket(socket, reader, (chunk) => {
      received += chunk.length;
      if (reader.nextSize === MAX_READ_BUFFER) grown = true;
      if (received === 4 * 1024 * 1024) setTimeout(() => peer?.write("* OK still here\r\n"), 20);
    });
    await expect.poll(() => received, { timeout: 5000 }).toBe(4 * 1024 * 1024 + 17);
    expect(grown).toBe(true);
    expect(reader.nextSize).toBe(MIN_READ_BUFFER);
    socket.destroy();
  });

  it("queues bytes read before a sink is attached and delivers them first", async () => {
    const port = await serve((s) => s.end("* OK greeting\r\n"));
    const reader = new AdaptiveReader();
    // Not paused: reading starts at connect, before there is a sink.
    const socket = connect({
      host: "127.0.0.1",
      port,
      onread: { buffer: reader.buffer, callback: reader.callback },
    });
    sockets.push(socket);
    await once(socket, "end");
    const got: string[] = [];
    readSocket(socket, reader, (chunk) => got.push(chunk.toString()));
    expect(got.join("")).toBe("* OK greeting\r\n");
    socket.destroy();
  });

  it("stops reading while the sink keeps the socket paused and reads the rest after resume", async () => {
    const total = 32 * 1024 * 1024; // more than loopback's socket buffers hold
    let written = 0;
    const port = await serve((s) => {
      const chunk = pattern(0, 64 * 1024);
      const pump = () => {
        while (written < total) {
          written += chunk.length;
          if (!s.write(pattern(written - chunk.length, chunk.length))) return;
        }
        s.end();
      };
      s.on("drain", pump);
      pump();
    });
    const reader = new AdaptiveReader();
    const socket = connectWith(port, reader);
    const chunks: Buffer[] = [];
    let received = 0;
    readSocket(socket, reader, (chunk) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= 256 * 1024 && received - chunk.length < 256 * 1024) socket.pause();
    });
    await expect.poll(() => received, { timeout: 5000 }).toBeGreaterThanOrEqual(256 * 1024);
    await new Promise((r) => setTimeout(r, 200));
    const whilePaused = received;
    expect(whilePaused).toBeLessThan(256 * 1024 + MAX_READ_BUFFER);
    expect(written).toBeLessThan(total);
    socket.resume();
    await once(socket, "end");
    expect(received).toBe(total);
    expect(Buffer.concat(chunks).equals(pattern(0, total))).toBe(true);
    socket.destroy();
  });
});
