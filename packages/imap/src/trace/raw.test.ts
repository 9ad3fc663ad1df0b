import { describe, expect, it } from "vitest";
import { completed, octets, sent, untagged } from "../../test/trace-events.js";
import type { SessionEvent } from "../session/events.js";
import type { FetchResponse } from "../types/response.js";
import { type RawLine, rawLines } from "./raw.js";

/** Lines as `C|S [tags] text (bytes)`. */
function show(lines: readonly RawLine[]): string[] {
  return lines.map(
    (l) =>
      `${l.direction} [${l.tags.join(",")}] ${l.kind === "literal" ? "literal " : ""}${l.text} (${l.bytes})`,
  );
}

describe("rawLines", () => {
  it("renders a command from its trace text", () => {
    expect(show(rawLines(sent("A1", "SELECT", 'A1 SELECT "Entwürfe"')))).toEqual([
      'C [A1] A1 SELECT "Entw\\xc3\\xbcrfe" (22)',
    ]);
  });

  it.each<[string, SessionEvent, string[]]>([
    [
      "greetingReceived",
      {
        type: "greetingReceived",
        condition: "OK",
        code: null,
        text: "ready",
        bytes: 12,
        raw: octets("* OK ready\r\n"),
        at: 0,
      },
      ["S [] * OK ready (12)"],
    ],
    [
      "continuationRequested",
      {
        type: "continuationRequested",
        tag: "A2",
        name: "AUTHENTICATE",
        code: null,
        text: "",
        bytes: 4,
        raw: octets("+ \r\n"),
        at: 0,
      },
      ["S [A2] +  (4)"],
    ],
    [
      "untaggedReceived",
      untagged({ type: "exists", count: 3 }, "* 3 EXISTS\r\n", ["A3", "A4"]),
      ["S [A3,A4] * 3 EXISTS (12)"],
    ],
    [
      "statusReceived",
      {
        type: "statusReceived",
        status: { type: "status", tag: null, condition: "BYE", code: null, text: "bye" },
        bytes: 11,
        raw: octets("* BYE bye\r\n"),
        at: 0,
      },
      ["S [] * BYE bye (11)"],
    ],
    ["commandCompleted", completed("A5", "A5 OK done\r\n"), ["S [A5] A5 OK done (12)"]],
    [
      "responseRejected",
      {
        type: "responseRejected",
        code: "IMAP_ERR_SYNTAX",
        message: "bad",
        tag: "A6",
        response: null,
        bytes: 12,
        raw: octets("A6 WHAT\x07\r\n"),
        at: 0,
      },
      ["S [A6] A6 WHAT\\x07 (10)"],
    ],
    [
      "continuationSent (literal)",
      { type: "continuationSent", tag: "A7", name: "APPEND", kind: "literal", bytes: 300, at: 0 },
      ["C [A7] literal <literal, 300 bytes> (300)"],
    ],
    [
      "continuationSent (a literal of LOGIN)",
      { type: "continuationSent", tag: "A7", name: "LOGIN", kind: "literal", bytes: 12, at: 0 },
      ["C [A7] literal *** (12)"],
    ],
    [
      "continuationSent (SASL line)",
      { type: "continuationSent", tag: "A8", name: "AUTHENTICATE", kind: "line", bytes: 30, at: 0 },
      ["C [A8] *** (30)"],
    ],
    [
      "continuationSent (DONE)",
      { type: "continuationSent", tag: "A9", name: "IDLE", kind: "done", bytes: 6, at: 0 },
      ["C [A9] DONE (6)"],
    ],
    [
      "continuationSent (cancel)",
      { type: "continuationSent", tag: "B1", name: "AUTHENTICATE", kind: "cancel", bytes: 3, at: 0 },
      ["C [B1] * (3)"],
    ],
  ])("renders %s", (_type, event, expected) => {
    expect(show(rawLines(event))).toEqual(expected);
  });

  it("shows a literal's octets as one entry between the lines around it", () => {
    const raw = "* 1 FETCH (UID 7 BODY[HEADER] {12}\r\nSubject: x\r\n)\r\n";
    const data: FetchResponse = {
      type: "fetch",
      seq: 1,
      items: {
        uid: 7,
        sections: [{ item: "BODY", section: "HEADER", origin: null, data: octets("Subject: x\r\n") }],
      },
    };
    expect(show(rawLines(untagged(data, raw, ["A1"])))).toEqual([
      "S [A1] * 1 FETCH (UID 7 BODY[HEADER] {12} (36)",
      "S [A1] literal Subject: x\\r\\n (12)",
      "S [A1] ) (3)",
    ]);
  });

  it("marks a streamed body, whose octets the event does not hold", () => {
    const raw = "* 2 FETCH (UID 9 BODY[] {70000}\r\n)\r\n";
    const data: FetchResponse = {
      type: "fetch",
      seq: 2,
      items: {
        uid: 9,
        sections: [{ item: "BODY", section: "", origin: null, data: null, streamedSize: 70000 }],
      },
    };
    expect(show(rawLines(untagged(data, raw, ["A1"])))).toEqual([
      "S [A1] * 2 FETCH (UID 9 BODY[] {70000} (33)",
      "S [A1] literal <70000 octets streamed> (70000)",
      "S [A1] ) (3)",
    ]);
  });

  it("clips long lines with a count of what is left out", () => {
    const raw = `* SEARCH ${"1 ".repeat(2000)}\r\n`;
    const [line] = rawLines(untagged({ type: "search", numbers: new Uint32Array(), modseq: null }, raw), {
      maxLineOctets: 20,
    });
    expect(line?.text).toBe(`* SEARCH 1 1 1 1 1 1… (+${raw.length - 22} bytes)`);
    expect(line?.bytes).toBe(raw.length);
  });

  it("has nothing for server events without raw octets, nor for events not on the wire", () => {
    expect(rawLines(completed("A1"))).toEqual([]);
    expect(rawLines({ type: "bodyChunk", tag: null, data: octets("x"), at: 0 })).toEqual([]);
    expect(rawLines({ type: "stateChanged", from: "notAuthenticated", to: "authenticated", at: 0 })).toEqual(
      [],
    );
  });

  it("carries the event's timestamp", () => {
    expect(rawLines(completed("A1", "A1 OK\r\n", 42)).map((l) => l.at)).toEqual([42]);
  });
});
