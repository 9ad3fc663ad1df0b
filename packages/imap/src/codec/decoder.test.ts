import { describe, expect, it } from "vitest";
import { bytes, concatBytes, expectSameEverywhere } from "../../test/feed.js";
import { ImapLocalError } from "../errors.js";
import { latin1Decode } from "../text/text.js";
import type { FetchResponse, Response } from "../types/response.js";
import type { DecodeEvent } from "./decode-event.js";
import { decodeAll, ResponseDecoder } from "./decoder.js";

function responses(events: readonly DecodeEvent[]): Response[] {
  return events.flatMap((e) => (e.type === "response" ? [e.response] : []));
}

function onlyFetch(events: readonly DecodeEvent[]): FetchResponse {
  const [response] = responses(events);
  expect(response?.type).toBe("fetch");
  return response as FetchResponse;
}

function sectionText(fetch: FetchResponse, index = 0): string | null {
  const data = fetch.items.sections?.[index]?.data;
  return data === undefined || data === null ? null : latin1Decode(data);
}

describe("ResponseDecoder: framing cases of PROTOCOL.md §2 end to end", () => {
  it("decodes a greeting and a tagged completion, with wire sizes", () => {
    const events = expectSameEverywhere(bytes("* OK [CAPABILITY IMAP4rev1] ready\r\nA1 OK done\r\n"));
    expect(events).toMatchObject([
      { type: "response", size: 35, response: { type: "status", tag: null, condition: "OK" } },
      { type: "response", size: 12, response: { type: "status", tag: "A1", condition: "OK", text: "done" } },
    ]);
  });

  it("keeps CRLF, ')', '{5}' and '* OK' inside a literal as data (case 1)", () => {
    const literal = "a)\r\n{5}\r\n* OK x\r\nA1 OK fake\r\n";
    const events = expectSameEverywhere(
      bytes(`* 1 FETCH (BODY[] {${literal.length}}\r\n${literal})\r\nA1 OK real\r\n`),
    );
    expect(sectionText(onlyFetch(events))).toBe(literal);
    expect(responses(events)[1]).toMatchObject({ type: "status", tag: "A1", text: "real" });
    expect(responses(events)).toHaveLength(2);
  });

  it("decodes {0} before ')' and before SP as empty data (case 2)", () => {
    const events = expectSameEverywhere(
      bytes("* 1 FETCH (BODY[] {0}\r\n)\r\n* 2 FETCH (BODY[1] {0}\r\n UID 5)\r\n"),
    );
    const [a, b] = responses(events) as FetchResponse[];
    expect(a?.items.sections?.[0]?.data).toEqual(new Uint8Array(0));
    expect(b?.items.sections?.[0]?.data).toEqual(new Uint8Array(0));
    expect(b?.items.uid).toBe(5);
  });

  it("decodes several literals of one response (case 3) and a zero-padded count (case 5)", () => {
    const events = expectSameEverywhere(
      bytes("* 4 FETCH (BODY[1] {003}\r\none BODY[2] {012}\r\nhello world!)\r\n"),
    );
    const fetch = onlyFetch(events);
    expect(sectionText(fetch, 0)).toBe("one");
    expect(sectionText(fetch, 1)).toBe("hello world!");
  });

  it("ends decoding on an absurd count and ignores later pushes (case 6)", () => {
    const decoder = new ResponseDecoder();
    decoder.push(bytes("* OK hi\r\n* 1 FETCH (BODY[] {99999999999999999999}\r\n"));
    expect(decoder.next()).toMatchObject({ type: "response" });
    const lost = decoder.next();
    expect(lost?.type).toBe("framingLost");
    expect(lost?.type === "framingLost" && lost.error.code).toBe("IMAP_ERR_LITERAL_TOO_LARGE");
    decoder.push(bytes("A1 OK\r\n"));
    expect(decoder.next()).toBeNull();
    expect(decoder.next()).toBeNull();
  });

  it("decodes ~{n} literal8 holding NUL octets (case 7)", () => {
    const events = expectSameEverywhere(bytes("\0\0* 1 FETCH (BINARY[1] ~{5}\r\n\0a\0\r\0)\r\n"));
    expect(onlyFetch(events).items.sections?.[0]).toMatchObject({ item: "BINARY", section: "1" });
    expect(sectionText(onlyFetch(events))).toBe("\0a\0\r\0");
  });

  it("reads {n} inside an open quoted string as text (case 8)", () => {
    const events = expectSameEverywhere(bytes('* OK [ALERT] "unterminated {5}\r\nA1 OK done\r\n'));
    expect(responses(events)).toMatchObject([
      { type: "status", tag: null, code: { code: "ALERT" } },
      { type: "status", tag: "A1" },
    ]);
  });

  it("decodes bare-LF lines, also after {n} (case 9)", () => {
    const events = expectSameEverywhere(bytes("* 1 FETCH (BODY[] {3}\nabc)\nA1 OK done\n"));
    expect(sectionText(onlyFetch(events))).toBe("abc");
    expect(responses(events)[1]).toMatchObject({ type: "status", tag: "A1" });
  });

  it("stops at a wrong literal length instead of reading literal bytes as protocol (case 10)", () => {
    const events = expectSameEverywhere(bytes("* 1 FETCH (BODY[] {3}\r\nabcA1 OK fake\r\n)\r\nA2 OK\r\n"));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "framingLost", error: { code: "IMAP_ERR_BAD_LITERAL" } });
  });

  it("decodes literals where a quoted string would do (case 11)", () => {
    const events = expectSameEverywhere(bytes('* LIST (\\HasNoChildren) "/" {5}\r\nA&-B \r\n'));
    expect(responses(events)[0]).toMatchObject({ type: "list", mailbox: { name: "A&B " } });
  });

  it("skips NUL octets before a response (case 22)", () => {
    const events = expectSameEverywhere(bytes("\0\0\0* 3 EXISTS\r\n\0A1 OK\r\n"));
    expect(responses(events)).toMatchObject([
      { type: "exists", count: 3 },
      { type: "status", tag: "A1" },
    ]);
  });

  it("returns parsed values as views of the pushed chunk when the response lies in it", () => {
    const input = bytes("* 1 FETCH (BODY[] {5}\r\nhello)\r\n");
    const [event] = decodeAll(input);
    const data =
      event?.type === "response" &&
      event.response.type === "fetch" &&
      event.response.items.sections?.[0]?.data;
    expect(data instanceof Uint8Array && data.buffer).toBe(input.buffer);
  });
});

describe("ResponseDecoder: limits", () => {
  it("rejects an over-long line and decodes the next response", () => {
    const long = `* SEARCH${" 12".repeat(50)}\r\n`;
    const events = expectSameEverywhere(bytes(`${long}A1 OK done\r\n`), { maxLineLength: 64 });
    expect(events).toMatchObject([
      { type: "responseRejected", error: { code: "IMAP_ERR_LINE_TOO_LONG" }, tag: null, size: long.length },
      { type: "response", response: { type: "status", tag: "A1" } },
    ]);
  });

  it("keeps the tag of a rejected tagged completion so its command can end", () => {
    const long = `A7 OK [ALERT] ${"x".repeat(100)}\r\n`;
    const events = expectSameEverywhere(bytes(`${long}A8 NO [TRYCREATE] {50}\r\n${"y".repeat(50)}\r\n`), {
      maxLineLength: 64,
      maxLiteralSize: 32,
    });
    expect(events).toMatchObject([
      { type: "responseRejected", error: { code: "IMAP_ERR_LINE_TOO_LONG" }, tag: "A7" },
      { type: "responseRejected", error: { code: "IMAP_ERR_LITERAL_TOO_LARGE" }, tag: "A8" },
    ]);
  });

  it("reports a rejected response's tag only when its first word is a valid tag", () => {
    for (const [head, tag] of [
      ["A]1", "A]1"],
      ["+", null],
      ["A+1", null],
      ["A(1", null],
      ["A%1", null],
      ["A\u00e91", null],
    ] as const) {
      const long = `${head} OK ${"x".repeat(100)}\r\n`;
      expect(decodeAll(bytes(long), { maxLineLength: 64 })).toMatchObject([
        { type: "responseRejected", tag },
      ]);
    }
  });

  it("rejects a literal over maxLiteralSize and decodes the next response", () => {
    const events = expectSameEverywhere(bytes(`* LIST () "/" {40}\r\n${"x".repeat(40)}\r\n* 2 EXISTS\r\n`), {
      maxLiteralSize: 32,
    });
    expect(events).toMatchObject([
      { type: "responseRejected", error: { code: "IMAP_ERR_LITERAL_TOO_LARGE" } },
      { type: "response", response: { type: "exists", count: 2 } },
    ]);
  });

  it("rejects a response over maxResponseSize and decodes the next response", () => {
    const input = `* 1 FETCH (BODY[1] {20}\r\n${"a".repeat(20)} BODY[2] {20}\r\n${"b".repeat(20)})\r\nA1 OK\r\n`;
    const events = expectSameEverywhere(bytes(input), { maxResponseSize: 64 });
    expect(events).toMatchObject([
      { type: "responseRejected", error: { code: "IMAP_ERR_RESPONSE_TOO_LARGE" } },
      { type: "response", response: { type: "status", tag: "A1" } },
    ]);
  });

  it("rejects nesting deeper than maxNesting and decodes the next response", () => {
    const deep = `* 1 FETCH (X-EXT ${"(".repeat(6)}1${")".repeat(6)})\r\n`;
    const events = expectSameEverywhere(bytes(`${deep}A1 OK\r\n`), { maxNesting: 4 });
    expect(events).toMatchObject([
      { type: "responseRejected", error: { code: "IMAP_ERR_NESTING_TOO_DEEP" }, size: deep.length },
      { type: "response", response: { type: "status", tag: "A1" } },
    ]);
    const shallow = expectSameEverywhere(bytes(deep), { maxNesting: 10 });
    expect(shallow).toMatchObject([{ type: "response", response: { type: "fetch" } }]);
  });

  it("survives 100k nested parentheses under the default limits", () => {
    const deep = `* 1 FETCH (X-EXT ${"(".repeat(100_000)}${")".repeat(100_000)})\r\nA1 OK\r\n`;
    expect(decodeAll(bytes(deep))).toMatchObject([
      { type: "responseRejected", error: { code: "IMAP_ERR_NESTING_TOO_DEEP" } },
      { type: "response", response: { type: "status", tag: "A1" } },
    ]);
  });

  it("refuses invalid limits with a local error", () => {
    expect(() => new ResponseDecoder({ maxLineLength: -1 })).toThrow(ImapLocalError);
    expect(() => new ResponseDecoder({ streamThreshold: 1.5 })).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
    );
  });
});

describe("ResponseDecoder: body streaming", () => {
  it("streams a body above the threshold and parses the FETCH around it", () => {
    const body = "x".repeat(40);
    const events = expectSameEverywhere(
      bytes(`* 9 FETCH (UID 300 BODY[1.2]<10> {40}\r\n${body} FLAGS (\\Seen))\r\n`),
      {
        streamThreshold: 16,
      },
    );
    expect(events.slice(0, 3)).toEqual([
      { type: "bodyStarted", seq: 9, uid: 300, item: "BODY", section: "1.2", origin: 10, size: 40 },
      { type: "bodyChunk", data: bytes(body) },
      { type: "bodyEnded" },
    ]);
    const fetch = onlyFetch(events.slice(3));
    expect(fetch).toMatchObject({ seq: 9, items: { uid: 300, flags: ["\\Seen"] } });
    expect(fetch.items.sections?.[0]).toMatchObject({
      item: "BODY",
      section: "1.2",
      origin: 10,
      data: null,
      streamedSize: 40,
    });
  });

  it("streams a 5 MiB body in 64 KiB chunks with bounded memory and identical bytes", () => {
    const size = 5 * 1024 * 1024;
    const body = new Uint8Array(size);
    for (let i = 0; i < size; i++) body[i] = (i * 31 + (i >>> 11)) & 0xff;
    const input = concatBytes([
      bytes(`* 12 FETCH (UID 4242 BODY[] {${size}}\r\n`),
      body,
      bytes(")\r\nA7 OK done\r\n"),
    ]);
    const decoder = new ResponseDecoder();
    const seen: string[] = [];
    let received = 0;
    let mismatch = -1;
    let maxBuffered = 0;
    for (let at = 0; at < input.length; at += 65536) {
      decoder.push(input.subarray(at, at + 65536));
      for (let event = decoder.next(); event !== null; event = decoder.next()) {
        if (event.type === "bodyChunk") {
          for (let i = 0; i < event.data.length && mismatch < 0; i++) {
            if (event.data[i] !== body[received + i]) mismatch = received + i;
          }
          received += event.data.length;
        } else {
          seen.push(event.type === "response" ? event.response.type : event.type);
          if (event.type === "bodyStarted") expect(event).toMatchObject({ seq: 12, uid: 4242, size });
        }
      }
      maxBuffered = Math.max(maxBuffered, decoder.bufferedBytes);
    }
    expect(seen).toEqual(["bodyStarted", "bodyEnded", "fetch", "status"]);
    expect(received).toBe(size);
    expect(mismatch).toBe(-1);
    // Constant, not growing with the body: at most the prefix accumulator and one chunk.
    expect(maxBuffered).toBeLessThanOrEqual(65536 + 2048);
  });
});

describe("ResponseDecoder: options and helpers", () => {
  it("applies setUtf8 to the responses pulled after it", () => {
    const decoder = new ResponseDecoder();
    decoder.push(bytes('* LIST () "/" "Entw&APw-rfe"\r\n* LIST () "/" "Entw\xc3\xbcrfe"\r\n'));
    expect(decoder.next()).toMatchObject({ response: { mailbox: { name: "Entwürfe" } } });
    decoder.setUtf8(true);
    expect(decoder.next()).toMatchObject({ response: { mailbox: { name: "Entwürfe" } } });
    const legacy = decodeAll(bytes('* LIST () "/" "Entw\xc3\xbcrfe"\r\n'));
    expect(legacy).not.toMatchObject([{ response: { mailbox: { name: "Entwürfe" } } }]);
  });

  it("decodeAll ignores an incomplete trailing response", () => {
    expect(decodeAll(bytes("A1 OK done\r\n* 1 FETCH (BODY[] {10}\r\nabc"))).toHaveLength(1);
  });
});

describe("ResponseDecoder: quirks", () => {
  it("passes parser quirk settings through", () => {
    const input = bytes("* SEARCH 1 2 \r\n");
    expect(decodeAll(input)).toMatchObject([{ type: "response", response: { type: "search" } }]);
    expect(decodeAll(input, { quirks: { trailingSpace: false } })).toMatchObject([
      { type: "response", response: { type: "unparsed" } },
    ]);
  });
});
