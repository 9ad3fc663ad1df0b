import { describe, expect, it } from "vitest";
import { decodeAll } from "../src/codec/decoder.js";
import type { SessionEvent } from "../src/session/events.js";
import { describeData, formatTraceEvent } from "./trace.js";

function data(line: string) {
  const [event] = decodeAll(new TextEncoder().encode(line));
  if (
    event?.type !== "response" ||
    event.response.type === "status" ||
    event.response.type === "continuation" ||
    event.response.type === "unparsed"
  ) {
    throw new Error(`not untagged data: ${line}`);
  }
  return event.response;
}

describe("trace lines", () => {
  it.each([
    ["* 3 EXISTS\r\n", "* 3 EXISTS"],
    ['* LIST (\\HasNoChildren) "/" "&AOQ-"\r\n', '* LIST (\\HasNoChildren) "/" "ä"'],
    ["* 2 FETCH (UID 7 FLAGS (\\Seen) BODY[] {3}\r\nabc)\r\n", "* 2 FETCH (UID 7 FLAGS (\\Seen) BODY[] {3})"],
    ['* ESEARCH (TAG "A1") UID COUNT 2 ALL 4:5\r\n', '* ESEARCH (TAG "A1") UID COUNT 2 ALL 4:5'],
    ["* VANISHED (EARLIER) 1:3,7\r\n", "* VANISHED (EARLIER) 1:3,7"],
    ["* STATUS INBOX (MESSAGES 3 UIDNEXT 9)\r\n", '* STATUS "INBOX" (MESSAGES 3 UIDNEXT 9)'],
  ])("renders %j", (line, expected) => {
    expect(describeData(data(line))).toBe(expected);
  });

  it("abridges long SEARCH results", () => {
    const numbers = Array.from({ length: 50 }, (_, i) => i + 1).join(" ");
    expect(describeData(data(`* SEARCH ${numbers}\r\n`))).toMatch(/^\* SEARCH 1 2 3 .* 20 … \(50 numbers\)$/);
  });

  it("formats timing, tag, direction, text and size", () => {
    const sent: SessionEvent = {
      type: "commandSent",
      tag: "A1",
      name: "LOGIN",
      text: "A1 LOGIN alice ***",
      bytes: 25,
      inFlight: 1,
      internal: false,
      at: 1012.5,
    };
    expect(formatTraceEvent(sent, 1000)).toBe("+    12.500ms  A1       C: A1 LOGIN alice ***  (25 B)");
    const queued: SessionEvent = {
      type: "commandQueued",
      tag: "A1",
      name: "NOOP",
      text: "A1 NOOP",
      internal: false,
      at: 1,
    };
    expect(formatTraceEvent(queued, 0)).toBeNull();
  });
});
