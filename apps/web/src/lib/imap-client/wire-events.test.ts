import { ImapLocalError, type SessionEvent } from "@tagwire/imap";
import { MAX_TRACE_TEXT } from "@tagwire/imap/trace";
import { describe, expect, it } from "vitest";
import { toWireEvents } from "./wire-events";

const enc = new TextEncoder();

function ev(event: Record<string, unknown>): SessionEvent {
  return event as unknown as SessionEvent;
}

const failed = (tag: string, code: "IMAP_ERR_CLOSED" | "IMAP_ERR_CANCELLED", sent = true) =>
  ev({
    type: "commandFailed",
    at: 8,
    tag,
    name: "NOOP",
    error: new ImapLocalError(code, "gone"),
    sent,
    internal: false,
  });

describe("toWireEvents", () => {
  it("maps commands, responses, completions and the connection's ends; drops the rest", () => {
    const out = toWireEvents([
      ev({ type: "greetingReceived", at: 1, condition: "OK", code: null, text: "ready", bytes: 12 }),
      ev({ type: "commandQueued", at: 2, tag: "A1", name: "NOOP", text: "A1 NOOP", internal: false }),
      ev({
        type: "commandSent",
        at: 3,
        tag: "A1",
        name: "SELECT",
        text: "A1 SELECT INBOX",
        bytes: 17,
        inFlight: 1,
        internal: false,
      }),
      ev({ type: "untaggedReceived", at: 4, data: { type: "exists", count: 7 }, tags: ["A1"], bytes: 11 }),
      ev({
        type: "statusReceived",
        at: 5,
        status: {
          type: "status",
          tag: null,
          condition: "OK",
          code: { code: "UIDNEXT", value: 9 },
          text: "n",
        },
        bytes: 20,
      }),
      ev({
        type: "commandCompleted",
        at: 6,
        tag: "A1",
        name: "SELECT",
        status: "OK",
        code: null,
        text: "done",
        bytes: 14,
        cancelled: false,
        inferred: false,
      }),
      ev({
        type: "commandCompleted",
        at: 7,
        tag: "A2",
        name: "FETCH",
        status: "OK",
        code: null,
        text: "late",
        bytes: 9,
        cancelled: true,
        inferred: false,
      }),
      failed("A3", "IMAP_ERR_CLOSED"),
      failed("A4", "IMAP_ERR_CANCELLED"),
      ev({ type: "stateChanged", at: 9, from: "selected", to: "logout" }),
      ev({ type: "mailboxChanged", at: 9, mailbox: null, changes: [] }),
      ev({ type: "sessionClosed", at: 10, reason: "logout", error: null }),
    ]);
    expect(out).toEqual([
      { kind: "greeting", at: 1, text: "* OK ready", bytes: 12 },
      {
        kind: "sent",
        at: 3,
        tag: "A1",
        name: "SELECT",
        text: "A1 SELECT INBOX",
        bytes: 17,
        inFlight: 1,
        internal: false,
      },
      { kind: "untagged", at: 4, tags: ["A1"], text: "* 7 EXISTS", bytes: 11 },
      { kind: "untagged", at: 5, tags: [], text: "* OK [UIDNEXT 9] n", bytes: 20 },
      { kind: "completed", at: 6, tag: "A1", status: "OK", text: "A1 OK done", bytes: 14 },
      { kind: "completed", at: 7, tag: "A2", status: "cancelled", text: "A2 OK late", bytes: 9 },
      {
        kind: "completed",
        at: 8,
        tag: "A3",
        status: "failed",
        text: "A3 NOOP failed: IMAP_ERR_CLOSED gone",
        bytes: 0,
      },
      {
        kind: "completed",
        at: 8,
        tag: "A4",
        status: "cancelled",
        text: "A4 NOOP failed: IMAP_ERR_CANCELLED gone",
        bytes: 0,
      },
      { kind: "closed", at: 10, text: "session closed (logout)" },
    ]);
  });

  it("never carries credentials, SASL data or literal contents", () => {
    const out = toWireEvents([
      ev({
        type: "commandSent",
        at: 1,
        tag: "A1",
        name: "LOGIN",
        text: 'A1 LOGIN "demo" "hunter2"',
        bytes: 26,
        inFlight: 1,
        internal: false,
      }),
      ev({
        type: "continuationRequested",
        at: 2,
        tag: "A2",
        name: "AUTHENTICATE",
        code: null,
        text: "c2VjcmV0LWNoYWxsZW5nZQ==",
        bytes: 28,
      }),
      ev({ type: "continuationSent", at: 3, tag: "A2", name: "AUTHENTICATE", kind: "line", bytes: 40 }),
      ev({
        type: "untaggedReceived",
        at: 4,
        tags: ["A3"],
        bytes: 80,
        data: {
          type: "fetch",
          seq: 1,
          items: {
            uid: 5,
            sections: [
              { item: "BODY", section: "", origin: null, data: enc.encode("Dear Bob, the secret body") },
            ],
            preview: enc.encode("the secret preview"),
          },
        },
      }),
    ]);
    const text = JSON.stringify(out);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("c2VjcmV0");
    expect(text).not.toContain("secret");
    expect(out[0]).toMatchObject({ text: 'A1 LOGIN "demo" ***' });
    expect(out[3]).toMatchObject({ kind: "untagged", text: "* 1 FETCH (UID 5 BODY[] {25} PREVIEW …)" });
  });

  it("counts a literal's bytes once (in its command) and the bytes of DONE where they are sent", () => {
    const out = toWireEvents([
      ev({
        type: "continuationRequested",
        at: 1,
        tag: "A1",
        name: "APPEND",
        code: null,
        text: "Ready",
        bytes: 9,
      }),
      ev({ type: "continuationSent", at: 2, tag: "A1", name: "APPEND", kind: "literal", bytes: 300 }),
      ev({ type: "continuationSent", at: 3, tag: "A2", name: "IDLE", kind: "done", bytes: 6 }),
    ]);
    expect(out.map((w) => w.kind === "continuation" && [w.direction, w.text, w.bytes])).toEqual([
      ["in", "+ Ready", 9],
      ["out", "<literal>", 0],
      ["out", "DONE", 6],
    ]);
  });

  it("cuts long summaries and long UID sets to one short line", () => {
    const flags = Array.from({ length: 500 }, (_, i) => `$Label${i}`);
    const uids = Array.from({ length: 5000 }, (_, i) => [i * 3, i * 3 + 1]);
    const out = toWireEvents([
      ev({ type: "untaggedReceived", at: 1, tags: [], bytes: 5000, data: { type: "flags", flags } }),
      ev({
        type: "untaggedReceived",
        at: 2,
        tags: [],
        bytes: 9000,
        data: { type: "vanished", earlier: true, uids },
      }),
      ev({
        type: "commandSent",
        at: 3,
        tag: "A9",
        name: "UID FETCH",
        text: `A9 UID FETCH ${uids.map(([a]) => a).join(",")} (UID FLAGS ENVELOPE)`,
        bytes: 30_000,
        inFlight: 1,
        internal: false,
      }),
    ]);
    for (const wire of out) {
      expect("text" in wire && wire.text.length).toBeLessThanOrEqual(MAX_TRACE_TEXT);
      expect(wire.text).toContain("…");
    }
    expect(out[2]?.text.endsWith("(UID FLAGS ENVELOPE)")).toBe(true);
  });

  it("turns a 5,000-row FETCH burst into wire facts quickly", () => {
    const burst = Array.from({ length: 5000 }, (_, i) =>
      ev({
        type: "untaggedReceived",
        at: i,
        tags: ["A9"],
        bytes: 60,
        data: { type: "fetch", seq: i + 1, items: { uid: i + 1, flags: ["\\Seen"], rfc822Size: 1200 } },
      }),
    );
    const start = performance.now();
    expect(toWireEvents(burst)).toHaveLength(5000);
    expect(performance.now() - start).toBeLessThan(250);
  });
});
