import { describe, expect, it } from "vitest";
import { ImapClient } from "../client/client.js";
import type { Timers } from "../client/timers.js";
import { createTagGenerator } from "../session/tags.js";
import { CONNECTION_ENDS, type ConnectionEndReason } from "./connection-end.js";
import type { RefusalProbe, RefusalProbeAnswer } from "./refusal-probe.js";
import { ImapTransportError } from "./transport-error.js";
import {
  connectWebSocket,
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
function manualTimers(): Timers & { fire(): void; pending(): number } {
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
    probe: null,
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

  it("refuses a server that did not agree on the subprotocol, without probing", async () => {
    const probed: string[] = [];
    const connecting = connectWebSocket("wss://x/ws/imap", {
      WebSocket: FakeWebSocket,
      timers: manualTimers(),
      probe: async (url) => {
        probed.push(url);
        return null;
      },
    });
    const socket = FakeWebSocket.last as FakeWebSocket;
    socket.serverOpen("");
    await expect(connecting).rejects.toMatchObject({
      code: "IMAP_ERR_TRANSPORT",
      reason: "subprotocolMismatch",
      closeCode: null,
      httpStatus: null,
    });
    expect(socket.closedWith).toBe(1000);
    socket.serverClose(1000);
    expect(probed).toEqual([]);
  });

  it("rejects as unreachable when the socket closes before opening and there is no probe", async () => {
    const connecting = connectWebSocket("wss://x/ws/imap", {
      WebSocket: FakeWebSocket,
      timers: manualTimers(),
      probe: null,
    });
    (FakeWebSocket.last as FakeWebSocket).serverClose(1006);
    const error = await connecting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImapTransportError);
    expect(error).toMatchObject({
      code: "IMAP_ERR_TRANSPORT",
      reason: "unreachable",
      closeCode: 1006,
      httpStatus: null,
      retryAfterS: null,
    });
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
    expect(closed).toMatchObject({ code: "IMAP_ERR_TRANSPORT", reason: "textFrame", closeCode: null });
    socket.serverClose(1003);
    expect(transport.connectionEnd?.reason).toBe("textFrame");
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
    expect(clean.transport.connectionEnd).toEqual({
      reason: "serverClosed",
      closeCode: 1000,
      httpStatus: null,
      retryAfterS: null,
    });
    expect(results[1]).toMatchObject({ code: "IMAP_ERR_TRANSPORT", reason: "unknown", closeCode: 1006 });
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

/** Every row of the table the gateway ends an open WebSocket with. */
const CLOSE_ROWS = Object.entries(CONNECTION_ENDS).filter(([, row]) => row.closeCode !== null) as Array<
  [ConnectionEndReason, (typeof CONNECTION_ENDS)[ConnectionEndReason] & { closeCode: number }]
>;

describe("WebSocket driver: why a connection ended", () => {
  it.each(CLOSE_ROWS)("maps close code of %s to its reason and error code", async (reason, row) => {
    const { socket, transport } = await open();
    let closed: Error | null | undefined;
    transport.onClose = (e) => {
      closed = e;
    };
    socket.serverClose(row.closeCode, "the gateway's text");
    expect(transport.connectionEnd).toEqual({
      reason,
      closeCode: row.closeCode,
      httpStatus: null,
      retryAfterS: null,
    });
    if (row.closeCode === 1000) {
      expect(closed).toBeNull();
      return;
    }
    expect(closed).toBeInstanceOf(ImapTransportError);
    expect(closed).toMatchObject({ code: row.code, reason, closeCode: row.closeCode, httpStatus: null });
    expect(closed?.message).toContain("the gateway's text");
  });

  it("reports 1001 as an error, the gateway going away, and 1005 as clean", async () => {
    const away = await open();
    const results: Array<Error | null> = [];
    away.transport.onClose = (e) => results.push(e);
    away.socket.serverClose(1001);
    const bare = await open();
    bare.transport.onClose = (e) => results.push(e);
    bare.socket.serverClose(1005);
    expect(results[0]).toMatchObject({ code: "IMAP_ERR_TRANSPORT", reason: "goingAway", closeCode: 1001 });
    expect(results[1]).toBeNull();
    expect(bare.transport.connectionEnd?.reason).toBe("serverClosed");
  });

  it("gives the client's connect the transport error of a close before the greeting (4502)", async () => {
    const { socket, transport } = await open();
    const client = new ImapClient(transport);
    const connected = client.connect();
    socket.serverClose(4502, "imap.example.org: ECONNREFUSED");
    const error = await connected.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImapTransportError);
    expect(error).toMatchObject({
      code: "IMAP_ERR_TRANSPORT",
      reason: "upstreamUnreachable",
      closeCode: 4502,
    });
  });

  /** Connects, closes the socket before it opens, and settles the connection. */
  async function refused(probe: RefusalProbe, timers = manualTimers()) {
    const connecting = connectWebSocket("wss://mail.example.org/ws/imap?server=work", {
      WebSocket: FakeWebSocket,
      timers,
      probe,
    });
    (FakeWebSocket.last as FakeWebSocket).serverClose(1006);
    return connecting.then(
      () => {
        throw new Error("connected");
      },
      (error: unknown) => error,
    );
  }

  const answer = (status: number, refusal: string | null = null, retryAfter: string | null = null) =>
    (async () => ({ status, refusal, retryAfter })) satisfies RefusalProbe;

  it("asks the probe at the https URL of a wss URL, with the same query", async () => {
    const asked: string[] = [];
    await refused(async (url) => {
      asked.push(url);
      return null;
    });
    expect(asked).toEqual(["https://mail.example.org/ws/imap?server=work"]);
  });

  it("reports a 426 answer (it would be admitted now) as unreachable, status unknown", async () => {
    expect(await refused(answer(426))).toMatchObject({
      code: "IMAP_ERR_TRANSPORT",
      reason: "unreachable",
      closeCode: 1006,
      httpStatus: null,
      retryAfterS: null,
    });
  });

  it("reports 429 ip_rate with Retry-After: 10 as ipRate, 429, 10 s", async () => {
    const error = await refused(answer(429, "ip_rate", "10"));
    expect(error).toBeInstanceOf(ImapTransportError);
    expect(error).toMatchObject({
      code: "IMAP_ERR_TRANSPORT",
      reason: "ipRate",
      closeCode: 1006,
      httpStatus: 429,
      retryAfterS: 10,
    });
  });

  it("reports 404 server as the unknown server id", async () => {
    expect(await refused(answer(404, "server"))).toMatchObject({
      reason: "server",
      httpStatus: 404,
      retryAfterS: null,
    });
  });

  it("keeps the status of an answer without a label it knows", async () => {
    expect(await refused(answer(502))).toMatchObject({ reason: "unreachable", httpStatus: 502 });
    expect(await refused(answer(400, "a_future_label"))).toMatchObject({
      reason: "unreachable",
      httpStatus: 400,
    });
  });

  it("leaves the reason unknown when the probe rejects or throws, and does not throw", async () => {
    const rejecting: RefusalProbe = () => Promise.reject(new Error("network down"));
    const throwing: RefusalProbe = () => {
      throw new Error("no fetch here");
    };
    for (const probe of [rejecting, throwing]) {
      expect(await refused(probe)).toMatchObject({ reason: "unreachable", httpStatus: null });
    }
  });

  it("gives up on a probe that does not answer within its timeout", async () => {
    const timers = manualTimers();
    let answerProbe: (value: RefusalProbeAnswer | null) => void = () => {};
    const pending = refused(() => new Promise((resolve) => (answerProbe = resolve)), timers);
    await Promise.resolve();
    expect(timers.pending()).toBe(1);
    timers.fire();
    expect(await pending).toMatchObject({ reason: "unreachable", httpStatus: null });
    answerProbe({ status: 404, refusal: "server", retryAfter: null });
  });
});
