import { describe, expect, it } from "vitest";
import { bytes } from "../../test/feed.js";
import { authenticatedPair, SAMPLE_COMMANDS, SessionPair, selectedPair } from "../../test/session-pair.js";
import type { ImapError } from "../errors.js";
import type { Command } from "../types/command.js";
import { secret } from "../types/secret.js";
import { COMMAND_TRAITS } from "./command-traits.js";
import type { ConnectionState } from "./connection-state.js";
import type { SessionEvent } from "./events.js";
import { Session } from "./session.js";

function failure(pair: SessionPair, tag: string): { code: string; sent: boolean } | undefined {
  const outcome = pair.outcome(tag);
  if (outcome?.type !== "commandFailed") return undefined;
  return { code: (outcome.error as ImapError).code, sent: outcome.sent };
}

function completion(pair: SessionPair, tag: string) {
  const outcome = pair.outcome(tag);
  if (outcome?.type !== "commandCompleted") throw new Error(`${tag} did not complete`);
  return outcome;
}

/** JSON of events with bytes as Latin-1 text, so nothing can hide inside a Uint8Array. */
function serialize(events: readonly SessionEvent[]): string {
  return JSON.stringify(events, (_key, value: unknown) => {
    if (value instanceof Uint8Array) return String.fromCharCode(...value);
    if (typeof value === "bigint") return value.toString();
    if (value instanceof Error) return { ...value, message: value.message };
    return value;
  });
}

describe("greeting", () => {
  it("starts not authenticated after OK and takes capabilities from its code", () => {
    const pair = new SessionPair({ greeting: "* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] hi" });
    expect(pair.session.state).toBe("notAuthenticated");
    expect([...(pair.session.capabilities ?? [])]).toEqual(["IMAP4REV1", "LITERAL+", "AUTH=PLAIN"]);
    expect(pair.eventsOf("greetingReceived")).toMatchObject([{ condition: "OK", text: "hi", at: pair.now }]);
    expect(pair.eventsOf("stateChanged")).toMatchObject([
      { from: "awaitingGreeting", to: "notAuthenticated" },
    ]);
  });

  it("starts authenticated after PREAUTH", () => {
    expect(new SessionPair({ greeting: "* PREAUTH welcome" }).session.state).toBe("authenticated");
  });

  it("holds commands until the greeting arrives", () => {
    const pair = new SessionPair({ greeting: null });
    const capability = pair.send({ name: "CAPABILITY" });
    expect(pair.clientToServer()).toEqual([]);
    expect(pair.session.blockedReason()).toBe("awaitingGreeting");
    pair.server.send("* OK ready");
    pair.serverToClient();
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([capability]);
  });

  it("fails queued commands with IMAP_ERR_BYE after a BYE greeting", () => {
    const pair = new SessionPair({ greeting: null });
    const capability = pair.send({ name: "CAPABILITY" });
    pair.server.send("* BYE too many connections");
    pair.serverToClient();
    expect(pair.session.state).toBe("logout");
    expect(failure(pair, capability)).toEqual({ code: "IMAP_ERR_BYE", sent: false });
    pair.session.transportClosed(pair.now);
    pair.drain();
    expect(pair.eventsOf("sessionClosed")).toMatchObject([{ reason: "bye" }]);
  });

  it("closes with IMAP_ERR_NOT_IMAP when the peer does not speak IMAP", () => {
    const pair = new SessionPair({ greeting: null });
    const capability = pair.send({ name: "CAPABILITY" });
    pair.server.sendRaw("HTTP/1.1 400 Bad Request\r\n\r\n");
    pair.serverToClient();
    expect(pair.session.closed).toBe(true);
    expect(failure(pair, capability)?.code).toBe("IMAP_ERR_NOT_IMAP");
    expect(pair.eventsOf("sessionClosed")).toMatchObject([{ reason: "notImap" }]);
  });
});

describe("connection states (RFC 3501 §3)", () => {
  const pairIn: Record<Exclude<ConnectionState, "awaitingGreeting" | "logout">, () => SessionPair> = {
    notAuthenticated: () => new SessionPair({ greeting: "* OK hi" }),
    authenticated: () => authenticatedPair(),
    selected: () => selectedPair(),
  };

  for (const [state, make] of Object.entries(pairIn)) {
    for (const [name, command] of Object.entries(SAMPLE_COMMANDS)) {
      const valid = COMMAND_TRAITS[command.name].states.includes(state as ConnectionState);
      it(`${valid ? "accepts" : "refuses"} ${name} in the ${state} state`, () => {
        const pair = make();
        const send = () => pair.session.send(command, pair.now);
        if (valid) expect(send).not.toThrow();
        else expect(send).toThrow(expect.objectContaining({ code: "IMAP_ERR_BAD_STATE" }));
      });
    }
  }

  it("accepts commands for the state that queued commands lead to", () => {
    const pair = new SessionPair({ greeting: "* OK hi" });
    pair.send(SAMPLE_COMMANDS.LOGIN);
    pair.send({ name: "SELECT", mailbox: "INBOX" });
    expect(() => pair.send({ name: "FETCH", uid: true, set: "1", attributes: ["UID"] })).not.toThrow();
    expect(() => pair.send({ name: "CLOSE" })).not.toThrow();
    expect(() => pair.send({ name: "FETCH", uid: true, set: "1", attributes: ["UID"] })).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_BAD_STATE" }),
    );
  });

  it("refuses ENABLE once a mailbox was selected (RFC 5161)", () => {
    const pair = selectedPair();
    const close = pair.send({ name: "CLOSE" });
    pair.clientToServer();
    pair.complete(close);
    expect(pair.session.state).toBe("authenticated");
    expect(() => pair.session.send(SAMPLE_COMMANDS.ENABLE, pair.now)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_BAD_STATE" }),
    );
  });

  it("refuses everything after LOGOUT and closes when it completes", () => {
    const pair = authenticatedPair();
    const logout = pair.send({ name: "LOGOUT" });
    expect(() => pair.session.send({ name: "NOOP" }, pair.now)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_BAD_STATE" }),
    );
    pair.clientToServer();
    pair.server.send("* BYE logging out", `${logout} OK bye`);
    pair.serverToClient();
    expect(completion(pair, logout).status).toBe("OK");
    expect(pair.eventsOf("sessionClosed")).toMatchObject([{ reason: "logout", error: null }]);
    expect(() => pair.session.send({ name: "NOOP" }, pair.now)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_CLOSED" }),
    );
  });

  it("completes LOGOUT when the server closes right after BYE (quirk logoutWithoutTaggedOk)", () => {
    const pair = authenticatedPair();
    const logout = pair.send({ name: "LOGOUT" });
    pair.clientToServer();
    pair.server.send("* BYE logging out");
    pair.serverToClient();
    pair.session.transportClosed(pair.now);
    pair.drain();
    expect(completion(pair, logout)).toMatchObject({ status: "OK", inferred: true });
    expect(pair.eventsOf("sessionClosed")).toMatchObject([{ reason: "logout" }]);
  });

  it("fails LOGOUT on that close when the quirk is off", () => {
    const pair = authenticatedPair({ quirks: { logoutWithoutTaggedOk: false } });
    const logout = pair.send({ name: "LOGOUT" });
    pair.clientToServer();
    pair.server.send("* BYE logging out");
    pair.serverToClient();
    pair.session.transportClosed(pair.now);
    pair.drain();
    expect(failure(pair, logout)).toEqual({ code: "IMAP_ERR_BYE", sent: true });
  });
});

describe("capabilities", () => {
  it("re-reads capabilities after a login whose OK carried none, before anything else", () => {
    const pair = new SessionPair({ greeting: "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi" });
    const login = pair.send(SAMPLE_COMMANDS.LOGIN);
    const list = pair.send(SAMPLE_COMMANDS.LIST);
    pair.clientToServer();
    pair.complete(login);
    expect(pair.session.capabilitiesStale).toBe(true);
    const refresh = pair.clientToServer();
    expect(refresh.map((c) => c.name)).toEqual(["CAPABILITY"]);
    expect(pair.session.blockedReason()).toBe("capabilitiesStale");
    const refreshTag = refresh[0]?.tag as string;
    pair.server.send("* CAPABILITY IMAP4rev1 LITERAL+ ENABLE", `${refreshTag} OK done`);
    pair.serverToClient();
    expect(pair.session.capabilitiesStale).toBe(false);
    expect(pair.session.encoderOptions.literalPlus).toBe(true);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([list]);
    expect(pair.eventsOf("commandSent").find((e) => e.tag === refreshTag)?.internal).toBe(true);
  });

  it("does not re-read capabilities announced on the login completion", () => {
    const pair = new SessionPair({ greeting: "* OK [CAPABILITY IMAP4rev1] hi" });
    const login = pair.send(SAMPLE_COMMANDS.LOGIN);
    pair.clientToServer();
    pair.server.send(`${login} OK [CAPABILITY IMAP4rev1 IDLE] welcome`);
    pair.serverToClient();
    expect(pair.session.capabilitiesStale).toBe(false);
    expect(pair.session.capabilities?.has("IDLE")).toBe(true);
    expect(pair.clientToServer()).toEqual([]);
  });

  it("does not re-read capabilities volunteered untagged during login", () => {
    const pair = new SessionPair({ greeting: "* OK [CAPABILITY IMAP4rev1] hi" });
    const login = pair.send(SAMPLE_COMMANDS.LOGIN);
    pair.clientToServer();
    pair.server.send("* CAPABILITY IMAP4rev1 MOVE", `${login} OK welcome`);
    pair.serverToClient();
    expect(pair.session.capabilitiesStale).toBe(false);
    expect(pair.clientToServer()).toEqual([]);
  });

  it("leaves the re-read to the caller with autoCapability off", () => {
    const pair = new SessionPair({ greeting: "* OK [CAPABILITY IMAP4rev1] hi", autoCapability: false });
    const login = pair.send(SAMPLE_COMMANDS.LOGIN);
    pair.clientToServer();
    pair.complete(login);
    expect(pair.session.capabilitiesStale).toBe(true);
    expect(pair.clientToServer()).toEqual([]);
  });

  it("discards capabilities after STARTTLS and sends nothing until the handshake is done", () => {
    const pair = new SessionPair({ greeting: "* OK [CAPABILITY IMAP4rev1 STARTTLS] hi" });
    const starttls = pair.send({ name: "STARTTLS" });
    pair.clientToServer();
    pair.complete(starttls);
    expect(pair.session.capabilities).toBeNull();
    expect(pair.eventsOf("capabilitiesChanged").at(-1)?.source).toBe("discarded");
    expect(() => pair.session.tlsEstablished(pair.now)).not.toThrow();
    expect(() => pair.session.tlsEstablished(pair.now)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_BAD_STATE" }),
    );
  });
});

describe("ENABLE (rule 14)", () => {
  it("switches strings to UTF-8 once UTF8=ACCEPT is enabled, and holds commands until then", () => {
    const pair = authenticatedPair();
    const enable = pair.send({ name: "ENABLE", capabilities: ["UTF8=ACCEPT"] });
    const list = pair.send(SAMPLE_COMMANDS.LIST);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([enable]);
    expect(pair.session.blockedReason()).toBe("stableSyntax");
    pair.server.send("* ENABLED UTF8=ACCEPT", `${enable} OK enabled`);
    pair.serverToClient();
    expect(pair.session.enabled.has("UTF8=ACCEPT")).toBe(true);
    expect(pair.session.encoderOptions.utf8).toBe(true);
    expect(pair.eventsOf("extensionsEnabled")).toMatchObject([{ capabilities: ["UTF8=ACCEPT"] }]);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([list]);
    pair.server.sendRaw(new Uint8Array([...bytes('* LIST () "/" "Entw'), 0xc3, 0xbc, ...bytes('rfe"\r\n')]));
    pair.complete(list);
    const data = completion(pair, list).data[0];
    expect(data?.type === "list" && data.mailbox.name).toBe("Entwürfe");
  });
});

describe("untagged data routing", () => {
  it("routes LIST and STATUS data to the command that asked, and unsolicited data to none", () => {
    const pair = selectedPair();
    const list = pair.send(SAMPLE_COMMANDS.LIST);
    const status = pair.send({ name: "STATUS", mailbox: "Sent", items: ["MESSAGES"] });
    pair.clientToServer();
    pair.server.send(
      '* LIST (\\HasNoChildren) "/" Sent',
      "* STATUS Sent (MESSAGES 3)",
      "* STATUS Other (MESSAGES 9)",
      "* 12 EXISTS",
      `${list} OK`,
      `${status} OK`,
    );
    pair.serverToClient();
    expect(
      pair
        .eventsOf("untaggedReceived")
        .slice(-4)
        .map((e) => e.tags),
    ).toEqual([[list], [status], [], []]);
    expect(completion(pair, list).data.map((d) => d.type)).toEqual(["list"]);
    expect(completion(pair, status).data.map((d) => d.type)).toEqual(["mailboxStatus"]);
    expect(pair.session.mailbox?.exists).toBe(12);
  });

  it("routes FETCH data by UID to the UID FETCH that covers it, and the rest to a polling NOOP", () => {
    const pair = selectedPair();
    const low = pair.send({ name: "FETCH", uid: true, set: "1:10", attributes: ["FLAGS"] });
    const high = pair.send({ name: "FETCH", uid: true, set: "11:20", attributes: ["FLAGS"] });
    const noop = pair.send({ name: "NOOP" });
    pair.clientToServer();
    pair.server.send(
      "* 2 FETCH (UID 15 FLAGS ())",
      "* 1 FETCH (UID 4 FLAGS (\\Seen))",
      "* 7 FETCH (UID 99 FLAGS (\\Flagged))",
      `${low} OK`,
      `${high} OK`,
      `${noop} OK`,
    );
    pair.serverToClient();
    const uids = (tag: string) =>
      completion(pair, tag).data.map((d) => (d.type === "fetch" ? d.items.uid : null));
    expect(uids(low)).toEqual([4]);
    expect(uids(high)).toEqual([15]);
    expect(uids(noop)).toEqual([99]);
  });

  it("routes STATUS data to a LIST with RETURN (STATUS)", () => {
    const pair = authenticatedPair();
    const list = pair.send({ name: "LIST", reference: "", patterns: ["*"], returnStatus: ["MESSAGES"] });
    pair.clientToServer();
    pair.server.send('* LIST () "/" Sent', "* STATUS Sent (MESSAGES 2)", `${list} OK`);
    pair.serverToClient();
    expect(completion(pair, list).data.map((d) => d.type)).toEqual(["list", "mailboxStatus"]);
  });

  it("does not keep untagged data for IDLE", () => {
    const pair = selectedPair();
    const idle = pair.send({ name: "IDLE" });
    pair.clientToServer();
    pair.server.startIdle(idle);
    pair.server.send("* 11 EXISTS");
    pair.serverToClient();
    pair.session.done(pair.now);
    pair.clientToServer();
    pair.complete(idle);
    expect(completion(pair, idle).data).toEqual([]);
    expect(pair.eventsOf("untaggedReceived").at(-1)?.tags).toEqual([idle]);
  });
});

describe("mailbox state", () => {
  it("reports the SELECT's mailbox on its completion and as changes", () => {
    const pair = selectedPair();
    const select = pair.eventsOf("commandCompleted")[0];
    expect(select?.mailbox).toMatchObject({
      name: "INBOX",
      status: "selected",
      exists: 10,
      uidValidity: 3857529045,
      uidNext: 4392,
    });
    const kinds = pair.eventsOf("mailboxChanged").flatMap((e) => e.changes.map((c) => c.kind));
    expect(kinds).toEqual(["opened", "exists", "flags", "uidValidity", "uidNext", "selected"]);
  });

  it("applies EXPUNGE and VANISHED to the message count", () => {
    const pair = selectedPair();
    const noop = pair.send({ name: "NOOP" });
    pair.clientToServer();
    pair.server.send("* 3 EXPUNGE", "* VANISHED 20:21", "* VANISHED (EARLIER) 1:5", `${noop} OK`);
    pair.serverToClient();
    expect(pair.session.mailbox?.exists).toBe(7);
  });

  it("keeps the old mailbox's data apart until [CLOSED] with QRESYNC", () => {
    const pair = authenticatedPair();
    const enable = pair.send({ name: "ENABLE", capabilities: ["QRESYNC"] });
    pair.clientToServer();
    pair.server.send("* ENABLED QRESYNC", `${enable} OK`);
    pair.serverToClient();
    pair.select("INBOX", 10);
    const select = pair.send({ name: "SELECT", mailbox: "Archive" });
    pair.clientToServer();
    pair.server.send("* 11 EXISTS", "* OK [CLOSED] INBOX closed", "* 4 EXISTS");
    pair.serverToClient();
    expect(pair.session.mailbox).toMatchObject({ name: "Archive", exists: 4, status: "opening" });
    const inboxUpdate = pair
      .eventsOf("mailboxChanged")
      .find((e) => e.changes.some((c) => c.kind === "exists" && c.count === 11));
    expect(inboxUpdate?.mailbox?.name).toBe("INBOX");
    pair.complete(select);
    expect(pair.session.mailbox).toMatchObject({ name: "Archive", exists: 4, status: "selected" });
  });

  it("replays what arrived on the new mailbox when the server never sends [CLOSED]", () => {
    const pair = authenticatedPair();
    const enable = pair.send({ name: "ENABLE", capabilities: ["QRESYNC"] });
    pair.clientToServer();
    pair.server.send("* ENABLED QRESYNC", `${enable} OK`);
    pair.serverToClient();
    pair.select("INBOX", 10);
    const select = pair.send({ name: "SELECT", mailbox: "Archive" });
    pair.clientToServer();
    pair.server.send("* 4 EXISTS", "* OK [UIDVALIDITY 77] ok", `${select} OK [READ-ONLY] done`);
    pair.serverToClient();
    expect(pair.session.mailbox).toMatchObject({
      name: "Archive",
      exists: 4,
      uidValidity: 77,
      readOnly: true,
    });
  });

  it("leaves the selected state on an unsolicited [CLOSED]", () => {
    const pair = selectedPair();
    pair.server.send("* OK [CLOSED] mailbox deleted");
    pair.serverToClient();
    expect(pair.session.state).toBe("authenticated");
    expect(pair.session.mailbox).toBeNull();
  });

  it("clears the mailbox on CLOSE", () => {
    const pair = selectedPair();
    const close = pair.send({ name: "CLOSE" });
    pair.clientToServer();
    pair.complete(close);
    expect(pair.session.state).toBe("authenticated");
    expect(pair.session.mailbox).toBeNull();
    expect(pair.eventsOf("mailboxChanged").at(-1)).toMatchObject({
      mailbox: null,
      changes: [{ kind: "closed" }],
    });
  });
});

describe("streamed bodies", () => {
  const body = "0123456789".repeat(10);

  it("routes body events to the FETCH they belong to", () => {
    const pair = selectedPair({ decoder: { streamThreshold: 16 } });
    const fetch = pair.send({
      name: "FETCH",
      uid: true,
      set: "7",
      attributes: [{ item: "BODY", section: "", peek: true }],
    });
    pair.clientToServer();
    pair.server.send(`* 1 FETCH (UID 7 BODY[] {${body.length}}`);
    pair.server.sendRaw(`${body})\r\n${fetch} OK done\r\n`);
    pair.serverToClient();
    expect(pair.eventsOf("bodyStarted")).toMatchObject([{ tag: fetch, uid: 7, size: body.length }]);
    const chunks = pair.eventsOf("bodyChunk");
    expect(chunks.every((e) => e.tag === fetch)).toBe(true);
    expect(chunks.map((e) => String.fromCharCode(...e.data)).join("")).toBe(body);
    expect(pair.eventsOf("bodyEnded")).toMatchObject([{ tag: fetch }]);
    expect(completion(pair, fetch).data).toHaveLength(1);
  });

  it("copies body chunks still undrained when more bytes arrive", () => {
    const session = new Session({ decoder: { streamThreshold: 16 } });
    session.receive(bytes("* PREAUTH hi\r\n"), 1);
    const first = bytes(`* 1 FETCH (BODY[] {${body.length}}\r\n${body.slice(0, 50)}`);
    session.receive(first, 2);
    session.receive(bytes(`${body.slice(50)})\r\n`), 3);
    first.fill(0x21);
    const chunks = session.takeEvents().filter((e) => e.type === "bodyChunk");
    expect(chunks.map((e) => String.fromCharCode(...e.data)).join("")).toBe(body);
  });
});

describe("server misbehaviour", () => {
  it("reports a continuation nobody asked for and carries on", () => {
    const pair = selectedPair();
    pair.server.send("+ what?");
    pair.serverToClient();
    expect(pair.eventsOf("responseRejected")).toMatchObject([{ code: "IMAP_ERR_UNEXPECTED_CONTINUATION" }]);
    expect(pair.session.closed).toBe(false);
  });

  it("cancels an authentication exchange that asks for more than PLAIN gives", () => {
    const pair = new SessionPair({ greeting: "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] hi" });
    const auth = pair.send(SAMPLE_COMMANDS.AUTHENTICATE);
    pair.clientToServer();
    pair.server.continueRequest("");
    pair.serverToClient();
    expect(pair.clientToServer().map((c) => c.name)).toEqual(["*"]);
    pair.server.send(`${auth} BAD cancelled`);
    pair.serverToClient();
    expect(completion(pair, auth).status).toBe("BAD");
    expect(pair.session.state).toBe("notAuthenticated");
  });

  it("fails a command whose completion does not parse, and goes on", () => {
    const pair = selectedPair();
    const noop = pair.send({ name: "NOOP" });
    const check = pair.send({ name: "CHECK" });
    pair.clientToServer();
    pair.server.send(`${noop} MAYBE done`, `${check} OK`);
    pair.serverToClient();
    expect(failure(pair, noop)).toEqual({ code: "IMAP_ERR_SYNTAX", sent: true });
    expect(completion(pair, check).status).toBe("OK");
  });

  it("fails a command whose completion is over a decoder limit, and goes on", () => {
    const pair = selectedPair({ decoder: { maxLineLength: 256 } });
    const noop = pair.send({ name: "NOOP" });
    const check = pair.send({ name: "CHECK" });
    pair.clientToServer();
    pair.server.send(`${noop} OK ${"x".repeat(400)}`, `${check} OK`);
    pair.serverToClient();
    expect(failure(pair, noop)).toEqual({ code: "IMAP_ERR_LINE_TOO_LONG", sent: true });
    expect(pair.eventsOf("responseRejected")).toMatchObject([{ tag: noop, code: "IMAP_ERR_LINE_TOO_LONG" }]);
    expect(completion(pair, check).status).toBe("OK");
  });

  it("closes and fails everything when framing is lost", () => {
    const pair = selectedPair();
    const fetch = pair.send({ name: "FETCH", uid: true, set: "1", attributes: ["UID"] });
    pair.clientToServer();
    const queued = pair.send({ name: "NOOP" });
    // The literal is shorter than announced: what follows it cannot be framed.
    pair.server.sendRaw("* 1 FETCH (BODY[] {12}\r\nabc) xxxxxxxxxxxxxxx\r\n");
    pair.serverToClient();
    expect(pair.session.closed).toBe(true);
    expect(failure(pair, fetch)).toEqual({ code: "IMAP_ERR_BAD_LITERAL", sent: true });
    expect(failure(pair, queued)?.sent).toBe(false);
    expect(pair.eventsOf("sessionClosed")).toMatchObject([{ reason: "framingLost" }]);
    expect(pair.session.takeOutgoing(pair.now)).toBeNull();
  });

  it("fails queued commands at BYE and in-flight ones when the connection then closes", () => {
    const pair = selectedPair();
    const fetch = pair.send({ name: "FETCH", uid: true, set: "1", attributes: ["UID"] });
    pair.clientToServer();
    const queued = pair.send({ name: "EXPUNGE" });
    pair.server.send("* BYE server shutting down");
    pair.serverToClient();
    expect(pair.session.state).toBe("logout");
    expect(failure(pair, queued)).toEqual({ code: "IMAP_ERR_BYE", sent: false });
    expect(pair.outcome(fetch)).toBeUndefined();
    expect(() => pair.session.send({ name: "NOOP" }, pair.now)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_CLOSED" }),
    );
    pair.session.transportClosed(pair.now);
    pair.drain();
    expect(failure(pair, fetch)).toEqual({ code: "IMAP_ERR_BYE", sent: true });
  });

  it("fails everything with IMAP_ERR_TRANSPORT when the connection drops", () => {
    const pair = selectedPair();
    const fetch = pair.send({ name: "FETCH", uid: true, set: "1", attributes: ["UID"] });
    pair.clientToServer();
    const noop = pair.send({ name: "NOOP" });
    pair.session.transportClosed(pair.now);
    pair.drain();
    expect(failure(pair, fetch)).toEqual({ code: "IMAP_ERR_TRANSPORT", sent: true });
    expect(failure(pair, noop)).toEqual({ code: "IMAP_ERR_TRANSPORT", sent: false });
    expect(pair.eventsOf("sessionClosed")).toMatchObject([{ reason: "transportClosed" }]);
  });
});

describe("trace events", () => {
  const MARKER = "Pw-MARKER-7f3a9c";

  function traceOf(pair: SessionPair): string {
    return serialize(pair.events);
  }

  it("redacts the LOGIN password everywhere but on the wire", () => {
    const pair = new SessionPair({ greeting: "* OK [CAPABILITY IMAP4rev1] hi" });
    const login = pair.send({ name: "LOGIN", username: "alice", password: secret(MARKER) });
    pair.clientToServer();
    pair.server.send(`${login} OK [CAPABILITY IMAP4rev1] welcome`);
    pair.serverToClient();
    expect(pair.server.wire).toContain(MARKER);
    expect(traceOf(pair)).not.toContain(MARKER);
    expect(pair.eventsOf("commandSent")[0]?.text).toContain("***");
  });

  it("redacts AUTHENTICATE PLAIN responses with and without SASL-IR", () => {
    for (const caps of ["IMAP4rev1 AUTH=PLAIN SASL-IR", "IMAP4rev1 AUTH=PLAIN"]) {
      const pair = new SessionPair({ greeting: `* OK [CAPABILITY ${caps}] hi`, autoCapability: false });
      const auth = pair.send({
        name: "AUTHENTICATE",
        mechanism: "PLAIN",
        username: "alice",
        password: secret(MARKER),
      });
      pair.server.autoContinue = true;
      pair.clientToServer();
      if (!caps.includes("SASL-IR")) {
        pair.server.continueRequest("");
        pair.serverToClient();
        pair.clientToServer();
      }
      pair.complete(auth);
      const base64 = btoa(`\u0000alice\u0000${MARKER}`);
      expect(pair.server.wire).toContain(base64);
      expect(traceOf(pair)).not.toContain(base64);
      expect(traceOf(pair)).not.toContain(MARKER);
    }
  });

  it("stamps events with the driver's time and counts bytes", () => {
    const pair = selectedPair();
    pair.tick(5);
    const queuedAt = pair.now;
    const noop = pair.send({ name: "NOOP" });
    pair.tick(10);
    const sentAt = pair.now;
    pair.clientToServer();
    pair.tick(30);
    pair.complete(noop);
    const sent = pair.eventsOf("commandSent").at(-1);
    expect(sent).toMatchObject({ tag: noop, at: sentAt, bytes: `${noop} NOOP\r\n`.length, inFlight: 1 });
    expect(completion(pair, noop)).toMatchObject({
      queuedAt,
      sentAt,
      at: sentAt + 30,
      bytes: `${noop} OK done\r\n`.length,
    });
  });

  it("emits exactly one completion or failure per command", () => {
    const pair = selectedPair();
    const tags: string[] = [];
    const commands: Command[] = [
      { name: "NOOP" },
      { name: "FETCH", uid: true, set: "1", attributes: ["UID"] },
      { name: "SELECT", mailbox: "Nope" },
      { name: "FETCH", uid: true, set: "2", attributes: ["UID"] },
    ];
    for (const command of commands) tags.push(pair.send(command));
    for (let round = 0; round < 4; round++) {
      const sent = pair.clientToServer();
      for (const c of sent) {
        if (c.name === "SELECT") pair.server.send(`${c.tag} NO nope`);
        else pair.server.send(`${c.tag} OK`);
      }
      pair.serverToClient();
    }
    const terminal = pair.events.filter((e) => e.type === "commandCompleted" || e.type === "commandFailed");
    const counts = tags.map((tag) => terminal.filter((e) => "tag" in e && e.tag === tag).length);
    expect(counts).toEqual([1, 1, 1, 1]);
  });
});

describe("a pipelined batch", () => {
  it("sends 25 commands in one write and matches each answer to its command", () => {
    const pair = selectedPair();
    pair.server.onCommand = (command, server) => {
      const uid = Number(command.text.split(" ")[3]);
      server.send(`* ${uid} FETCH (UID ${uid} FLAGS ())`, `${command.tag} OK fetched ${uid}`);
    };
    const tags = Array.from({ length: 25 }, (_, i) =>
      pair.send({ name: "FETCH", uid: true, set: String(i + 1), attributes: ["UID", "FLAGS"] }),
    );
    pair.flush();
    expect(
      new Set(
        pair.server
          .commands()
          .slice(1)
          .map((c) => c.step),
      ).size,
    ).toBe(1);
    for (const [i, tag] of tags.entries()) {
      const done = completion(pair, tag);
      expect(done.text).toBe(`fetched ${i + 1}`);
      expect(done.data.map((d) => (d.type === "fetch" ? d.items.uid : null))).toEqual([i + 1]);
    }
  });
});

describe("long sequence sets", () => {
  it("splits a command whose set would make its line too long, all pieces queued in order", () => {
    const pair = selectedPair();
    const set = Array.from({ length: 3000 }, (_, i) => i * 3 + 1);
    const handles = pair.session.sendSplit(
      { name: "FETCH", uid: true, set, attributes: ["UID", "FLAGS"] },
      pair.now,
    );
    expect(handles.length).toBeGreaterThan(1);
    const sent = pair.clientToServer();
    expect(sent.map((c) => c.tag)).toEqual(handles.map((h) => h.tag));
    expect(sent.every((c) => c.text.length <= 8192)).toBe(true);
    const uids = sent.flatMap((c) => (c.text.split(" ")[3] ?? "").split(",").map(Number));
    expect(uids).toEqual(set);
  });

  it("queues a short command as it is", () => {
    const pair = selectedPair();
    expect(pair.session.sendSplit({ name: "NOOP" }, pair.now)).toHaveLength(1);
  });

  it("queues none of the pieces when they do not all fit", () => {
    const pair = selectedPair({ maxQueued: 1 });
    const set = Array.from({ length: 3000 }, (_, i) => i * 3 + 1);
    expect(() =>
      pair.session.sendSplit({ name: "FETCH", uid: true, set, attributes: ["UID"] }, pair.now),
    ).toThrow(expect.objectContaining({ code: "IMAP_ERR_QUEUE_FULL" }));
    expect(pair.session.queuedCount).toBe(0);
  });
});

describe("options", () => {
  it("rejects a maxInFlight below 1", () => {
    expect(() => new Session({ maxInFlight: 0 })).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
    );
  });

  it("ignores bytes after the session closed", () => {
    const pair = authenticatedPair();
    pair.session.close(pair.now);
    pair.session.receive(bytes("* 1 EXISTS\r\n"), pair.now);
    pair.drain();
    expect(pair.eventsOf("untaggedReceived")).toEqual([]);
    expect(pair.eventsOf("sessionClosed")).toMatchObject([{ reason: "closedLocally" }]);
  });

  it("says whether bytes are waiting", () => {
    const pair = selectedPair();
    expect(pair.session.hasOutgoing()).toBe(false);
    pair.send({ name: "NOOP" });
    expect(pair.session.hasOutgoing()).toBe(true);
    pair.clientToServer();
    expect(pair.session.hasOutgoing()).toBe(false);
  });
});
