import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { connectTcp } from "./tcp.js";

let server: Server | null = null;
const sockets = new Set<Socket>();

async function listen(onSocket: (socket: Socket) => void): Promise<number> {
  server = createServer((socket) => {
    sockets.add(socket);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await new Promise<void>((resolve) => (server === null ? resolve() : server.close(() => resolve())));
  server = null;
});

describe("connectTcp", () => {
  it("moves bytes both ways and reports the server's close as clean", async () => {
    const port = await listen((socket) => {
      socket.write("* OK hello\r\n");
      socket.on("data", (data) => {
        socket.end(`echo ${data.toString()}`);
      });
    });
    const transport = await connectTcp({ host: "127.0.0.1", port });
    const received: string[] = [];
    const closed = new Promise<Error | null>((resolve) => {
      transport.onClose = resolve;
    });
    transport.onData = (bytes) => {
      received.push(Buffer.from(bytes).toString());
      if (received.length === 1) transport.write(new TextEncoder().encode("A1 NOOP\r\n"));
    };
    await expect(closed).resolves.toBeNull();
    expect(received.join("")).toBe("* OK hello\r\necho A1 NOOP\r\n");
  });

  it("rejects a refused connection with IMAP_ERR_TRANSPORT", async () => {
    const port = await listen(() => {});
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = null;
    await expect(connectTcp({ host: "127.0.0.1", port })).rejects.toMatchObject({
      code: "IMAP_ERR_TRANSPORT",
    });
  });

  it("gives up on a TLS handshake that never completes with IMAP_ERR_TIMEOUT", async () => {
    const port = await listen(() => {});
    const attempt = connectTcp({ host: "127.0.0.1", port, tls: {}, connectTimeoutMs: 200 });
    await expect(attempt).rejects.toMatchObject({ code: "IMAP_ERR_TIMEOUT" });
  });

  it("reports buffered bytes and fires onDrain once the peer has read them", async () => {
    let peer: Socket | null = null;
    const port = await listen((socket) => {
      peer = socket;
      socket.pause();
    });
    const transport = await connectTcp({ host: "127.0.0.1", port });
    const drained = new Promise<void>((resolve) => {
      transport.onDrain = resolve;
    });
    const chunk = new Uint8Array(1024 * 1024);
    for (let i = 0; i < 16 && transport.bufferedAmount === 0; i++) transport.write(chunk);
    expect(transport.bufferedAmount).toBeGreaterThan(0);
    (peer as Socket | null)?.resume();
    await drained;
    expect(transport.bufferedAmount).toBe(0);
    transport.close();
  });

  it("refuses implicit TLS and STARTTLS together", async () => {
    await expect(connectTcp({ host: "127.0.0.1", port: 1, tls: {}, starttls: {} })).rejects.toMatchObject({
      code: "IMAP_ERR_INVALID_ARGUMENT",
    });
  });

  it("cannot start TLS on a connection not opened for STARTTLS", async () => {
    const port = await listen(() => {});
    const transport = await connectTcp({ host: "127.0.0.1", port });
    await expect(transport.startTls()).rejects.toMatchObject({ code: "IMAP_ERR_NOT_SUPPORTED" });
    transport.close();
  });

  it("fails STARTTLS's handshake with IMAP_ERR_TLS when the peer does not speak TLS", async () => {
    const port = await listen((socket) => {
      socket.on("data", () => socket.end("* BYE not TLS\r\n"));
    });
    const transport = await connectTcp({ host: "127.0.0.1", port, starttls: {} });
    await expect(transport.startTls()).rejects.toMatchObject({ code: "IMAP_ERR_TLS" });
  });
});
