/** The trace renderers over what the real parser and session produce. */
import { describe, expect, it } from "vitest";
import { decodeAll } from "../src/codec/decoder.js";
import { utf8Encode } from "../src/text/text.js";
import { describeData, formatTraceEvent, rawLines, toJson } from "../src/trace/index.js";
import { selectedPair } from "./session-pair.js";

function data(line: string) {
  const [event] = decodeAll(utf8Encode(line));
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

describe("describeData", () => {
  it.each([
    ["* 3 EXISTS\r\n", "* 3 EXISTS"],
    ['* LIST (\\HasNoChildren) "/" "&AOQ-"\r\n', '* LIST (\\HasNoChildren) "/" "ä"'],
    ["* 2 FETCH (UID 7 FLAGS (\\Seen) BODY[] {3}\r\nabc)\r\n", "* 2 FETCH (UID 7 FLAGS (\\Seen) BODY[] {3})"],
    ['* ESEARCH (TAG "A1") UID COUNT 2 ALL 4:5\r\n', '* ESEARCH (TAG "A1") UID COUNT 2 ALL 4:5'],
    ["* VANISHED (EARLIER) 1:3,7\r\n", "* VANISHED (EARLIER) 1:3,7"],
    ["* STATUS INBOX (MESSAGES 3 UIDNEXT 9)\r\n", '* STATUS "INBOX" (MESSAGES 3 UIDNEXT 9)'],
    ["* CAPABILITY IMAP4rev1 IDLE\r\n", "* CAPABILITY IMAP4REV1 IDLE"],
    ['* ID ("name" "Dovecot")\r\n', '* ID ("name" "Dovecot")'],
    ["* FLAGS (\\Seen \\Draft)\r\n", "* FLAGS (\\Seen \\Draft)"],
    ["* 4 EXPUNGE\r\n", "* 4 EXPUNGE"],
    ["* SORT 3 1 2\r\n", "* SORT 3 1 2"],
    ["* THREAD (1)(2 3)\r\n", "* THREAD (2 threads)"],
  ])("renders %j", (line, expected) => {
    expect(describeData(data(line))).toBe(expected);
  });

  it("abridges long SEARCH results", () => {
    const numbers = Array.from({ length: 50 }, (_, i) => i + 1).join(" ");
    expect(describeData(data(`* SEARCH ${numbers}\r\n`))).toMatch(/^\* SEARCH 1 2 3 .* 20 … \(50 numbers\)$/);
  });
});

describe("toJson", () => {
  it("renders parsed responses as plain JSON", () => {
    expect(toJson(data('* LIST (\\HasNoChildren) "/" "&ZeVnLIqe-"\r\n'))).toEqual({
      type: "list",
      command: "LIST",
      attributes: ["\\HasNoChildren"],
      delimiter: "/",
      mailbox: "日本語",
      extended: [],
    });
  });
});

describe("a session's trace", () => {
  it("renders a pipelined exchange as text and raw lines, grouped by tag", () => {
    const pair = selectedPair({ keepRaw: true });
    const fetch = pair.send({ name: "FETCH", uid: true, set: "1:*", attributes: ["FLAGS"] });
    const noop = pair.send({ name: "NOOP" });
    pair.clientToServer();
    pair.server.send("* 1 FETCH (UID 5 FLAGS (\\Seen))", `${noop} OK noop`, `${fetch} OK fetched`);
    pair.serverToClient();
    const start = pair.events[0]?.at ?? 0;
    const text = pair.events.flatMap((e) => formatTraceEvent(e, start) ?? []);
    expect(text.some((l) => l.includes(`C: ${fetch} UID FETCH 1:* (FLAGS)`))).toBe(true);
    expect(
      text.some((l) => l.includes(`S: * 1 FETCH (UID 5 FLAGS (\\Seen))`) && l.endsWith(`-> ${fetch}`)),
    ).toBe(true);
    const raw = pair.events.flatMap((e) => rawLines(e)).filter((l) => l.tags.includes(fetch));
    expect(raw.map((l) => `${l.direction}: ${l.text}`)).toEqual([
      `C: ${fetch} UID FETCH 1:* (FLAGS)`,
      "S: * 1 FETCH (UID 5 FLAGS (\\Seen))",
      `S: ${fetch} OK fetched`,
    ]);
  });
});
