/**
 * What a UI needs of the session: withdrawing commands, choosing a command once capabilities are
 * known, refusing what the server does not offer, raw octets for a protocol log, and STARTTLS that
 * believes no plaintext sent after its OK.
 */
import { describe, expect, it } from "vitest";
import { authenticatedPair, SAMPLE_COMMANDS, SessionPair, selectedPair } from "../../test/session-pair.js";
import { ImapRemoteError } from "../errors.js";
import type { Command } from "../types/command.js";
import { secret } from "../types/secret.js";
import type { CapabilitySet } from "./capabilities.js";

const uidFetch = (set: string): Command => ({ name: "FETCH", uid: true, set, attributes: ["FLAGS"] });

function errorCode(pair: SessionPair, tag: string): string | undefined {
  const outcome = pair.outcome(tag);
  return outcome?.type === "commandFailed" ? outcome.error.code : undefined;
}

describe("cancel", () => {
  it("withdraws a queued command: it fails unsent and never reaches the wire", () => {
    const pair = selectedPair({ maxInFlight: 1 });
    const first = pair.send(uidFetch("1"));
    const second = pair.send(uidFetch("2"));
    const third = pair.send(uidFetch("3"));
    pair.clientToServer();
    expect(pair.session.cancel(second, pair.now)).toBe("withdrawn");
    pair.drain();
    expect(pair.outcome(second)).toMatchObject({ type: "commandFailed", sent: false });
    expect(errorCode(pair, second)).toBe("IMAP_ERR_CANCELLED");
    pair.complete(first);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([third]);
    expect(pair.receivedTags()).not.toContain(second);
  });

  it("settles a sent command at once and consumes its late reply quietly", () => {
    const pair = selectedPair();
    const fetch = pair.send(uidFetch("1:5"));
    pair.clientToServer();
    const timeout = new ImapRemoteError("IMAP_ERR_TIMEOUT", "no answer in time");
    expect(pair.session.cancel(fetch, pair.now, timeout)).toBe("abandoned");
    pair.drain();
    expect(pair.outcome(fetch)).toMatchObject({ type: "commandFailed", sent: true, error: timeout });
    pair.server.send("* 1 FETCH (UID 1 FLAGS (\\Seen))", `${fetch} OK done`);
    pair.serverToClient();
    const endings = pair.events.filter(
      (e) => (e.type === "commandCompleted" || e.type === "commandFailed") && e.tag === fetch,
    );
    expect(endings.map((e) => e.type)).toEqual(["commandFailed", "commandCompleted"]);
    expect(endings[1]).toMatchObject({ cancelled: true, data: [] });
    expect(pair.eventsOf("responseRejected")).toEqual([]);
    // The flag update still reached the mailbox state.
    expect(pair.eventsOf("mailboxChanged").length).toBeGreaterThan(0);
  });

  it("keeps the pipelining rules for a cancelled command until its reply", () => {
    const pair = selectedPair();
    const select = pair.send({ name: "SELECT", mailbox: "Archive" });
    pair.clientToServer();
    pair.session.cancel(select, pair.now);
    const fetch = pair.send({ name: "FETCH", uid: false, set: "1", attributes: ["FLAGS"] });
    expect(pair.clientToServer()).toEqual([]);
    expect(pair.session.blockedReason()).toBe("settledState");
    pair.server.send("* 3 EXISTS", `${select} OK [READ-WRITE] done`);
    pair.serverToClient();
    expect(pair.session.mailbox?.name).toBe("Archive");
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([fetch]);
  });

  it("ends a cancelled IDLE with DONE", () => {
    const pair = selectedPair();
    const idle = pair.send({ name: "IDLE" });
    pair.clientToServer();
    pair.server.startIdle(idle);
    pair.serverToClient();
    pair.session.cancel(idle, pair.now);
    expect(pair.clientToServer().map((c) => c.name)).toEqual(["DONE"]);
  });

  it("ends a running IDLE when another IDLE is sent, and the new one when a command follows", () => {
    const pair = selectedPair();
    const first = pair.send({ name: "IDLE" });
    pair.clientToServer();
    pair.server.startIdle(first);
    pair.serverToClient();
    const second = pair.send({ name: "IDLE" });
    expect(pair.clientToServer().map((c) => c.tag ?? c.name)).toEqual(["DONE"]);
    pair.complete(first);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([second]);
    pair.server.startIdle(second);
    pair.serverToClient();
    pair.send(uidFetch("1"));
    expect(pair.clientToServer().map((c) => c.tag ?? c.name)[0]).toBe("DONE");
  });

  it("reports each command once when the session closes after a cancel", () => {
    const pair = selectedPair();
    const fetch = pair.send(uidFetch("1"));
    pair.clientToServer();
    pair.session.cancel(fetch, pair.now);
    pair.session.transportClosed(pair.now);
    pair.drain();
    expect(pair.eventsOf("commandFailed").filter((e) => e.tag === fetch)).toHaveLength(1);
  });

  it("knows nothing of a command that already ended", () => {
    const pair = selectedPair();
    const fetch = pair.send(uidFetch("1"));
    pair.clientToServer();
    pair.complete(fetch);
    expect(pair.session.cancel(fetch, pair.now)).toBe("unknown");
    expect(pair.session.cancel("NOPE", pair.now)).toBe("unknown");
  });
});

describe("prepare", () => {
  const chooseLogin = (caps: CapabilitySet): Command =>
    caps.has("AUTH=PLAIN")
      ? { name: "AUTHENTICATE", mechanism: "PLAIN", username: "u", password: secret("p") }
      : { name: "LOGIN", username: "u", password: secret("p") };

  it("asks for capabilities first when the greeting had none, and keeps the order of what follows", () => {
    const pair = new SessionPair({ greeting: "* OK hi" });
    const login = pair.session.send(SAMPLE_COMMANDS.LOGIN, pair.now, { prepare: chooseLogin }).tag;
    const select = pair.send({ name: "SELECT", mailbox: "INBOX" });
    const probe = pair.clientToServer();
    expect(probe.map((c) => c.name)).toEqual(["CAPABILITY"]);
    expect(pair.session.blockedReason()).toBe("capabilitiesStale");
    pair.server.send("* CAPABILITY IMAP4rev1 AUTH=PLAIN", `${probe[0]?.tag} OK done`);
    pair.serverToClient();
    const sent = pair.clientToServer();
    expect(sent.map((c) => [c.tag, c.name])).toEqual([[login, "AUTHENTICATE"]]);
    pair.server.send(`${login} OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] in`);
    pair.serverToClient();
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([select]);
  });

  it("chooses from the capabilities the greeting announced without asking again", () => {
    const pair = new SessionPair({ greeting: "* OK [CAPABILITY IMAP4rev1] hi" });
    const login = pair.session.send(SAMPLE_COMMANDS.LOGIN, pair.now, { prepare: chooseLogin }).tag;
    expect(pair.clientToServer().map((c) => [c.tag, c.name])).toEqual([[login, "LOGIN"]]);
  });

  it("fails the command with the error the hook throws", () => {
    const pair = new SessionPair();
    const login = pair.session.send(SAMPLE_COMMANDS.LOGIN, pair.now, {
      prepare: () => {
        throw new ImapRemoteError("IMAP_ERR_TLS", "refused");
      },
    }).tag;
    expect(pair.clientToServer()).toEqual([]);
    expect(errorCode(pair, login)).toBe("IMAP_ERR_TLS");
  });
});

describe("capability requirements", () => {
  it("refuses MOVE locally when the server does not offer it", () => {
    const pair = selectedPair({ greeting: "* PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] hi" });
    const move = pair.send(SAMPLE_COMMANDS.MOVE);
    expect(pair.clientToServer()).toEqual([]);
    expect(errorCode(pair, move)).toBe("IMAP_ERR_NOT_SUPPORTED");
    expect(pair.outcome(move)).toMatchObject({ sent: false });
  });

  it("lets IMAP4rev2 stand for the extensions it includes", () => {
    const pair = selectedPair({ greeting: "* PREAUTH [CAPABILITY IMAP4rev2] hi" });
    const move = pair.send(SAMPLE_COMMANDS.MOVE);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([move]);
  });

  it("refuses LOGIN where the server says LOGINDISABLED, before the password leaves", () => {
    const pair = new SessionPair({ greeting: "* OK [CAPABILITY IMAP4rev1 LOGINDISABLED STARTTLS] hi" });
    const login = pair.send(SAMPLE_COMMANDS.LOGIN);
    expect(pair.clientToServer()).toEqual([]);
    expect(errorCode(pair, login)).toBe("IMAP_ERR_NOT_SUPPORTED");
    expect(pair.server.wire).toBe("");
  });

  it("sends everything when the check is off", () => {
    const pair = selectedPair({
      greeting: "* PREAUTH [CAPABILITY IMAP4rev1] hi",
      checkCapabilities: false,
    });
    const move = pair.send(SAMPLE_COMMANDS.MOVE);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([move]);
  });
});

describe("keepRaw", () => {
  it("puts each response's octets on its event", () => {
    const pair = authenticatedPair({ keepRaw: true });
    const list = pair.send(SAMPLE_COMMANDS.LIST);
    pair.clientToServer();
    pair.server.send('* LIST () "/" Sent', `${list} OK listed`);
    pair.serverToClient();
    const text = (raw: Uint8Array | undefined) => new TextDecoder().decode(raw);
    expect(text(pair.eventsOf("untaggedReceived")[0]?.raw)).toBe('* LIST () "/" Sent\r\n');
    expect(text(pair.eventsOf("commandCompleted")[0]?.raw)).toBe(`${list} OK listed\r\n`);
  });

  it("leaves raw out by default", () => {
    const pair = authenticatedPair();
    pair.send(SAMPLE_COMMANDS.LIST);
    pair.clientToServer();
    pair.server.send('* LIST () "/" Sent');
    pair.serverToClient();
    expect("raw" in (pair.eventsOf("untaggedReceived")[0] ?? {})).toBe(false);
  });
});

describe("STARTTLS", () => {
  it("closes when plaintext follows STARTTLS's OK in the same read (command injection)", () => {
    const pair = new SessionPair();
    const starttls = pair.send({ name: "STARTTLS" });
    pair.clientToServer();
    pair.server.send(`${starttls} OK begin TLS`, "* CAPABILITY IMAP4rev1 AUTH=PLAIN");
    pair.serverToClient();
    expect(pair.session.closed).toBe(true);
    expect(pair.eventsOf("sessionClosed")).toMatchObject([
      { reason: "tlsFailed", error: { code: "IMAP_ERR_TLS" } },
    ]);
    expect(pair.eventsOf("capabilitiesChanged").at(-1)?.source).toBe("discarded");
  });

  it("closes when bytes arrive before the driver reports the handshake", () => {
    const pair = new SessionPair();
    const starttls = pair.send({ name: "STARTTLS" });
    pair.clientToServer();
    pair.complete(starttls);
    expect(pair.session.awaitingTls).toBe(true);
    pair.server.send("* OK injected");
    pair.serverToClient();
    expect(pair.eventsOf("sessionClosed")).toMatchObject([{ reason: "tlsFailed" }]);
  });
});
