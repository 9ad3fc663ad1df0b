import { describe, expect, it } from "vitest";
import { bytes, concatBytes } from "../../test/feed.js";
import { latin1Decode } from "../text/text.js";
import type { DecoderLimits } from "./decode-event.js";
import { type FramerEvent, ResponseFramer } from "./framer.js";
import { resolveLimits } from "./limits.js";

/** A framer event in comparable form: frames as text, streamed maps as entry lists, errors as codes. */
type Shown =
  | { type: "frame"; text: string; streamed: Array<[number, number]>; size: number }
  | { type: "body"; text: string }
  | { type: string; [key: string]: unknown };

function run(chunks: Iterable<Uint8Array>, limits: Partial<DecoderLimits> = {}): Shown[] {
  const framer = new ResponseFramer(resolveLimits(limits));
  const shown: Shown[] = [];
  let body: Uint8Array[] | null = null;
  const drain = (): void => {
    for (let event = framer.next(); event !== null; event = framer.next()) {
      if (event.type === "bodyChunk") {
        if (body === null) body = [];
        body.push(event.data.slice());
        continue;
      }
      if (event.type === "bodyEnded" && body !== null) {
        shown.push({ type: "body", text: latin1Decode(concatBytes(body)) });
        body = null;
      }
      shown.push(show(event));
    }
  };
  for (const chunk of chunks) {
    framer.push(chunk);
    drain();
  }
  return shown;
}

function show(event: FramerEvent): Shown {
  switch (event.type) {
    case "frame":
      return {
        type: "frame",
        text: latin1Decode(event.bytes),
        streamed: [...(event.streamed ?? new Map<number, number>())],
        size: event.size,
      };
    case "responseRejected":
      return { type: event.type, code: event.error.code, size: event.size };
    case "framingLost":
      return { type: event.type, code: event.error.code };
    default:
      return { ...event };
  }
}

/** Frames `text` whole, byte by byte and split at every point; asserts the results agree. */
function frameEverywhere(text: string, limits: Partial<DecoderLimits> = {}): Shown[] {
  const input = bytes(text);
  const whole = run([input], limits);
  const single: Uint8Array[] = [];
  for (let i = 0; i < input.length; i++) single.push(input.slice(i, i + 1));
  expect(run(single, limits), "byte by byte").toEqual(whole);
  for (let at = 1; at < input.length; at++) {
    expect(run([input.slice(0, at), input.slice(at)], limits), `split at ${at}`).toEqual(whole);
  }
  return whole;
}

function frames(...texts: string[]): Shown[] {
  return texts.map((text) => ({ type: "frame", text, streamed: [], size: text.length }));
}

describe("ResponseFramer: framing and literals (PROTOCOL.md §2 cases 1-11, 22)", () => {
  it("cuts a stream of plain lines into responses", () => {
    expect(frameEverywhere("* OK ready\r\n* 3 EXISTS\r\nA1 OK done\r\n")).toEqual(
      frames("* OK ready\r\n", "* 3 EXISTS\r\n", "A1 OK done\r\n"),
    );
  });

  it("never scans literal bytes holding CRLF, ')', '{5}' or '* OK' (case 1)", () => {
    const literal = "a)\r\n{5}\r\n* OK x\r\nA1 OK done\r\n";
    const response = `* 1 FETCH (BODY[] {${literal.length}}\r\n${literal})\r\n`;
    expect(frameEverywhere(`${response}A1 OK real\r\n`)).toEqual(frames(response, "A1 OK real\r\n"));
  });

  it("accepts {0} followed by ')', by SP, or ending the line (case 2)", () => {
    const a = "* 1 FETCH (BODY[] {0}\r\n)\r\n";
    const b = "* 2 FETCH (BODY[1] {0}\r\n UID 5)\r\n";
    const c = '* LIST () "/" {0}\r\n\r\n';
    expect(frameEverywhere(a + b + c)).toEqual(frames(a, b, c));
  });

  it("reads several literals in one response (case 3)", () => {
    const response = "* 4 FETCH (BODY[1] {3}\r\none BODY[2] {5}\r\ntwo\r\n BODY[3] {1}\r\n3)\r\n";
    expect(frameEverywhere(response)).toEqual(frames(response));
  });

  it("reads an announcement cut inside its digits, before '}', between CR and LF (case 4)", () => {
    const response = "* 1 FETCH (BODY[] {12}\r\nhello world!)\r\n";
    const at = (s: string): number => response.indexOf(s);
    for (const cuts of [[at("{1") + 2], [at("}")], [at("}") + 1], [at("}\r") + 2], [at("{"), at("\n")]]) {
      const input = bytes(response);
      const points = [0, ...cuts, input.length];
      const chunks = points.slice(1).map((end, i) => input.slice(points[i], end));
      expect(run(chunks)).toEqual(frames(response));
    }
  });

  it("reads zero-padded counts such as {012} (case 5)", () => {
    const response = "* 1 FETCH (BODY[] {012}\r\nhello world!)\r\n";
    expect(frameEverywhere(`${response}A1 OK\r\n`)).toEqual(frames(response, "A1 OK\r\n"));
  });

  it("loses framing on absurd counts before allocating anything (case 6)", () => {
    for (const count of ["99999999999999999999", "100000000000", "4294967296"]) {
      const framer = new ResponseFramer(resolveLimits());
      framer.push(bytes(`* 1 FETCH (BODY[] {${count}}\r\n`));
      expect(show(framer.next() as FramerEvent)).toEqual({
        type: "framingLost",
        code: "IMAP_ERR_LITERAL_TOO_LARGE",
      });
      expect(framer.bufferedBytes).toBe(0);
      framer.push(bytes("A1 OK\r\n"));
      expect(framer.next()).toBeNull();
    }
  });

  it("skips a literal of the largest legal count without holding it", () => {
    const framer = new ResponseFramer(resolveLimits());
    framer.push(bytes('* LIST () "/" {4294967295}\r\n'));
    framer.push(new Uint8Array(65536));
    expect(framer.next()).toBeNull();
    expect(framer.bufferedBytes).toBe(0);
  });

  it("reads ~{n} literal8 holding NUL octets (case 7)", () => {
    const response = "* 1 FETCH (BINARY[1] ~{6}\r\n\0\0\r\n\0\0)\r\n";
    expect(frameEverywhere(`${response}A1 OK\r\n`)).toEqual(frames(response, "A1 OK\r\n"));
  });

  it("does not take {n} inside a quoted string as a literal (case 8)", () => {
    const open = '* OK [ALERT] "unterminated {5}\r\n';
    const escaped = '* OK "a\\"{3}\r\n';
    expect(frameEverywhere(`${open}${escaped}A1 OK\r\n`)).toEqual(frames(open, escaped, "A1 OK\r\n"));
  });

  it("takes {n} after a closed quoted string as a literal, escaped backslash included (case 8)", () => {
    const response = '* LIST () "\\\\" {5}\r\nINBOX\r\n';
    expect(frameEverywhere(`${response}A1 OK\r\n`)).toEqual(frames(response, "A1 OK\r\n"));
  });

  it("restarts quote tracking after a literal: a quote inside literal bytes opens nothing", () => {
    const response = '* 1 FETCH (BODY[1] {1}\r\n" BODY[2] {3}\r\nabc)\r\n';
    expect(frameEverywhere(`${response}A1 OK\r\n`)).toEqual(frames(response, "A1 OK\r\n"));
  });

  it("tolerates bare LF line ends, also after {n} (case 9)", () => {
    const a = "* OK bare\n";
    const b = "* 1 FETCH (BODY[] {4}\n\r\nab)\n";
    const c = '* LIST () "/" {5}\nINBOX\n';
    expect(frameEverywhere(a + b + c)).toEqual(frames(a, b, c));
  });

  it("loses framing when the octet after a literal shows a wrong length (case 10)", () => {
    const events = frameEverywhere("* OK before\r\n* 1 FETCH (BODY[] {3}\r\nabcd)\r\nA1 OK after\r\n");
    expect(events).toEqual([
      ...frames("* OK before\r\n"),
      { type: "framingLost", code: "IMAP_ERR_BAD_LITERAL" },
    ]);
  });

  it("accepts ']' right after a literal", () => {
    const response = "* NO [BADCHARSET {5}\r\nUTF-8] bad\r\n";
    expect(frameEverywhere(response)).toEqual(frames(response));
  });

  it("ignores pushes once framing is lost", () => {
    const framer = new ResponseFramer(resolveLimits());
    framer.push(bytes("* 1 FETCH (BODY[] {1}\r\nxy)\r\n"));
    expect(show(framer.next() as FramerEvent)).toEqual({ type: "framingLost", code: "IMAP_ERR_BAD_LITERAL" });
    framer.push(bytes("A1 OK\r\n"));
    expect(framer.next()).toBeNull();
    expect(framer.bufferedBytes).toBe(0);
  });

  it("loses framing on count-like garbage in an announcement", () => {
    for (const count of ["-1", "1 2", "+5", "5++"]) {
      expect(frameEverywhere(`* 1 FETCH (BODY[] {${count}}\r\nxyz)\r\n`)).toEqual([
        { type: "framingLost", code: "IMAP_ERR_BAD_LITERAL" },
      ]);
    }
  });

  it("reads text that merely ends in braces as text", () => {
    const texts = ["* OK {}\r\n", "* OK {foo}\r\n", "* OK costs {5 EUR}\r\n", "* OK }\r\n", "}\r\n"];
    expect(frameEverywhere(texts.join(""))).toEqual(frames(...texts));
  });

  it("frames a literal mailbox name where a quoted string would do (case 11)", () => {
    const list = '* LIST (\\HasNoChildren) "/" {11}\r\nInbox "x" y\r\n';
    const envelope = "* 2 FETCH (ENVELOPE (NIL {7}\r\nSubject NIL NIL NIL NIL NIL NIL NIL NIL))\r\n";
    expect(frameEverywhere(list + envelope)).toEqual(frames(list, envelope));
  });

  it("skips NUL octets before a response, not inside it (case 22)", () => {
    const events = frameEverywhere("\0\0* OK one\r\n\0A1 OK \0two\r\n");
    expect(events).toEqual([
      { type: "frame", text: "* OK one\r\n", streamed: [], size: 10 },
      { type: "frame", text: "A1 OK \0two\r\n", streamed: [], size: 12 },
    ]);
  });

  it("hands out a view of the pushed chunk when a response lies in it, a copy otherwise", () => {
    const framer = new ResponseFramer(resolveLimits());
    const chunk = bytes("* OK one\r\n* OK tw");
    framer.push(chunk);
    const first = framer.next() as Extract<FramerEvent, { type: "frame" }>;
    expect(first.bytes.buffer).toBe(chunk.buffer);
    expect(first.bytes.byteOffset).toBe(0);
    expect(framer.next()).toBeNull();
    framer.push(bytes("o\r\n"));
    const second = framer.next() as Extract<FramerEvent, { type: "frame" }>;
    expect(latin1Decode(second.bytes)).toBe("* OK two\r\n");
    expect(second.bytes.buffer).not.toBe(chunk.buffer);
  });
});

describe("ResponseFramer: limits", () => {
  it("rejects an over-long line and goes on with the next response", () => {
    const long = `* SEARCH${" 1".repeat(100)}\r\n`;
    const events = frameEverywhere(`${long}A1 OK done\r\n`, { maxLineLength: 100 });
    expect(events).toEqual([
      { type: "responseRejected", code: "IMAP_ERR_LINE_TOO_LONG", size: long.length },
      ...frames("A1 OK done\r\n"),
    ]);
  });

  it("keeps framing a rejected response: its literals are skipped, not read as protocol", () => {
    const literal = "\r\nA1 OK fake\r\n";
    const rejected = `* 1 FETCH (X-LONG "${"x".repeat(80)}" BODY[] {${literal.length}}\r\n${literal})\r\n`;
    const events = frameEverywhere(`${rejected}A1 OK real\r\n`, { maxLineLength: 64 });
    expect(events).toEqual([
      { type: "responseRejected", code: "IMAP_ERR_LINE_TOO_LONG", size: rejected.length },
      ...frames("A1 OK real\r\n"),
    ]);
  });

  it("honours quotes while skipping a rejected response", () => {
    const rejected = `* OK "${"x".repeat(80)} {3}\r\n`;
    const events = frameEverywhere(`${rejected}abc\r\n`, { maxLineLength: 64 });
    expect(events).toEqual([
      { type: "responseRejected", code: "IMAP_ERR_LINE_TOO_LONG", size: rejected.length },
      ...frames("abc\r\n"),
    ]);
  });

  it("rejects a literal over maxLiteralSize by its count and skips it", () => {
    const rejected = `* LIST () "/" {20}\r\n${"m".repeat(20)}\r\n`;
    const events = frameEverywhere(`${rejected}* LIST () "/" {10}\r\n${"n".repeat(10)}\r\n`, {
      maxLiteralSize: 10,
    });
    expect(events).toEqual([
      { type: "responseRejected", code: "IMAP_ERR_LITERAL_TOO_LARGE", size: rejected.length },
      ...frames(`* LIST () "/" {10}\r\n${"n".repeat(10)}\r\n`),
    ]);
  });

  it("ends a rejected response at a bare LF right after its literal", () => {
    const rejected = `* LIST (${"\\X ".repeat(30)}) "/" {20}\r\n${"m".repeat(20)}\n`;
    const events = frameEverywhere(`${rejected}* 1 EXISTS\n`, { maxLineLength: 64 });
    expect(events).toEqual([
      { type: "responseRejected", code: "IMAP_ERR_LINE_TOO_LONG", size: rejected.length },
      ...frames("* 1 EXISTS\n"),
    ]);
  });

  it("rejects a response over maxResponseSize, counting lines and literals", () => {
    const rejected = `* 1 FETCH (BODY[1] {30}\r\n${"a".repeat(30)} BODY[2] {30}\r\n${"b".repeat(30)})\r\n`;
    const events = frameEverywhere(`${rejected}* OK next\r\n`, { maxResponseSize: 80 });
    expect(events).toEqual([
      { type: "responseRejected", code: "IMAP_ERR_RESPONSE_TOO_LARGE", size: rejected.length },
      ...frames("* OK next\r\n"),
    ]);
  });

  it("rejects a response whose lines alone exceed maxResponseSize", () => {
    const rejected = `* 1 FETCH (BODY[1] {1}\r\nx FLAGS (${"\\Seen ".repeat(20)}))\r\n`;
    const events = frameEverywhere(`${rejected}* OK next\r\n`, { maxResponseSize: 64 });
    expect(events).toEqual([
      { type: "responseRejected", code: "IMAP_ERR_RESPONSE_TOO_LARGE", size: rejected.length },
      ...frames("* OK next\r\n"),
    ]);
  });

  it("does not store the bytes of a rejected response", () => {
    const framer = new ResponseFramer(resolveLimits({ maxLiteralSize: 1024 }));
    framer.push(bytes('* LIST () "/" {1048576}\r\n'));
    expect(framer.next()).toBeNull();
    const chunk = new Uint8Array(16384);
    for (let i = 0; i < 64; i++) {
      framer.push(chunk);
      expect(framer.next()).toBeNull();
      expect(framer.bufferedBytes).toBe(0);
    }
    framer.push(bytes("\r\nA1 OK\r\n"));
    expect(show(framer.next() as FramerEvent)).toMatchObject({ type: "responseRejected" });
    expect(show(framer.next() as FramerEvent)).toMatchObject({ type: "frame", text: "A1 OK\r\n" });
  });
});

describe("ResponseFramer: body streaming", () => {
  const limits = { streamThreshold: 8 };

  it("streams a BODY[section]<origin> literal above the threshold with its UID", () => {
    const body = "0123456789abcdef\r\n* OK x\r\n";
    const events = frameEverywhere(
      `* 7 FETCH (UID 42 BODY[TEXT]<0> {${body.length}}\r\n${body} FLAGS ())\r\n`,
      limits,
    );
    const head = `* 7 FETCH (UID 42 BODY[TEXT]<0> {${body.length}}\r\n`;
    expect(events).toEqual([
      { type: "bodyStarted", seq: 7, uid: 42, item: "BODY", section: "TEXT", origin: 0, size: body.length },
      { type: "body", text: body },
      { type: "bodyEnded" },
      {
        type: "frame",
        text: `${head} FLAGS ())\r\n`,
        streamed: [[head.length, body.length]],
        size: head.length + body.length + " FLAGS ())\r\n".length,
      },
    ]);
  });

  it("reports uid null when UID comes after the body, and upper-cases the section", () => {
    const events = frameEverywhere(
      '* 3 fetch (body[header.fields (from "to")] {10}\r\n0123456789 UID 9)\r\n',
      limits,
    );
    expect(events[0]).toEqual({
      type: "bodyStarted",
      seq: 3,
      uid: null,
      item: "BODY",
      section: 'HEADER.FIELDS (FROM "TO")',
      origin: null,
      size: 10,
    });
  });

  it("streams BINARY ~{n} and RFC822 items", () => {
    const binary = frameEverywhere("* 1 FETCH (BINARY[1.2] ~{9}\r\n\0\0\0\0\0\0\0\0\0)\r\n", limits);
    expect(binary[0]).toMatchObject({ type: "bodyStarted", item: "BINARY", section: "1.2", size: 9 });
    expect(binary[1]).toEqual({ type: "body", text: "\0".repeat(9) });
    const rfc822 = frameEverywhere("* 1 FETCH (RFC822.TEXT {9}\r\n123456789)\r\n", limits);
    expect(rfc822[0]).toMatchObject({ type: "bodyStarted", item: "RFC822.TEXT", section: "" });
  });

  it("finds the UID behind earlier values and literals of the same FETCH", () => {
    const head = '* 5 FETCH (FLAGS (\\Seen "x)") BODY[HEADER] {3}\r\nabc UID 77 ';
    const events = frameEverywhere(`${head}BODY[TEXT] {9}\r\n123456789)\r\n`, limits);
    expect(events[0]).toMatchObject({ type: "bodyStarted", seq: 5, uid: 77, section: "TEXT", size: 9 });
  });

  it("streams two bodies of one FETCH and maps both positions", () => {
    const a = "* 1 FETCH (BODY[1] {9}\r\n";
    const b = " UID 4 BODY[2] {10}\r\n";
    const events = frameEverywhere(`${a}aaaaaaaaa${b}bbbbbbbbbb)\r\n`, limits);
    expect(events.map((e) => e.type)).toEqual([
      "bodyStarted",
      "body",
      "bodyEnded",
      "bodyStarted",
      "body",
      "bodyEnded",
      "frame",
    ]);
    expect(events[3]).toMatchObject({ uid: 4, section: "2", size: 10 });
    expect(events[6]).toEqual({
      type: "frame",
      text: `${a}${b})\r\n`,
      streamed: [
        [a.length, 9],
        [a.length + b.length, 10],
      ],
      size: a.length + 9 + b.length + 10 + 3,
    });
  });

  it("materialises literals that are not body items, or not above the threshold", () => {
    const texts = [
      "* 1 FETCH (BODY[] {8}\r\n12345678)\r\n",
      "* 2 FETCH (ENVELOPE (NIL {9}\r\n123456789 NIL NIL NIL NIL NIL NIL NIL NIL NIL))\r\n",
      '* LIST () "/" {9}\r\n123456789\r\n',
      "* 3 FETCH (X-OTHER {9}\r\n123456789)\r\n",
      "* 4 FETCH (BODY {9}\r\n123456789)\r\n",
    ];
    expect(frameEverywhere(texts.join(""), limits)).toEqual(frames(...texts));
  });

  it("streams above maxLiteralSize: streamed bodies are outside the limits", () => {
    const events = frameEverywhere(`* 1 FETCH (BODY[] {40}\r\n${"z".repeat(40)})\r\n`, {
      streamThreshold: 8,
      maxLiteralSize: 16,
      maxResponseSize: 64,
    });
    expect(events.map((e) => e.type)).toEqual(["bodyStarted", "body", "bodyEnded", "frame"]);
  });

  it("keeps memory flat while a large body streams", () => {
    const framer = new ResponseFramer(resolveLimits());
    const size = 5 * 1024 * 1024;
    const head = `* 1 FETCH (UID 9 BODY[] {${size}}\r\n`;
    framer.push(bytes(head));
    expect(framer.next()).toMatchObject({ type: "bodyStarted", uid: 9, size });
    const chunk = new Uint8Array(65536).fill(0x61);
    const types: string[] = [];
    let streamed = 0;
    for (let sent = 0; sent < size; sent += chunk.length) {
      framer.push(chunk);
      for (let event = framer.next(); event !== null; event = framer.next()) {
        types.push(event.type);
        if (event.type === "bodyChunk") streamed += event.data.length;
      }
      expect(framer.bufferedBytes).toBeLessThan(4096);
    }
    expect(streamed).toBe(size);
    expect(types.filter((t) => t === "bodyChunk")).toHaveLength(size / chunk.length);
    expect(types.at(-1)).toBe("bodyEnded");
    framer.push(bytes(")\r\n"));
    expect(framer.next()).toMatchObject({ type: "frame", size: head.length + size + 3 });
  });
});

describe("ResponseFramer: word-wise line scanning", () => {
  it("finds a line end at every position of an 8-byte block, also right after a literal", () => {
    for (let pad = 0; pad < 17; pad++) {
      const line = `* OK ${"x".repeat(pad)}\r\n`;
      const literal = `* 1 FETCH (BODY[] {${pad}}\r\n${"y".repeat(pad)})\r\n`;
      const frames = frameEverywhere(`${line}${literal}* 2 EXISTS\n`);
      expect(frames.map((f) => f.text)).toEqual([line, literal, "* 2 EXISTS\n"]);
    }
  });

  it("frames a line spread over many small chunks once, at its real size", () => {
    const line = `* SEARCH${" 123456".repeat(2000)}\r\n`;
    const input = bytes(line);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < input.length; i += 7) chunks.push(input.slice(i, i + 7));
    expect(run(chunks)).toEqual([{ type: "frame", text: line, streamed: [], size: line.length }]);
  });
});
