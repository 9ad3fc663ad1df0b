import { describe, expect, it } from "vitest";
import { completed, octets, sent, untagged } from "../../test/trace-events.js";
import { ImapLocalError, ImapRemoteError } from "../errors.js";
import type { SessionEvent } from "../session/events.js";
import { formatTraceEvent, MAX_TRACE_TEXT } from "./format.js";

/** The line without its timing column. */
function body(event: SessionEvent): string | null {
  return formatTraceEvent(event, 0)?.replace(/^\+\s*[\d.]+ms {2}/, "") ?? null;
}

describe("formatTraceEvent", () => {
  it("formats timing, tag, direction, text and size", () => {
    expect(formatTraceEvent(sent("A1", "LOGIN", "A1 LOGIN alice ***", 1012.5), 1000)).toBe(
      "+    12.500ms  A1       C: A1 LOGIN alice ***  (20 B)",
    );
  });

  it.each<[string, SessionEvent, string]>([
    [
      "greetingReceived",
      { type: "greetingReceived", condition: "OK", code: null, text: "ready", bytes: 12, at: 0 },
      "*        S: * OK ready  (12 B)",
    ],
    [
      "continuationRequested",
      {
        type: "continuationRequested",
        tag: "A2",
        name: "IDLE",
        code: null,
        text: "idling",
        bytes: 10,
        at: 0,
      },
      "+        S: + idling  (10 B) -> A2",
    ],
    [
      "continuationSent",
      { type: "continuationSent", tag: "A2", name: "IDLE", kind: "done", bytes: 6, at: 0 },
      "A2       C: DONE  (6 B)",
    ],
    [
      "untaggedReceived",
      untagged({ type: "exists", count: 3 }, "* 3 EXISTS\r\n", ["A3", "A4"]),
      "*        S: * 3 EXISTS  (12 B) -> A3,A4",
    ],
    [
      "statusReceived",
      {
        type: "statusReceived",
        status: {
          type: "status",
          tag: null,
          condition: "OK",
          code: { code: "UIDNEXT", value: 9 },
          text: "next",
        },
        bytes: 22,
        at: 0,
      },
      "*        S: * OK [UIDNEXT 9] next  (22 B)",
    ],
    [
      "bodyStarted",
      {
        type: "bodyStarted",
        tag: "A5",
        seq: 2,
        uid: 9,
        item: "BODY",
        section: "",
        origin: null,
        size: 70000,
        at: 0,
      },
      "*        S: * 2 FETCH BODY[] {70000} streaming -> A5",
    ],
    ["bodyEnded", { type: "bodyEnded", tag: null, at: 0 }, "*        S: (end of streamed body)"],
    [
      "commandCompleted",
      completed("A6", "A6 OK done\r\n", 3.5),
      "A6       S: A6 OK done  (12 B) rtt 2.500ms",
    ],
    [
      "commandFailed",
      {
        type: "commandFailed",
        tag: "A7",
        name: "SELECT",
        error: new ImapLocalError("IMAP_ERR_BAD_STATE", "not authenticated"),
        sent: false,
        internal: false,
        at: 0,
      },
      "A7       !: SELECT failed: IMAP_ERR_BAD_STATE not authenticated",
    ],
    [
      "responseRejected",
      {
        type: "responseRejected",
        code: "IMAP_ERR_SYNTAX",
        message: "bad",
        tag: null,
        response: null,
        bytes: 9,
        raw: octets("* 1 BOGUS\r\n"),
        at: 0,
      },
      "?        !: response rejected: IMAP_ERR_SYNTAX bad  (9 B)",
    ],
    [
      "sessionClosed",
      { type: "sessionClosed", reason: "bye", error: new ImapRemoteError("IMAP_ERR_BYE", "later"), at: 0 },
      "-        -: session closed (bye): IMAP_ERR_BYE later",
    ],
  ])("renders %s", (_type, event, expected) => {
    expect(body(event)).toBe(expected);
  });

  it("marks internal commands and redacts a LOGIN that still holds its password", () => {
    const event = { ...sent("A1", "LOGIN", "A1 LOGIN alice hunter2"), internal: true } as SessionEvent;
    expect(body(event)).toBe("A1       C: A1 LOGIN alice ***  (24 B) (internal)");
  });

  it("marks the late completion of a cancelled command", () => {
    expect(body({ ...completed("A6", "A6 OK done\r\n", 3.5), cancelled: true })).toBe(
      "A6       S: A6 OK done  (12 B) rtt 2.500ms (cancelled)",
    );
  });

  it("cuts long text with an ellipsis", () => {
    const line = body(sent("A1", "SEARCH", `A1 SEARCH ${"x".repeat(1000)}`)) as string;
    expect(line).toContain(`${"x".repeat(MAX_TRACE_TEXT - 11)}…  (1012 B)`);
  });

  it.each<SessionEvent>([
    { type: "commandQueued", tag: "A1", name: "NOOP", text: "A1 NOOP", internal: false, at: 1 },
    { type: "bodyChunk", tag: null, data: new Uint8Array(3), at: 1 },
    { type: "stateChanged", from: "notAuthenticated", to: "authenticated", at: 1 },
  ])("returns null for $type, which is not on the wire", (event) => {
    expect(formatTraceEvent(event, 0)).toBeNull();
  });
});
