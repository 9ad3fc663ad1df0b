import { describe, expect, it } from "vitest";
import { ImapClient } from "../client/client.js";
import { createTagGenerator } from "../session/tags.js";
import {
  connectWebSocket,
  type DriverTimers,
  MAX_FRAME_BYTES,
  WEBSOCKET_SUBPROTOCOL,
  type WebSocketLike,
  WebSocketTransport,
} from "./websocket.js";

/** A WebSocket double: records frames, lets the test open, answer, drain and close it. */
class FakeWebSocket implements WebSocketLike {
  static last: FakeWebSocket | null = null;
  binaryType = "blob";
  bufferedAmount = 0;
  readyState = 0;
  protocol = "";
  readonly sent: Uint8Array[] = [];
  closedWith: number | null = null;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    FakeWebSocket.last = this;
  }

  send(data: Uint8Array<ArrayBuffer>): void {
    this.sent.push(data.slice());
    this.bufferedAmount += data.length;
  }

  close(code = 1005): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  serverOpen(protocol = WEBSOCKET_SUBPROTOCOL): void {
    this.readyState = 1;
    this.protocol = protocol;
    this.onopen?.({});
  }

  serverSend(data: unknown): void {
    this.onmessage?.({ data });
  }

  serverClose(code: number, reason = ""): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

/** Timers the test fires by hand. */
function manualTimers(): DriverTimers & { fire(): void; pending(): number } {
  let queue: Array<() => void> = [];
  return {
    setTimeout(callback) {
      queue.push(callback);
      return queue.length;
    },
    clearTimeout() {
      queue = [];
    },
    fire() {
      const due = queue;
      queue = [];
      for (const callback of due) callback();
    },
    pending: () => queue.length,
  };
}

function bytes(text: string): ArrayBuffer {
  return new TextEncoder().encode(text).buffer as ArrayBuffer;
}

async function open(timers = manualTimers()) {
  const connecting = connectWebSocket("wss://mail.example.org/ws/imap?server=default", {
    WebSocket: FakeWebSocket,
    timers,
  });
  const socket = FakeWebSocket.last as FakeWebSocket;
  socket.serverOpen();
  const transport = await connecting;
  return { socket, transport, timers };
}

describe("WebSocket driver", () => {
  it("opens with the tagwire.v1 subprotocol and binary frames as ArrayBuffer", async () => {
    const { socket } = await open();
    expect(socket.protocols).toBe(WEBSOCKET_SUBPROTOCOL);
    expect(socket.binaryType).toBe("arraybuffer");
  });

  it("refuses a server that did not agree on the subprotocol", async () => {
    const connecting = connectWebSocket("wss://x/ws/imap", {
      WebSocket: FakeWebSocket,
      timers: manualTimers(),
    });
    const socket = FakeWebSocket.last as FakeWebSocket;
    socket.serverOpen("");
    await expect(connecting).rejects.toMatchObject({ code: "IMAP_ERR_TRANSPORT" });
    expect(socket.closedWith).toBe(1000);
  });

  it("rejects when the socket closes before opening (a refused upgrade)", async () => {
    const connecting = connectWebSocket("wss://x/ws/imap", {
      WebSocket: FakeWebSocket,
      timers: manualTimers(),
    });
    (FakeWebSocket.last as FakeWebSocket).serverClose(1006);
    await expect(connecting).rejects.toMatchObject({ code: "IMAP_ERR_TRANSPORT" });
  });

  it("reports IMAP_ERR_NOT_SUPPORTED when there is no WebSocket class", async () => {
    const globals = globalThis as { WebSocket?: unknown };
    const saved = globals.WebSocket;
    delete globals.WebSocket;
    try {
      await expect(connectWebSocket("wss://x/ws/imap")).rejects.toMatchObject({
        code: "IMAP_ERR_NOT_SUPPORTED",
      });
    } finally {
      if (saved !== undefined) globals.WebSocket = saved;
    }
  });

  it("cuts writes into frames of at most 64 KiB", async () => {
    const { socket, transport } = await open();
    const data = new Uint8Array(MAX_FRAME_BYTES * 2 + 10).map((_, i) => i % 251);
    transport.write(data);
    expect(socket.sent.map((f) => f.length)).toEqual([MAX_FRAME_BYTES, MAX_FRAME_BYTES, 10]);
    const joined = new Uint8Array(data.length);
    let offset = 0;
    for (const frame of socket.sent) {
      joined.set(frame, offset);
      offset += frame.length;
    }
    expect(joined).toEqual(data);
  });

  it("polls bufferedAmount and fires onDrain once it has fallen", async () => {
    const { socket, transport, timers } = await open();
    let drains = 0;
    transport.onDrain = () => {
      drains += 1;
    };
    transport.write(new Uint8Array(100));
    expect(transport.bufferedAmount).toBe(100);
    timers.fire();
    expect(drains).toBe(0);
    expect(timers.pending()).toBe(1);
    socket.bufferedAmount = 0;
    timers.fire();
    expect(drains).toBe(1);
    expect(timers.pending()).toBe(0);
  });

  it("delivers binary frames and refuses text frames with close code 1003", async () => {
    const { socket, transport } = await open();
    const received: string[] = [];
    let closed: Error | null | undefined;
    transport.onData = (b) => received.push(new TextDecoder().decode(b));
    transport.onClose = (e) => {
      closed = e;
    };
    socket.serverSend(bytes("* OK hi\r\n"));
    socket.serverSend(new Uint8Array(bytes("* 1 EXISTS\r\n")));
    socket.serverSend("* OK text");
    expect(received).toEqual(["* OK hi\r\n", "* 1 EXISTS\r\n"]);
    expect(socket.closedWith).toBe(1003);
    expect(closed).toMatchObject({ code: "IMAP_ERR_TRANSPORT" });
  });

  it("reports a clean close as null and an abnormal one as IMAP_ERR_TRANSPORT", async () => {
    const clean = await open();
    const results: Array<Error | null> = [];
    clean.transport.onClose = (e) => results.push(e);
    clean.socket.serverClose(1000);
    const dirty = await open();
    dirty.transport.onClose = (e) => results.push(e);
    dirty.socket.serverClose(1006);
    expect(results[0]).toBeNull();
    expect(results[1]).toMatchObject({ code: "IMAP_ERR_TRANSPORT" });
  });

  it("carries a whole client session", async () => {
    const { socket, transport } = await open();
    const client = new ImapClient(transport, { session: { tags: createTagGenerator({ prefix: "W" }) } });
    socket.serverSend(bytes("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] ready\r\n"));
    await client.connect();
    const login = client.login("alice", "secret");
    await new Promise((r) => setTimeout(r, 0));
    expect(new TextDecoder().decode(socket.sent[0])).toMatch(/^W1 AUTHENTICATE PLAIN /);
    socket.serverSend(bytes("W1 OK [CAPABILITY IMAP4rev1] ok\r\n"));
    await login;
    const logout = client.logout();
    await new Promise((r) => setTimeout(r, 0));
    socket.serverSend(bytes("* BYE\r\nW2 OK bye\r\n"));
    socket.serverClose(1000);
    await logout;
    expect(client.state).toBe("logout");
  });

  it("accepts any object with the WebSocket shape", () => {
    const socket = new FakeWebSocket("wss://x");
    socket.readyState = 1;
    const transport = new WebSocketTransport(socket, { maxFrameBytes: 4, timers: manualTimers() });
    transport.write(new Uint8Array(10));
    expect(socket.sent.map((f) => f.length)).toEqual([4, 4, 2]);
  });
});
