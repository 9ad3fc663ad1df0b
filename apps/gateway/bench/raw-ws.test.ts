import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { receiveExactly } from "./channel.js";
import { CHUNK, patternAt } from "./pattern.js";
import { checkUpgradeResponse, dialRawWebSocket, upgradeRequest } from "./raw-ws.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A `ws` server on port 0 that accepts `protocol` (if given) and hands each connection to `onSocket`. */
async function wsServer(
  onSocket: (ws: WebSocket, headers: Record<string, string | string[] | undefined>) => void,
  options: { protocol?: string; refuse?: number } = {},
): Promise<number> {
  const wss = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    perMessageDeflate: false,
    ...(options.protocol === undefined ? {} : { handleProtocols: () => options.protocol as string }),
    ...(options.refuse === undefined ? {} : { verifyClient: (_info, done) => done(false, options.refuse) }),
  });
  await new Promise((resolve) => wss.once("listening", resolve));
  wss.on("connection", (ws, req) => onSocket(ws, req.headers));
  closers.push(
    () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  );
  return (wss.address() as AddressInfo).port;
}

/** A TCP server that answers any request with `response`. */
async function rawServer(response: (request: string) => string): Promise<number> {
  const server: Server = createServer((socket) => {
    socket.on("data", (data) => {
      const key = /Sec-WebSocket-Key: (\S+)/.exec(data.toString())?.[1] ?? "";
      socket.write(response(key));
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

describe("raw WebSocket client", () => {
  it("offers the subprotocol and Origin, and carries bytes both ways", async () => {
    let seenHeaders: Record<string, string | string[] | undefined> = {};
    const received: Buffer[] = [];
    const port = await wsServer(
      (ws, headers) => {
        seenHeaders = headers;
        ws.on("message", (data: Buffer) => {
          received.push(data);
          if (data.toString() === "hello") ws.send(Buffer.from("world"));
        });
      },
      { protocol: "tagwire.v1" },
    );
    const channel = await dialRawWebSocket({
      url: `ws://127.0.0.1:${port}/ws/imap?server=default`,
      protocols: ["tagwire.v1"],
      origin: `http://127.0.0.1:${port}`,
    });
    expect(seenHeaders["sec-websocket-protocol"]).toBe("tagwire.v1");
    expect(seenHeaders.origin).toBe(`http://127.0.0.1:${port}`);
    channel.send(Buffer.from("hello"));
    expect((await receiveExactly(channel, 5)).toString()).toBe("world");
    // Pattern frames at assorted offsets and lengths arrive unmasked and intact.
    const spans: [number, number][] = [
      [0, CHUNK],
      [CHUNK, 1000],
      [CHUNK + 1000, 125],
      [CHUNK + 1125, 126],
      [CHUNK + 1251, CHUNK],
    ];
    for (const [offset, length] of spans) channel.sendPattern(offset, length);
    await channel.writable();
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(1 + spans.length);
    spans.forEach(([offset, length], i) => {
      expect(received[i + 1]?.equals(patternAt(offset, length)), `span ${i}`).toBe(true);
    });
    channel.close();
    expect((await channel.closed).code).toBe(1000);
  });

  it("reads fragmented messages, answers pings and echoes the server's close", async () => {
    let pongs: string[] = [];
    let clientClose: number | null = null;
    const port = await wsServer((ws) => {
      ws.on("pong", (data: Buffer) => pongs.push(data.toString()));
      ws.on("close", (code: number) => {
        clientClose = code;
      });
      ws.on("message", () => {
        ws.send(Buffer.from("frag"), { fin: false });
        ws.ping(Buffer.from("p1"));
        ws.send(Buffer.from("mented"), { fin: true });
        ws.close(4000, "bye");
      });
    });
    pongs = [];
    const channel = await dialRawWebSocket({ url: `ws://127.0.0.1:${port}/`, protocols: [] });
    const got = receiveExactly(channel, "fragmented".length);
    channel.send(Buffer.from("go"));
    expect((await got).toString()).toBe("fragmented");
    expect(await channel.closed).toEqual({ code: 4000, reason: "bye" });
    await expect.poll(() => clientClose, { timeout: 5000 }).toBe(4000);
    expect(pongs).toEqual(["p1"]);
  });

  it("fails the connection with 1003 on a text frame", async () => {
    let clientClose: number | null = null;
    const port = await wsServer((ws) => {
      ws.on("close", (code: number) => {
        clientClose = code;
      });
      ws.send("text");
    });
    const channel = await dialRawWebSocket({ url: `ws://127.0.0.1:${port}/`, protocols: [] });
    const closed = await channel.closed;
    expect(closed.code).toBe(1003);
    expect(closed.reason).toMatch(/text frame/);
    await expect.poll(() => clientClose, { timeout: 5000 }).toBe(1003);
  });

  it("rejects a refused upgrade with its HTTP status", async () => {
    const port = await wsServer(() => {}, { refuse: 403 });
    await expect(dialRawWebSocket({ url: `ws://127.0.0.1:${port}/`, protocols: [] })).rejects.toThrow(
      "upgrade refused: HTTP 403",
    );
  });

  it("rejects a 101 with a wrong Sec-WebSocket-Accept", async () => {
    const port = await rawServer(
      () =>
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n",
    );
    await expect(dialRawWebSocket({ url: `ws://127.0.0.1:${port}/`, protocols: [] })).rejects.toThrow(
      "wrong Sec-WebSocket-Accept",
    );
  });

  it("rejects an upgrade without the offered subprotocol", async () => {
    const port = await rawServer(
      (key) =>
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Accept: ${createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64")}\r\n\r\n`,
    );
    await expect(
      dialRawWebSocket({ url: `ws://127.0.0.1:${port}/`, protocols: ["tagwire.v1"] }),
    ).rejects.toThrow("subprotocol (none) chosen, tagwire.v1 offered");
  });
});

describe("upgrade handshake", () => {
  // RFC 6455 §1.3's example key and accept.
  const key = "dGhlIHNhbXBsZSBub25jZQ==";
  const accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
  const head = (extra = "") =>
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}${extra}`;

  it("writes a version-13 request with path, query, Host, protocols and Origin", () => {
    const request = upgradeRequest(
      { url: "ws://127.0.0.1:8080/ws/imap?server=a", protocols: ["tagwire.v1"], origin: "http://x" },
      key,
    );
    expect(request).toBe(
      "GET /ws/imap?server=a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: tagwire.v1\r\n` +
        "Origin: http://x\r\n\r\n",
    );
  });

  it("accepts the RFC's example answer and refuses what deviates from it", () => {
    expect(checkUpgradeResponse(head(), key, [])).toBeNull();
    expect(
      checkUpgradeResponse(head("\r\nSec-WebSocket-Protocol: tagwire.v1"), key, ["tagwire.v1"]),
    ).toBeNull();
    expect(checkUpgradeResponse(head("\r\nSec-WebSocket-Protocol: binary"), key, [])).toMatch(/none offered/);
    expect(checkUpgradeResponse(head("\r\nSec-WebSocket-Extensions: permessage-deflate"), key, [])).toMatch(
      /extension/,
    );
    expect(checkUpgradeResponse(head(), "AAAAAAAAAAAAAAAAAAAAAA==", [])).toMatch(/Accept/);
    expect(checkUpgradeResponse(head().replace("Upgrade: websocket", "Upgrade: h2c"), key, [])).toMatch(
      /Upgrade/,
    );
    expect(checkUpgradeResponse("HTTP/1.1 429 Too Many Requests", key, [])).toBe("upgrade refused: HTTP 429");
  });
});
