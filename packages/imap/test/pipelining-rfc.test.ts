/**
 * The pipelining examples of RFC 3501 §5.5 / RFC 9051 §5.5 and the rules of PROTOCOL.md §1, run
 * through a real session against the scripted server. "Held" means the later command is not on
 * the wire until the command it depends on has completed; "together" means one write.
 */
import { describe, expect, it } from "vitest";
import type { ImapError } from "../src/errors.js";
import { COMMAND_TRAITS } from "../src/session/command-traits.js";
import { createTagGenerator } from "../src/session/tags.js";
import { latin1Decode } from "../src/text/text.js";
import type { Command, FetchAttribute } from "../src/types/command.js";
import { bytes } from "./feed.js";
import {
  authenticatedPair,
  PAIR_CAPABILITIES,
  SAMPLE_COMMANDS,
  SessionPair,
  selectedPair,
} from "./session-pair.js";

const seqFetch = (set = "1:5"): Command => ({ name: "FETCH", uid: false, set, attributes: ["ENVELOPE"] });
const seqStore = (set = "1:5"): Command => ({
  name: "STORE",
  uid: false,
  set,
  operation: "add",
  flags: ["\\Deleted"],
  silent: true,
});
const seqCopy = (set = "1:5"): Command => ({ name: "COPY", uid: false, set, mailbox: "Archive" });
const uidFetch = (set: string, attributes: FetchAttribute[] = ["UID", "FLAGS"]): Command => ({
  name: "FETCH",
  uid: true,
  set,
  attributes,
});

/** Tags in the order the server read them, grouped by the write they arrived in. */
function writes(pair: SessionPair): string[][] {
  const byStep = new Map<number, string[]>();
  for (const command of pair.server.commands()) {
    const list = byStep.get(command.step) ?? [];
    list.push(command.tag as string);
    byStep.set(command.step, list);
  }
  return [...byStep.values()];
}

function errorCode(pair: SessionPair, tag: string): string | undefined {
  const outcome = pair.outcome(tag);
  return outcome?.type === "commandFailed" ? (outcome.error as ImapError).code : undefined;
}

describe("RFC 3501 §5.5 invalid pipelines: the later command is held back", () => {
  it("holds STORE behind NOOP in FETCH + NOOP + STORE", () => {
    const pair = selectedPair();
    const fetch = pair.send(seqFetch());
    const noop = pair.send({ name: "NOOP" });
    const store = pair.send(seqStore());
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([fetch, noop]);
    expect(pair.session.blockedReason()).toBe("noExpunge");
    pair.complete(fetch);
    expect(pair.clientToServer()).toEqual([]);
    pair.complete(noop);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([store]);
  });

  it("holds FETCH behind COPY in STORE + COPY + FETCH", () => {
    const pair = selectedPair();
    const store = pair.send(seqStore());
    const copy = pair.send(seqCopy());
    const fetch = pair.send(seqFetch());
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([store, copy]);
    expect(pair.session.blockedReason()).toBe("noExpunge");
    pair.complete(store);
    expect(pair.clientToServer()).toEqual([]);
    pair.complete(copy);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([fetch]);
  });

  it("holds the second COPY in COPY + COPY", () => {
    const pair = selectedPair();
    const first = pair.send(seqCopy("1:2"));
    const second = pair.send(seqCopy("3:4"));
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([first]);
    expect(pair.session.blockedReason()).toBe("noExpunge");
    pair.complete(first);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([second]);
  });

  it("holds FETCH behind CHECK in CHECK + FETCH", () => {
    const pair = selectedPair();
    const check = pair.send({ name: "CHECK" });
    const fetch = pair.send(seqFetch());
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([check]);
    pair.complete(check);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([fetch]);
  });

  it("holds UID SEARCH with sequence-number keys behind another UID SEARCH", () => {
    const pair = selectedPair();
    const first = pair.send({ name: "SEARCH", uid: true, criteria: [{ key: "ALL" }], return: [] });
    const second = pair.send({
      name: "SEARCH",
      uid: true,
      criteria: [{ key: "SEQ", set: "1:10" }],
      return: [],
    });
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([first]);
    expect(pair.session.blockedReason()).toBe("noExpunge");
    pair.complete(first);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([second]);
  });

  it("holds a STORE of flags behind a FETCH of the same messages' flags (ambiguity)", () => {
    const pair = selectedPair();
    const fetch = pair.send(uidFetch("10:20"));
    const store = pair.send({ name: "STORE", uid: true, set: "15", operation: "add", flags: ["\\Seen"] });
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([fetch]);
    expect(pair.session.blockedReason()).toBe("noFlagReads");
    pair.complete(fetch);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([store]);
  });

  it("holds a FETCH of flags behind a STORE of the same messages' flags", () => {
    const pair = selectedPair();
    const store = pair.send({
      name: "STORE",
      uid: true,
      set: "15",
      operation: "add",
      flags: ["\\Seen"],
      silent: true,
    });
    const fetch = pair.send(uidFetch("10:20"));
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([store]);
    expect(pair.session.blockedReason()).toBe("noFlagWrites");
    pair.complete(store);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([fetch]);
  });

  it("does not overlap two SEARCHes whose results carry no tag", () => {
    const pair = selectedPair();
    const first = pair.send({ name: "SEARCH", uid: true, criteria: [{ key: "ALL" }] });
    const second = pair.send({ name: "SEARCH", uid: true, criteria: [{ key: "SUBJECT", value: "x" }] });
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([first]);
    expect(pair.session.blockedReason()).toBe("uniqueResult");
    pair.server.send("* SEARCH 4 8 15", `${first} OK done`);
    pair.serverToClient();
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([second]);
    const completed = pair.outcome(first);
    expect(completed?.type === "commandCompleted" && completed.data.map((d) => d.type)).toEqual(["search"]);
  });
});

describe("RFC 3501 §5.5 valid pipelines go out together", () => {
  it("sends FETCH + STORE + SEARCH + CHECK in one write", () => {
    const pair = selectedPair();
    const tags = [
      pair.send(seqFetch("1:3")),
      pair.send(seqStore("4")),
      pair.send({ name: "SEARCH", uid: false, criteria: [{ key: "SUBJECT", value: "hello" }] }),
      pair.send({ name: "CHECK" }),
    ];
    expect(pair.clientToServer().map((c) => c.name)).toEqual(["FETCH", "STORE", "SEARCH", "CHECK"]);
    expect(writes(pair).at(-1)).toEqual(tags);
  });

  it("sends STORE + COPY + EXPUNGE in one write", () => {
    const pair = selectedPair();
    const tags = [pair.send(seqStore("2")), pair.send(seqCopy("2")), pair.send({ name: "EXPUNGE" })];
    expect(pair.clientToServer().map((c) => c.name)).toEqual(["STORE", "COPY", "EXPUNGE"]);
    expect(writes(pair).at(-1)).toEqual(tags);
  });

  it("sends UID SEARCH + UID SEARCH without sequence numbers in one write (ESEARCH tags tell them apart)", () => {
    const pair = selectedPair();
    const first = pair.send({ name: "SEARCH", uid: true, criteria: [{ key: "UNSEEN" }], return: ["ALL"] });
    const second = pair.send({
      name: "SEARCH",
      uid: true,
      criteria: [{ key: "FLAGGED" }],
      return: ["COUNT"],
    });
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([first, second]);
    pair.server.send(
      `* ESEARCH (TAG "${second}") UID COUNT 2`,
      `* ESEARCH (TAG "${first}") UID ALL 4:6`,
      `${second} OK done`,
      `${first} OK done`,
    );
    pair.serverToClient();
    for (const tag of [first, second]) {
      const outcome = pair.outcome(tag);
      expect(outcome?.type).toBe("commandCompleted");
      if (outcome?.type !== "commandCompleted") continue;
      expect(outcome.data).toHaveLength(1);
      expect(outcome.data[0]?.type === "esearch" && outcome.data[0].tag).toBe(tag);
    }
  });

  it("pipelines UID FETCHes, UID STOREs on other messages and mailbox reads freely", () => {
    const pair = selectedPair();
    const tags = [
      pair.send(uidFetch("1:50", ["UID", "FLAGS", "ENVELOPE"])),
      pair.send({
        name: "FETCH",
        uid: true,
        set: "7",
        attributes: [{ item: "BODY", section: "", peek: true }],
      }),
      pair.send({
        name: "STORE",
        uid: true,
        set: "90:95",
        operation: "add",
        flags: ["\\Seen"],
        silent: true,
      }),
      pair.send({ name: "STATUS", mailbox: "Sent", items: ["MESSAGES", "UNSEEN"] }),
      pair.send({ name: "LIST", reference: "", patterns: ["*"] }),
    ];
    pair.clientToServer();
    expect(writes(pair).at(-1)).toEqual(tags);
  });
});

describe("continuations serialise the pipe (rules 3 and 4)", () => {
  const plainServer = () => new SessionPair({ greeting: "* PREAUTH [CAPABILITY IMAP4rev1] ready" });
  const append: Command = {
    name: "APPEND",
    mailbox: "Drafts",
    messages: [{ data: bytes("Subject: literal\r\n\r\nbody bytes\r\n") }],
  };

  it("holds a synchronizing literal and everything behind it until +", () => {
    const pair = plainServer();
    pair.server.autoContinue = false;
    const appendTag = pair.send(append);
    const noop = pair.send({ name: "NOOP" });
    pair.clientToServer();
    expect(pair.server.wire).toMatch(/APPEND Drafts \{\d+\}\r\n$/);
    expect(pair.session.blockedReason()).toBe("writerBusy");
    expect(pair.clientToServer()).toEqual([]);
    // Untagged data while waiting leaves the continuation pending (rule 4).
    pair.server.send("* 4 EXISTS");
    pair.serverToClient();
    expect(pair.clientToServer()).toEqual([]);
    pair.server.continueRequest();
    pair.serverToClient();
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([appendTag, noop]);
    expect(pair.server.commands()[0]?.text).toContain("body bytes");
    expect(pair.server.violations).toEqual([]);
    expect(pair.eventsOf("continuationRequested").map((e) => e.tag)).toEqual([appendTag]);
    expect(pair.eventsOf("continuationSent").map((e) => [e.tag, e.kind])).toEqual([[appendTag, "literal"]]);
  });

  it("never sends the literal when the server answers NO instead of +", () => {
    const pair = plainServer();
    pair.server.autoContinue = false;
    const appendTag = pair.send(append);
    const noop = pair.send({ name: "NOOP" });
    pair.clientToServer();
    pair.server.refuseLiteral();
    pair.server.send(`${appendTag} NO [TOOBIG] message too large`);
    pair.serverToClient();
    const outcome = pair.outcome(appendTag);
    expect(outcome?.type === "commandCompleted" && outcome.status).toBe("NO");
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([noop]);
    expect(pair.server.wire).not.toContain("body bytes");
  });

  it("sends a literal without waiting when the server has LITERAL+", () => {
    const pair = authenticatedPair();
    pair.server.autoContinue = false;
    const appendTag = pair.send(append);
    const noop = pair.send({ name: "NOOP" });
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([appendTag, noop]);
    expect(pair.server.wire).toMatch(/\{\d+\+\}\r\n/);
    expect(pair.server.violations).toEqual([]);
  });

  it("waits for + before a SASL response when the server lacks SASL-IR", () => {
    const pair = new SessionPair({ greeting: "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready" });
    const auth = pair.send(SAMPLE_COMMANDS.AUTHENTICATE);
    pair.clientToServer();
    expect(pair.server.wire).toMatch(/AUTHENTICATE PLAIN\r\n$/);
    pair.server.continueRequest("");
    pair.serverToClient();
    const sent = pair.clientToServer();
    expect(sent.map((c) => c.tag)).toEqual([null]);
    pair.server.send(`${auth} OK [CAPABILITY IMAP4rev1 IDLE] logged in`);
    pair.serverToClient();
    expect(pair.session.state).toBe("authenticated");
    expect(pair.session.capabilities?.has("IDLE")).toBe(true);
  });
});

describe("tags correlate completions (rule 2)", () => {
  it("matches completions that arrive out of order to their commands", () => {
    const pair = selectedPair();
    const tags = [1, 2, 3].map((uid) => pair.send(uidFetch(String(uid))));
    pair.clientToServer();
    const [a, b, c] = tags as [string, string, string];
    pair.server.send(
      "* 3 FETCH (UID 3 FLAGS (\\Seen))",
      `${c} OK third`,
      "* 1 FETCH (UID 1 FLAGS ())",
      `${a} OK first`,
      "* 2 FETCH (UID 2 FLAGS (\\Flagged))",
      `${b} OK second`,
    );
    pair.serverToClient();
    const completed = pair.eventsOf("commandCompleted").slice(-3);
    expect(completed.map((e) => e.tag)).toEqual([c, a, b]);
    for (const [index, event] of completed.entries()) {
      const uid = [3, 1, 2][index];
      expect(event.data.map((d) => (d.type === "fetch" ? d.items.uid : null))).toEqual([uid]);
    }
  });

  it("reports a completion with an unknown tag and carries on", () => {
    const pair = selectedPair();
    const noop = pair.send({ name: "NOOP" });
    pair.clientToServer();
    pair.server.send("ZZ9 OK who am I", `${noop} OK done`);
    pair.serverToClient();
    expect(pair.eventsOf("responseRejected").map((e) => [e.code, e.tag])).toEqual([
      ["IMAP_ERR_UNEXPECTED_TAG", "ZZ9"],
    ]);
    expect(pair.outcome(noop)?.type).toBe("commandCompleted");
    expect(pair.session.closed).toBe(false);
  });

  it("gives every command a distinct tag", () => {
    const pair = selectedPair();
    const tags = new Set<string>();
    for (let round = 0; round < 10; round++) {
      const batch = Array.from({ length: 50 }, (_, i) => pair.send(uidFetch(String(round * 50 + i + 1))));
      for (const tag of batch) tags.add(tag);
      pair.clientToServer();
      pair.complete(...batch);
    }
    expect(tags.size).toBe(500);
    expect(new Set(pair.receivedTags()).size).toBe(pair.receivedTags().length);
  });

  it("refuses a tag generator that repeats a tag still in use", () => {
    const pair = authenticatedPair({ tags: { next: () => "SAME" } });
    pair.send({ name: "NOOP" });
    expect(() => pair.session.send({ name: "NOOP" }, pair.now)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
    );
  });

  it("draws the default tag prefix from the injected random source", () => {
    const tagOf = (value: number) =>
      new SessionPair({ greeting: "* PREAUTH hi", tags: createTagGenerator({ random: () => value }) }).send({
        name: "NOOP",
      });
    expect(tagOf(0)).toBe("AAA1");
    expect(tagOf(0.999)).toBe("ZZZ1");
  });
});

describe("IDLE (rule 13)", () => {
  it("sends only DONE while idling, UID commands right after DONE, sequence numbers after the OK", () => {
    const pair = selectedPair();
    const idle = pair.send({ name: "IDLE" });
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([idle]);
    pair.server.startIdle(idle);
    pair.server.send("* 11 EXISTS");
    pair.serverToClient();
    expect(pair.session.idling).toBe(true);
    expect(pair.session.mailbox?.exists).toBe(11);
    expect(pair.eventsOf("untaggedReceived").at(-1)?.tags).toEqual([idle]);
    expect(pair.clientToServer()).toEqual([]);

    // A command sent while the server idles ends the IDLE: DONE first, then the command.
    const uid = pair.send(uidFetch("1:*"));
    const seq = pair.send(seqFetch("1"));
    expect(pair.clientToServer().map((c) => c.tag ?? c.name)).toEqual(["DONE", uid]);
    expect(pair.session.blockedReason()).toBe("noExpunge");
    pair.complete(idle, uid);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([seq]);
    expect(pair.server.violations).toEqual([]);
  });

  it("holds a command sent before the server's + behind IDLE, then sends DONE and the command", () => {
    const pair = selectedPair();
    const idle = pair.send({ name: "IDLE" });
    pair.clientToServer();
    const uid = pair.send(uidFetch("1:*"));
    expect(pair.clientToServer()).toEqual([]);
    expect(pair.session.blockedReason()).toBe("noBarrier");
    pair.server.startIdle(idle);
    pair.serverToClient();
    expect(pair.clientToServer().map((c) => c.tag ?? c.name)).toEqual(["DONE", uid]);
    expect(pair.server.violations).toEqual([]);
  });

  it("writes DONE as soon as + arrives when done() came first", () => {
    const pair = selectedPair();
    const idle = pair.send({ name: "IDLE" });
    pair.session.done(pair.now);
    pair.clientToServer();
    pair.server.startIdle(idle);
    pair.serverToClient();
    expect(pair.clientToServer().map((c) => c.name)).toEqual(["DONE"]);
    pair.complete(idle);
    expect(pair.outcome(idle)?.type).toBe("commandCompleted");
    expect(pair.server.violations).toEqual([]);
  });

  it("ends IDLE without DONE when the server refuses it", () => {
    const pair = selectedPair();
    const idle = pair.send({ name: "IDLE" });
    const noop = pair.send({ name: "NOOP" });
    pair.clientToServer();
    pair.server.send(`${idle} BAD IDLE not supported`);
    pair.serverToClient();
    pair.session.send({ name: "CHECK" }, pair.now);
    expect(pair.clientToServer().map((c) => c.name)).toEqual(["NOOP", "CHECK"]);
    expect(pair.outcome(noop)).toBeUndefined();
    expect(() => pair.session.done(pair.now)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_BAD_STATE" }),
    );
  });
});

describe("mailbox switches (rule 11)", () => {
  it("fails commands queued behind a failed SELECT locally instead of sending them", () => {
    const pair = selectedPair();
    const select = pair.send({ name: "SELECT", mailbox: "Missing" });
    const fetch = pair.send(seqFetch("1:*"));
    const list = pair.send({ name: "LIST", reference: "", patterns: ["*"] });
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([select]);
    expect(pair.session.blockedReason()).toBe("settledState");
    pair.server.send(`${select} NO [NONEXISTENT] no such mailbox`);
    pair.serverToClient();
    expect(errorCode(pair, fetch)).toBe("IMAP_ERR_BAD_STATE");
    expect(pair.outcome(fetch)?.type === "commandFailed" && pair.outcome(fetch)).toMatchObject({
      sent: false,
    });
    expect(pair.session.state).toBe("authenticated");
    expect(pair.session.mailbox).toBeNull();
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([list]);
    expect(pair.receivedTags()).not.toContain(fetch);
  });

  it("waits for every command on the old mailbox before SELECT, and SELECT before sequence numbers on the new one", () => {
    const pair = selectedPair();
    const fetch = pair.send(uidFetch("1:5"));
    const select = pair.send({ name: "SELECT", mailbox: "Archive" });
    const next = pair.send(seqFetch("1:5"));
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([fetch]);
    expect(pair.session.blockedReason()).toBe("noMailboxUse");
    pair.complete(fetch);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([select]);
    pair.server.send("* 3 EXISTS", `${select} OK [READ-WRITE] done`);
    pair.serverToClient();
    expect(pair.session.mailbox).toMatchObject({ name: "Archive", exists: 3, status: "selected" });
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([next]);
  });

  it("sends UID reads behind a SELECT in flight, and holds UID writes", () => {
    const pair = authenticatedPair({
      greeting: `* PREAUTH [CAPABILITY ${PAIR_CAPABILITIES} ESORT SEARCHRES CONTEXT=SEARCH] ready`,
    });
    const select = pair.send({ name: "SELECT", mailbox: "INBOX" });
    const sort: Command = {
      name: "SORT",
      uid: true,
      criteria: ["REVERSE DATE"],
      charset: "UTF-8",
      search: [{ key: "ALL" }],
      return: ["SAVE"],
      partial: [1, 50],
    };
    const sorted = pair.send(sort);
    const fetch = pair.send(uidFetch("$"));
    const peek = pair.send(uidFetch("1:*", [{ item: "BODY", section: "HEADER", peek: true }]));
    const store = pair.send({ name: "STORE", uid: true, set: "1", operation: "add", flags: ["\\Seen"] });
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([select, sorted, fetch, peek]);
    expect(pair.session.blockedReason()).toBe("settledState");
    pair.server.send(
      "* 3 EXISTS",
      `${select} OK [READ-WRITE] done`,
      `* ESEARCH (TAG "${sorted}") UID PARTIAL (1:50 3,1,2)`,
      `${sorted} OK sorted`,
    );
    pair.serverToClient();
    expect(pair.session.state).toBe("selected");
    expect(pair.outcome(sorted)).toMatchObject({
      type: "commandCompleted",
      data: [{ type: "esearch", tag: sorted, partial: { range: [1, 50] } }],
    });
    // Now only rule 6 holds the STORE: the FETCH of `$` reads flags of messages it cannot name.
    expect(pair.session.blockedReason()).toBe("noFlagReads");
    pair.complete(fetch);
    pair.complete(peek);
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([store]);
  });

  it("sends the server's refusal of UID reads behind a SELECT that failed", () => {
    const pair = selectedPair();
    const select = pair.send({ name: "SELECT", mailbox: "Missing" });
    const fetch = pair.send(uidFetch("1:*"));
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([select, fetch]);
    pair.server.send(`${select} NO [NONEXISTENT] no such mailbox`, `${fetch} BAD No mailbox selected`);
    pair.serverToClient();
    expect(pair.session.state).toBe("authenticated");
    expect(pair.outcome(fetch)).toMatchObject({ status: "BAD", text: "No mailbox selected" });
  });

  it("holds commands that need authentication behind LOGIN and fails them if it fails", () => {
    const pair = new SessionPair({ greeting: "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready" });
    const login = pair.send(SAMPLE_COMMANDS.LOGIN);
    const capability = pair.send({ name: "CAPABILITY" });
    const list = pair.send({ name: "LIST", reference: "", patterns: ["*"] });
    expect(pair.clientToServer().map((c) => c.tag)).toEqual([login, capability]);
    expect(pair.session.blockedReason()).toBe("settledState");
    pair.server.send(`${login} NO [AUTHENTICATIONFAILED] wrong`);
    pair.serverToClient();
    expect(errorCode(pair, list)).toBe("IMAP_ERR_BAD_STATE");
    expect(pair.session.state).toBe("notAuthenticated");
  });
});

describe("barriers (rule 12) and flow control (rule 15)", () => {
  const barrierNames = (Object.keys(SAMPLE_COMMANDS) as Command["name"][]).filter(
    (name) => COMMAND_TRAITS[name].barrier && name !== "IDLE",
  );

  it("covers STARTTLS, AUTHENTICATE and LOGOUT", () => {
    expect([...barrierNames].sort()).toEqual(["AUTHENTICATE", "LOGOUT", "STARTTLS"]);
  });

  for (const name of barrierNames) {
    it(`waits for an empty pipe before ${name} and sends nothing behind it until it completes`, () => {
      const pair = new SessionPair({
        greeting: "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN STARTTLS] hi",
      });
      const before = pair.send({ name: "CAPABILITY" });
      const barrier = pair.send(SAMPLE_COMMANDS[name] as Command);
      const after = name === "LOGOUT" ? null : pair.send({ name: "NOOP" });
      expect(pair.clientToServer().map((c) => c.tag)).toEqual([before]);
      expect(pair.session.blockedReason()).toBe("emptyPipe");
      pair.complete(before);
      expect(pair.clientToServer().map((c) => c.tag)).toEqual([barrier]);
      expect(pair.clientToServer()).toEqual([]);
      if (after === null) {
        expect(() => pair.session.send({ name: "NOOP" }, pair.now)).toThrow();
        return;
      }
      expect(pair.session.blockedReason()).toBe("noBarrier");
      pair.server.send(`${barrier} OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] done`);
      pair.serverToClient();
      if (name === "STARTTLS") {
        expect(pair.clientToServer()).toEqual([]);
        expect(pair.session.blockedReason()).toBe("awaitingTls");
        pair.session.tlsEstablished(pair.now);
        // Capabilities are re-read on the new TLS layer before anything else goes out.
        const refresh = pair.clientToServer();
        expect(refresh.map((c) => c.name)).toEqual(["CAPABILITY"]);
        pair.complete(refresh[0]?.tag as string);
      }
      expect(pair.clientToServer().map((c) => c.tag)).toEqual([after]);
    });
  }

  it("sends one command at a time with maxInFlight 1", () => {
    const pair = selectedPair({ maxInFlight: 1 });
    const tags = [1, 2, 3].map((n) => pair.send(uidFetch(String(n))));
    for (const tag of tags) {
      expect(pair.clientToServer().map((c) => c.tag)).toEqual([tag]);
      expect(pair.clientToServer()).toEqual([]);
      if (tag !== tags.at(-1)) expect(pair.session.blockedReason()).toBe("maxInFlight");
      pair.complete(tag);
    }
    expect(writes(pair).slice(-3)).toEqual(tags.map((t) => [t]));
  });

  it("never produces more bytes than the driver takes", () => {
    const pair = selectedPair();
    const tags = [1, 2, 3].map((n) => pair.send(uidFetch(String(n))));
    let wire = "";
    for (let bytes = pair.session.takeOutgoing(pair.now, 5); bytes !== null; ) {
      expect(bytes.length).toBeLessThanOrEqual(5);
      wire += latin1Decode(bytes);
      bytes = pair.session.takeOutgoing(pair.now, 5);
    }
    expect(wire).toBe(tags.map((t, i) => `${t} UID FETCH ${i + 1} (UID FLAGS)\r\n`).join(""));
  });

  it("throws IMAP_ERR_QUEUE_FULL beyond the write queue bound", () => {
    const pair = selectedPair({ maxQueued: 3 });
    for (let i = 0; i < 3; i++) pair.send({ name: "NOOP" });
    expect(() => pair.session.send({ name: "NOOP" }, pair.now)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_QUEUE_FULL" }),
    );
    pair.clientToServer();
    expect(() => pair.send({ name: "NOOP" })).not.toThrow();
  });
});

describe("the EXPUNGE rule (rule 7) for every command in the table", () => {
  const selectedCommands = (Object.keys(SAMPLE_COMMANDS) as Command["name"][]).filter((name) => {
    const traits = COMMAND_TRAITS[name];
    return (
      traits.states.includes("selected") && !traits.barrier && !traits.changesMailbox && name !== "ENABLE"
    );
  });

  for (const name of selectedCommands) {
    const sample = SAMPLE_COMMANDS[name] as Command;
    const variants: Command[] = "uid" in sample ? [sample, { ...sample, uid: false } as Command] : [sample];
    for (const command of variants) {
      const label = "uid" in command && command.uid ? `UID ${name}` : name;
      const expungeFree = COMMAND_TRAITS[name].expungeFreeWithoutUid && !("uid" in command && command.uid);
      it(`${expungeFree ? "lets" : "holds"} a sequence-number FETCH ${expungeFree ? "run beside" : "until"} ${label}`, () => {
        const pair = selectedPair();
        const first = pair.send(command);
        const fetch = pair.send({ name: "FETCH", uid: false, set: "1", attributes: ["ENVELOPE"] });
        const sent = pair.clientToServer().map((c) => c.tag);
        if (expungeFree) {
          expect(sent).toEqual([first, fetch]);
          return;
        }
        expect(sent).toEqual([first]);
        pair.complete(first);
        expect(pair.clientToServer().map((c) => c.tag)).toEqual([fetch]);
      });
    }
  }
});
