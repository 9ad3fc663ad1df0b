/**
 * Login is queued at once and chosen when the capabilities are known: commands issued with it go
 * after it (and are judged in the state it leads to), and `login()` resolves only once the
 * post-login capabilities are known — against Dovecot, and against a scripted server whose LOGIN
 * completion announces none.
 */
import { type Dovecot, type DovecotUser, startDovecot } from "@tagwire/dovecot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTcp } from "../../node/tcp.js";
import { ImapClient } from "../../src/client/client.js";
import type { SessionEvent } from "../../src/session/events.js";
import {
  connectServer,
  decoder,
  recordSent,
  recordWrites,
  type ScriptedServer,
  scriptedServer,
} from "./helpers.js";

const ACCOUNT: DovecotUser = { username: "order", password: "order-pass-3052" };
const TIMEOUT = { timeout: 20_000 };

/** Where in the written bytes each command line starts, by command name (after the tag). */
function wireOrder(writes: readonly Uint8Array[]): string[] {
  const wire = writes.map((w) => decoder.decode(w)).join("");
  return wire
    .split("\r\n")
    .filter((line) => line.length > 0)
    .map((line) => line.split(" ")[1] ?? "");
}

describe("login ordering against Dovecot", () => {
  let dovecot: Dovecot;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [ACCOUNT], tlsKey: "ec", seed: false });
  }, 20_000);

  afterAll(() => dovecot?.stop());

  for (const mechanism of ["PLAIN", "LOGIN"] as const) {
    it(`resolves a login (${mechanism}) and a SELECT issued in the same tick`, TIMEOUT, async () => {
      const { client } = await connectServer(dovecot);
      const { sent } = recordSent(client);

      const [login, inbox] = await Promise.all([
        client.login(ACCOUNT.username, ACCOUNT.password, { mechanism }),
        client.select("INBOX"),
      ]);

      expect(login.name).toBe(mechanism === "PLAIN" ? "AUTHENTICATE" : "LOGIN");
      expect(login.status).toBe("OK");
      expect(inbox.name).toBe("INBOX");
      expect(client.state).toBe("selected");
      expect(sent.map((e) => e.name)).toEqual([login.name, "SELECT"]);
      await client.logout();
    });
  }

  it("writes AUTHENTICATE before a NOOP issued right after login()", TIMEOUT, async () => {
    const { client, transport } = await connectServer(dovecot);
    expect(client.capabilities?.has("AUTH=PLAIN")).toBe(true);
    const writes = recordWrites(transport);
    const events: SessionEvent[] = [];
    client.onAny((event) => events.push(event));

    const [login, noop] = await Promise.all([
      client.login(ACCOUNT.username, ACCOUNT.password, { mechanism: "PLAIN" }),
      client.noop(),
    ]);

    expect(login.name).toBe("AUTHENTICATE");
    expect(noop.status).toBe("OK");
    const sent = events.flatMap((e) => (e.type === "commandSent" ? [e.name] : []));
    expect(sent).toEqual(["AUTHENTICATE", "NOOP"]);
    expect(wireOrder(writes)).toEqual(["AUTHENTICATE", "NOOP"]);
    await client.logout();
  });

  it("holds the post-login capabilities once login() resolves", TIMEOUT, async () => {
    const { client } = await connectServer(dovecot);
    const before = client.capabilities;
    expect(before?.has("STARTTLS")).toBe(true);
    expect(before?.has("AUTH=PLAIN")).toBe(true);
    expect(before?.has("MOVE")).toBe(false);

    await client.login(ACCOUNT.username, ACCOUNT.password);

    const after = client.capabilities;
    expect(after).not.toBeNull();
    expect(after?.has("MOVE")).toBe(true);
    expect(after?.has("IDLE")).toBe(true);
    expect(after?.has("STARTTLS")).toBe(false);
    expect([...(after ?? [])].filter((c) => c.startsWith("AUTH="))).toEqual([]);
    await client.logout();
  });
});

/** A server that greets without capabilities and answers LOGIN with a bare OK. */
function quietServer() {
  let loggedIn = false;
  let releaseRefresh: (() => void) | null = null;
  let refreshAsked: () => void = () => {};
  const refreshRequested = new Promise<void>((resolve) => {
    refreshAsked = resolve;
  });
  const serverPromise = scriptedServer("* OK fake IMAP ready", ({ tag, command }, connection) => {
    switch (command) {
      case "CAPABILITY": {
        if (!loggedIn) {
          connection.send("* CAPABILITY IMAP4rev1");
          connection.send(`${tag} OK CAPABILITY completed`);
          return;
        }
        // Held until the test releases it, so what the client shows meanwhile can be checked.
        releaseRefresh = () => {
          connection.send("* CAPABILITY IMAP4rev1 IDLE MOVE UIDPLUS NAMESPACE");
          connection.send(`${tag} OK CAPABILITY completed`);
        };
        refreshAsked();
        return;
      }
      case "LOGIN":
        loggedIn = true;
        connection.send(`${tag} OK LOGIN completed`);
        return;
      case "NOOP":
        connection.send(`${tag} OK NOOP completed`);
        return;
      case "NAMESPACE":
        connection.send('* NAMESPACE (("" "/")) NIL NIL');
        connection.send(`${tag} OK NAMESPACE completed`);
        return;
      case "LOGOUT":
        connection.send("* BYE bye");
        connection.send(`${tag} OK LOGOUT completed`);
        connection.end();
        return;
      default:
        connection.send(`${tag} BAD unexpected`);
    }
  });
  return {
    serverPromise,
    refreshRequested,
    release: () => {
      expect(releaseRefresh).not.toBeNull();
      releaseRefresh?.();
    },
  };
}

/** Lets the socket and timers run a few turns. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("login against a server that announces no capabilities", () => {
  let server: ScriptedServer | null = null;

  afterAll(() => server?.close());

  it("re-reads the capabilities before login() resolves; they are null until then", TIMEOUT, async () => {
    const script = quietServer();
    server = await script.serverPromise;
    const client = new ImapClient(await connectTcp({ host: server.host, port: server.imapPort }));
    await client.connect();
    expect(client.capabilities).toBeNull();
    const events: SessionEvent[] = [];
    let capabilitiesAtLoginOk: ReadonlySet<string> | null | undefined;
    client.onAny((event) => {
      events.push(event);
      if (event.type === "commandCompleted" && event.name === "LOGIN") {
        capabilitiesAtLoginOk = client.capabilities;
      }
    });
    let resolved = false;

    const login = client.login("quiet", "quiet-pass").then((result) => {
      resolved = true;
      return result;
    });
    await script.refreshRequested;
    await settle();

    // LOGIN is done, the re-read is on the wire and unanswered.
    expect(capabilitiesAtLoginOk).toBeNull();
    expect(client.state).toBe("authenticated");
    expect(client.capabilities).toBeNull();
    expect(resolved).toBe(false);
    script.release();
    const result = await login;

    expect(result.name).toBe("LOGIN");
    expect(client.capabilities?.has("MOVE")).toBe(true);
    expect(client.capabilities?.has("IDLE")).toBe(true);
    const commands = events.flatMap((e) =>
      e.type === "commandSent" ? [`${e.name}${e.internal ? " (internal)" : ""}`] : [],
    );
    expect(commands).toEqual(["CAPABILITY (internal)", "LOGIN", "CAPABILITY (internal)"]);
    expect(server.connections[0]?.lines.map((line) => line.split(" ")[1])).toEqual([
      "CAPABILITY",
      "LOGIN",
      "CAPABILITY",
    ]);
    await client.logout();
  });

  it("judges a command issued with login() by the re-read capabilities", TIMEOUT, async () => {
    const script = quietServer();
    await server?.close();
    server = await script.serverPromise;
    const client = new ImapClient(await connectTcp({ host: server.host, port: server.imapPort }));
    await client.connect();
    const verbs = () => server?.connections[0]?.lines.map((line) => line.split(" ")[1]);

    // NAMESPACE is not in the pre-login list; it is in the one the re-read brings.
    const login = client.login("quiet", "quiet-pass");
    const namespace = client.namespace();
    await script.refreshRequested;
    await settle();
    expect(verbs()).toEqual(["CAPABILITY", "LOGIN", "CAPABILITY"]);
    expect(client.session.blockedReason()).toBe("capabilitiesStale");
    script.release();

    const [, namespaces] = await Promise.all([login, namespace]);
    expect(namespaces?.personal).toHaveLength(1);
    expect(verbs()).toEqual(["CAPABILITY", "LOGIN", "CAPABILITY", "NAMESPACE"]);
    await client.logout();
  });
});
