import { describe, expect, it } from "vitest";
import { ImapError } from "../errors.js";
import { createTagGenerator } from "../session/tags.js";
import { ImapClient } from "./client.js";
import { ImapCommandError } from "./command-error.js";
import { MemoryTransport } from "./memory-transport.js";
import type { ImapClientOptions } from "./options.js";

const GREETING =
  "* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR AUTH=PLAIN ID IDLE MOVE UIDPLUS ESEARCH] ready\r\n";
const AUTHED = "[CAPABILITY IMAP4rev1 LITERAL+ SASL-IR ID IDLE MOVE UIDPLUS ESEARCH]";

function setup(options: ImapClientOptions = {}, transport = new MemoryTransport()) {
  let clock = 1000;
  const client = new ImapClient(transport, {
    now: () => clock++,
    ...options,
    session: { tags: createTagGenerator({ prefix: "A" }), ...options.session },
  });
  return { client, transport };
}

/** Lets scheduled flushes (microtasks) and promise continuations run. */
async function tick(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

async function greeted(options: ImapClientOptions = {}, transport = new MemoryTransport()) {
  const ctx = setup(options, transport);
  ctx.transport.receive(GREETING);
  await ctx.client.connect();
  return ctx;
}

async function selected(options: ImapClientOptions = {}, transport = new MemoryTransport()) {
  const ctx = await greeted(options, transport);
  const login = ctx.client.login("alice", "secret");
  await tick();
  ctx.transport.receive(`A1 OK ${AUTHED} done\r\n`);
  await login;
  const select = ctx.client.select("INBOX");
  await tick();
  ctx.transport.receive("* 3 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\nA2 OK [READ-WRITE] done\r\n");
  await select;
  ctx.transport.writes.length = 0;
  return ctx;
}

describe("ImapClient connection", () => {
  it("resolves connect with the greeting and learns its capabilities", async () => {
    const { client, transport } = setup();
    const connected = client.connect();
    transport.receive(GREETING);
    const greeting = await connected;
    expect(greeting.condition).toBe("OK");
    expect(client.capabilities?.has("AUTH=PLAIN")).toBe(true);
    expect(client.state).toBe("notAuthenticated");
  });

  it("rejects connect with IMAP_ERR_BYE when the server refuses the connection", async () => {
    const { client, transport } = setup();
    transport.receive("* BYE too busy\r\n");
    await expect(client.connect()).rejects.toMatchObject({ code: "IMAP_ERR_BYE" });
  });

  it("rejects connect with IMAP_ERR_NOT_IMAP when the peer is not an IMAP server", async () => {
    const { client, transport } = setup();
    transport.receive("220 mail.example.org ESMTP ready\r\n");
    await expect(client.connect()).rejects.toMatchObject({ code: "IMAP_ERR_NOT_IMAP" });
    expect(transport.closedByClient).toBe(true);
  });

  it("rejects connect with IMAP_ERR_TRANSPORT when the connection drops before the greeting", async () => {
    const { client, transport } = setup();
    transport.serverClose(new Error("connection reset"));
    await expect(client.connect()).rejects.toMatchObject({ code: "IMAP_ERR_TRANSPORT" });
    await expect(client.whenClosed()).resolves.toMatchObject({ reason: "transportClosed" });
  });

  it("buffers bytes that arrive before the client is attached", async () => {
    const transport = new MemoryTransport();
    transport.receive(GREETING);
    const { client } = setup({}, transport);
    await expect(client.connect()).resolves.toMatchObject({ condition: "OK" });
  });
});

describe("ImapClient login", () => {
  it("uses AUTHENTICATE PLAIN with SASL-IR when AUTH=PLAIN is advertised", async () => {
    const { client, transport } = await greeted();
    const login = client.login("alice", "secret");
    await tick();
    expect(transport.written()).toBe(`A1 AUTHENTICATE PLAIN ${btoa("\0alice\0secret")}\r\n`);
    transport.receive(`A1 OK ${AUTHED} Logged in\r\n`);
    await expect(login).resolves.toMatchObject({ tag: "A1", name: "AUTHENTICATE", status: "OK" });
    expect(client.state).toBe("authenticated");
  });

  it("uses LOGIN when AUTH=PLAIN is not advertised", async () => {
    const { client, transport } = setup();
    transport.receive("* OK [CAPABILITY IMAP4rev1] ready\r\n");
    const login = client.login("alice", "secret");
    await tick();
    expect(transport.written()).toBe("A1 LOGIN alice secret\r\n");
    transport.receive(`A1 OK ${AUTHED} ok\r\n`);
    await login;
    expect(client.state).toBe("authenticated");
  });

  it("asks for CAPABILITY first when the greeting did not carry them", async () => {
    const { client, transport } = setup();
    transport.receive("* OK ready\r\n");
    const login = client.login("alice", "secret");
    await tick();
    // The login was queued first (A1); the session asks for capabilities ahead of it.
    expect(transport.written()).toBe("A2 CAPABILITY\r\n");
    transport.receive("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nA2 OK done\r\n");
    await tick();
    expect(transport.written()).toContain("A1 AUTHENTICATE PLAIN");
    transport.receive(`A1 OK ${AUTHED} ok\r\n`);
    await login;
  });

  it("reports refused credentials as IMAP_ERR_AUTH_FAILED", async () => {
    const { client, transport } = await greeted();
    const login = client.login("alice", "wrong");
    await tick();
    transport.receive("A1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
    const error = await login.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImapCommandError);
    expect(error).toMatchObject({
      code: "IMAP_ERR_AUTH_FAILED",
      status: "NO",
      tag: "A1",
      command: "AUTHENTICATE",
      text: "Authentication failed.",
      responseCode: { code: "other", name: "AUTHENTICATIONFAILED" },
    });
    expect(client.state).toBe("notAuthenticated");
  });

  it("refuses LOGIN locally when the server announces LOGINDISABLED", async () => {
    const { client, transport } = setup();
    transport.receive("* OK [CAPABILITY IMAP4rev1 LOGINDISABLED STARTTLS] ready\r\n");
    await expect(client.login("alice", "secret")).rejects.toMatchObject({ code: "IMAP_ERR_NOT_SUPPORTED" });
    expect(transport.writes).toHaveLength(0);
  });
});

describe("ImapClient commands", () => {
  it("writes every command issued in one synchronous run in one write", async () => {
    const { client, transport } = await selected();
    const results = [1, 2, 3].map((uid) => client.fetch(uid, ["UID", "FLAGS"]));
    const status = client.status("Sent", ["MESSAGES"]);
    await tick();
    expect(transport.writes).toHaveLength(1);
    expect(transport.written()).toBe(
      "A3 UID FETCH 1 (UID FLAGS)\r\nA4 UID FETCH 2 (UID FLAGS)\r\nA5 UID FETCH 3 (UID FLAGS)\r\nA6 STATUS Sent (MESSAGES)\r\n",
    );
    transport.receive("* STATUS Sent (MESSAGES 4)\r\nA6 OK done\r\n");
    await expect(status).resolves.toEqual({ messages: 4 });
    // Completions in reverse order still settle the right promises.
    transport.receive("* 3 FETCH (UID 3 FLAGS (\\Seen))\r\nA5 OK done\r\n");
    transport.receive("* 2 FETCH (UID 2 FLAGS ())\r\nA4 OK done\r\n");
    transport.receive("* 1 FETCH (UID 1 FLAGS (\\Flagged))\r\nA3 OK done\r\n");
    const fetched = await Promise.all(results);
    expect(fetched.map((f) => f.map((m) => [m.seq, m.items.uid, m.items.flags]))).toEqual([
      [[1, 1, ["\\Flagged"]]],
      [[2, 2, []]],
      [[3, 3, ["\\Seen"]]],
    ]);
  });

  it("rejects NO and BAD completions with typed errors and goes on", async () => {
    const { client, transport } = await selected();
    const no = client.command({ name: "DELETE", mailbox: "Nope" });
    const bad = client.command({ name: "NOOP" });
    const ok = client.noop();
    await tick();
    transport.receive("A3 NO [NONEXISTENT] No such mailbox\r\nA4 BAD Unknown\r\nA5 OK fine\r\n");
    await expect(no).rejects.toMatchObject({
      code: "IMAP_ERR_NO",
      status: "NO",
      command: "DELETE",
      responseCode: { code: "other", name: "NONEXISTENT" },
    });
    await expect(bad).rejects.toMatchObject({ code: "IMAP_ERR_BAD", status: "BAD" });
    await expect(ok).resolves.toMatchObject({ tag: "A5", status: "OK" });
  });

  it("rejects a command the session refuses without writing it", async () => {
    const { client, transport } = await greeted();
    const error = await client.fetch(1, ["FLAGS"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImapError);
    expect((error as ImapError).code).toBe("IMAP_ERR_BAD_STATE");
    await tick();
    expect(transport.writes).toHaveLength(0);
  });

  it("returns APPENDUID, COPYUID and the untagged COPYUID of MOVE", async () => {
    const { client, transport } = await selected();
    const append = client.append("Drafts", "Subject: x\r\n\r\nhi\r\n", { flags: ["\\Draft"] });
    const copy = client.copy("5", "Archive");
    await tick();
    expect(transport.written()).toContain("A3 APPEND Drafts (\\Draft) {18+}\r\nSubject: x\r\n\r\nhi\r\n");
    transport.receive("A3 OK [APPENDUID 9 41] ok\r\nA4 OK [COPYUID 9 5 77] ok\r\n");
    await expect(append).resolves.toEqual({ uidValidity: 9, uids: [[41, 41]] });
    await expect(copy).resolves.toEqual({ uidValidity: 9, source: [[5, 5]], destination: [[77, 77]] });
    const move = client.move("1:2", "Trash");
    await tick();
    transport.receive("* OK [COPYUID 9 1:2 80:81] Moved\r\n* 1 EXPUNGE\r\n* 1 EXPUNGE\r\nA5 OK done\r\n");
    await expect(move).resolves.toEqual({ uidValidity: 9, source: [[1, 2]], destination: [[80, 81]] });
  });

  it("fails pending commands with IMAP_ERR_TRANSPORT when the connection drops", async () => {
    const { client, transport } = await selected();
    const pending = client.noop();
    await tick();
    transport.serverClose(new Error("reset by peer"));
    await expect(pending).rejects.toMatchObject({ code: "IMAP_ERR_TRANSPORT" });
    expect(client.closed).toBe(true);
    await expect(client.whenClosed()).resolves.toMatchObject({ reason: "transportClosed" });
  });

  it("logs out and closes the transport", async () => {
    const { client, transport } = await selected();
    const done = client.logout();
    await tick();
    expect(transport.written()).toBe("A3 LOGOUT\r\n");
    transport.receive("* BYE bye\r\nA3 OK done\r\n");
    await done;
    expect(transport.closedByClient).toBe(true);
    expect(client.closed).toBe(true);
  });
});

describe("ImapClient flow control", () => {
  it("never leaves more than the high-water mark in the transport and continues on drain", async () => {
    const transport = new MemoryTransport({ manualDrain: true });
    const { client } = await selected({ highWaterMark: 64 }, transport);
    transport.drain();
    const body = "x".repeat(300);
    const append = client.append("INBOX", body);
    await tick();
    expect(transport.writes).toHaveLength(1);
    expect(transport.writes[0]?.length).toBe(64);
    for (let i = 0; i < 20 && transport.bufferedAmount > 0; i++) {
      transport.drain();
      expect(transport.bufferedAmount).toBeLessThanOrEqual(64);
    }
    expect(transport.written()).toBe(`A3 APPEND INBOX {300+}\r\n${body}\r\n`);
    expect(Math.max(...transport.writes.map((w) => w.length))).toBeLessThanOrEqual(64);
    transport.receive("A3 OK [APPENDUID 7 4] ok\r\n");
    await expect(append).resolves.toEqual({ uidValidity: 7, uids: [[4, 4]] });
  });

  it("holds a synchronizing literal until the server's continuation", async () => {
    const { client, transport } = setup();
    transport.receive("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n");
    await client.connect();
    const login = client.login("alice", "secret", { mechanism: "LOGIN" });
    await tick();
    transport.receive("A1 OK [CAPABILITY IMAP4rev1] ok\r\n");
    await login;
    const body = "y".repeat(10);
    const append = client.append("INBOX", body);
    await tick();
    expect(transport.written()).toBe("A1 LOGIN alice secret\r\nA2 APPEND INBOX {10}\r\n");
    transport.receive("+ go ahead\r\n");
    expect(transport.written()).toBe(`A1 LOGIN alice secret\r\nA2 APPEND INBOX {10}\r\n${body}\r\n`);
    transport.receive("A2 OK done\r\n");
    await expect(append).resolves.toBeNull();
  });
});

describe("ImapClient streaming, IDLE and events", () => {
  it("streams a large body to the command's sink and keeps it out of the result", async () => {
    const { client, transport } = await selected({ session: { decoder: { streamThreshold: 16 } } });
    const chunks: string[] = [];
    const sizes: number[] = [];
    let ended = 0;
    const fetch = client.fetch(3, [{ item: "BODY", section: "", peek: true }], {
      onBody: {
        start: (e) => sizes.push(e.size),
        chunk: (data) => chunks.push(new TextDecoder().decode(data)),
        end: () => {
          ended += 1;
        },
      },
    });
    await tick();
    const body = "0123456789abcdefghijklmnopqrstuvwxyz";
    transport.receive(`* 3 FETCH (UID 3 BODY[] {${body.length}}\r\n${body.slice(0, 20)}`);
    transport.receive(`${body.slice(20)})\r\nA3 OK done\r\n`);
    const [message] = await fetch;
    expect(sizes).toEqual([body.length]);
    expect(chunks.join("")).toBe(body);
    expect(chunks.length).toBeGreaterThan(1);
    expect(ended).toBe(1);
    expect(message?.items.sections?.[0]).toMatchObject({ data: null, streamedSize: body.length });
  });

  it("rejects a FETCH whose body sink threw, after its completion", async () => {
    const { client, transport } = await selected({ session: { decoder: { streamThreshold: 4 } } });
    const failure = new Error("disk full");
    const fetch = client.fetch(3, [{ item: "BODY", section: "" }], {
      onBody: {
        chunk: () => {
          throw failure;
        },
      },
    });
    await tick();
    transport.receive("* 3 FETCH (UID 3 BODY[] {8}\r\n12345678)\r\nA3 OK done\r\n");
    await expect(fetch).rejects.toBe(failure);
    const noop = client.noop();
    await tick();
    transport.receive("A4 OK still here\r\n");
    await expect(noop).resolves.toMatchObject({ status: "OK" });
  });

  it("idles until done and delivers what arrives meanwhile as events", async () => {
    const { client, transport } = await selected();
    const idle = client.idle();
    await tick();
    expect(transport.written()).toBe("A3 IDLE\r\n");
    transport.receive("+ idling\r\n");
    await idle.started;
    const exists = client.next("untaggedReceived", (e) => e.data.type === "exists");
    transport.receive("* 4 EXISTS\r\n");
    await expect(exists).resolves.toMatchObject({ data: { type: "exists", count: 4 } });
    expect(client.mailbox?.exists).toBe(4);
    const done = idle.done();
    expect(transport.written()).toBe("A3 IDLE\r\nDONE\r\n");
    transport.receive("A3 OK Idle completed\r\n");
    await expect(done).resolves.toMatchObject({ tag: "A3", status: "OK", data: [] });
  });

  it("delivers events to typed and catch-all listeners until unsubscribed", async () => {
    const { client, transport } = await selected();
    const typed: string[] = [];
    const all: string[] = [];
    const off = client.on("commandCompleted", (e) => typed.push(e.tag));
    client.onAny((e) => all.push(e.type));
    await Promise.all([client.noop(), tick().then(() => transport.receive("A3 OK\r\n"))]);
    off();
    await Promise.all([client.noop(), tick().then(() => transport.receive("A4 OK\r\n"))]);
    expect(typed).toEqual(["A3"]);
    expect(all.filter((t) => t === "commandCompleted")).toHaveLength(2);
    expect(all).toContain("commandSent");
  });

  it("rejects next() when the session closes first", async () => {
    const { client } = await selected();
    const waiting = client.next("untaggedReceived");
    client.disconnect();
    await expect(waiting).rejects.toMatchObject({ code: "IMAP_ERR_CLOSED" });
  });
});
