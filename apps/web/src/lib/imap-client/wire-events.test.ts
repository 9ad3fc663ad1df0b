import { ImapLocalError, type SessionEvent } from "@tagwire/imap";
import { describe, expect, it } from "vitest";
import { MAX_WIRE_TEXT, toWireEvents } from "./wire-events";

const enc = new TextEncoder();

function ev(event: Record<string, unknown>): SessionEvent {
  return event as unknown as SessionEvent;
}

describe("toWireEvents", () => {
  it("maps sent, completed, failed, untagged, status, greeting and closed; drops the rest", () => {
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
      }),
      ev({
        type: "commandFailed",
        at: 8,
        tag: "A3",
        name: "NOOP",
        error: new ImapLocalError("IMAP_ERR_CANCELLED", "cancelled"),
        sent: true,
        internal: false,
      }),
      ev({ type: "stateChanged", at: 9, from: "selected", to: "logout" }),
      ev({ type: "sessionClosed", at: 10, reason: "logout", error: null }),
    ]);
    expect(out).toEqual([
      { kind: "greeting", at: 1, text: "* OK ready", bytes: 12 },
      { kind: "sent", at: 3, tag: "A1", name: "SELECT", text: "A1 SELECT INBOX", bytes: 17, inFlight: 1 },
      { kind: "untagged", at: 4, tags: ["A1"], text: "* 7 EXISTS", bytes: 11 },
      { kind: "untagged", at: 5, tags: [], text: "* OK [UIDNEXT 9] n", bytes: 20 },
      { kind: "completed", at: 6, tag: "A1", status: "OK", text: "A1 OK done", bytes: 14 },
      { kind: "completed", at: 7, tag: "A2", status: "cancelled", text: "A2 OK late", bytes: 9 },
      {
        kind: "completed",
        at: 8,
        tag: "A3",
        status: "failed",
        text: "NOOP failed: IMAP_ERR_CANCELLED",
        bytes: 0,
      },
      { kind: "closed", at: 10, text: "closed (logout)" },
    ]);
  });

  it("never carries credentials or literal contents", () => {
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
        type: "untaggedReceived",
        at: 2,
        tags: ["A2"],
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
    expect(text).not.toContain("secret");
    expect(out[1]).toMatchObject({ kind: "untagged", text: "* 1 FETCH (UID 5 BODY[] {25} PREVIEW …)" });
  });

  it("cuts long summaries to one short line", () => {
    const flags = Array.from({ length: 500 }, (_, i) => `$Label${i}`);
    const [wire] = toWireEvents([
      ev({ type: "untaggedReceived", at: 1, tags: [], bytes: 5000, data: { type: "flags", flags } }),
    ]);
    expect(wire?.kind === "untagged" && wire.text.length).toBe(MAX_WIRE_TEXT);
    expect(wire?.kind === "untagged" && wire.text.endsWith("…")).toBe(true);
  });

  it("handles a 5,000-row FETCH burst quickly", () => {
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
    const out = toWireEvents(burst);
    expect(out).toHaveLength(5000);
    expect(performance.now() - start).toBeLessThan(250);
  });
});
