import { describe, expect, it } from "vitest";
import { as, b, decodeAll, lit, parse } from "../../../test/parse-cases.js";
import { parseResponse } from "./index.js";

const ctx = { utf8: false, maxNesting: 100 };

describe("Reader primitives (through parseResponse)", () => {
  it("unescapes quoted strings and keeps unknown escapes only with looseEscapes", () => {
    expect(as(parse('* LIST () "/" "a\\"b\\\\c"\r\n'), "list").mailbox.raw).toEqual(b('a"b\\c'));
    expect(as(parse('* LIST () "/" "C:\\dir"\r\n'), "list").mailbox.raw).toEqual(b("C:\\dir"));
    expect(parse('* LIST () "/" "C:\\dir"\r\n', { looseEscapes: false }).type).toBe("unparsed");
  });

  it("refuses a quoted string that runs to the end of the line", () => {
    expect(as(parse('* LIST () "/" "open\r\n'), "unparsed").reason).toBe("IMAP_ERR_SYNTAX");
  });

  it("ends quoted strings of any length at the right byte, whatever surrounds it", () => {
    // Quoted strings are scanned several bytes at a time: put each special byte at every offset.
    for (let length = 0; length < 20; length++) {
      for (const special of ['\\"', "\\\\", "\t", "\x01", "\x0c", "\x0e", "\x7f", "\x80", "\xff", "\\x"]) {
        for (let at = 0; at <= length; at++) {
          const content = `${"a".repeat(at)}${special}${"Z".repeat(length - at)}`;
          const value = content.replace(/\\(["\\])/g, "$1");
          expect(as(parse(`* 1 FETCH (PREVIEW "${content}" UID 7)\r\n`), "fetch").items).toEqual({
            preview: b(value),
            uid: 7,
          });
          // Without the closing parenthesis: refused right after the string.
          const open = `* 1 FETCH (PREVIEW "${content}"\r\n`;
          expect(as(parse(open), "unparsed").offset).toBe(open.length - 2);
        }
      }
      for (let at = 0; at <= length; at++) {
        const content = `${"a".repeat(at)}\r${"Z".repeat(length - at)}`;
        expect(as(parse(`* 1 FETCH (PREVIEW "${content}")\r\n`), "unparsed").offset).toBe(20 + at);
      }
    }
  });

  it("returns literal values as views of the input without copying", () => {
    const input = b(`* 1 FETCH (BODY[] ${lit("hello")})\r\n`);
    const f = as(parseResponse(input, ctx), "fetch");
    const data = f.items.sections?.[0]?.data as Uint8Array;
    expect(data).toEqual(b("hello"));
    expect(data.buffer).toBe(input.buffer);
  });

  it("reads {n+} non-synchronizing literal announcements", () => {
    expect(as(parse("* 1 FETCH (BODY[] {2+}\r\nab)\r\n"), "fetch").items.sections?.[0]?.data).toEqual(
      b("ab"),
    );
  });

  it("gives data null and streamedSize for a literal whose bytes were streamed out", () => {
    const input = b("* 4 FETCH (UID 9 BODY[] {70000}\r\n)\r\n");
    const offset = input.indexOf(0x0a) + 1;
    const f = as(parseResponse(input, ctx, new Map([[offset, 70000]])), "fetch");
    expect(f.items).toEqual({
      uid: 9,
      sections: [{ item: "BODY", section: "", origin: null, data: null, streamedSize: 70000 }],
    });
  });

  it("streams large bodies through the decoder and parses the rest identically at every split", () => {
    const body = "x".repeat(40);
    const events = decodeAll(`* 4 FETCH (UID 9 BODY[] ${lit(body)} FLAGS (\\Seen))\r\n`, {
      streamThreshold: 16,
    });
    expect(events).toEqual([
      {
        type: "fetch",
        seq: 4,
        items: {
          uid: 9,
          sections: [{ item: "BODY", section: "", origin: null, data: null, streamedSize: 40 }],
          flags: ["\\Seen"],
        },
      },
    ]);
  });

  it("validates 32-bit numbers", () => {
    expect(as(parse("* 1 FETCH (UID 4294967295)\r\n"), "fetch").items.uid).toBe(4294967295);
    expect(parse("* 1 FETCH (UID 4294967296)\r\n").type).toBe("unparsed");
    expect(parse("* 4294967296 EXISTS\r\n").type).toBe("unparsed");
    expect(parse("* 1 FETCH (RFC822.SIZE 99999999999999999)\r\n").type).toBe("unparsed");
  });

  it("reports the offset where parsing stopped and the tag when known", () => {
    expect(as(parse("* 1 FETCH (UID x)\r\n"), "unparsed")).toMatchObject({
      tag: "*",
      reason: "IMAP_ERR_SYNTAX",
      offset: 15,
    });
    expect(as(parse("A17 XYZZY\r\n"), "unparsed").tag).toBeNull();
  });

  it("parses a response without a final line end as if it had one", () => {
    expect(parse("* 3 EXISTS")).toEqual({ type: "exists", count: 3 });
  });

  it("never throws on arbitrary bytes", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const alphabet = b('* 1 FETCH()[]{}<>"\\ NIL BODY UID 0123456789\r\n~+-.\u0000\u00ff');
    for (let n = 0; n < 3000; n++) {
      const input = new Uint8Array(1 + (random() % 80));
      for (let i = 0; i < input.length; i++) input[i] = alphabet[random() % alphabet.length] as number;
      const r = parseResponse(input, ctx);
      expect(typeof r.type).toBe("string");
    }
  });
});

describe("Nesting", () => {
  const N = 100_000;

  it("refuses 100k nested parentheses with IMAP_ERR_NESTING_TOO_DEEP at the default limit", () => {
    for (const input of [
      `* 1 FETCH (BODYSTRUCTURE ${"(".repeat(N)}\r\n`,
      `* 1 FETCH (X-UNKNOWN ${"(".repeat(N)}${")".repeat(N)})\r\n`,
      `* THREAD ${"(1 ".repeat(N)}${")".repeat(N)}\r\n`,
    ]) {
      const r = as(parse(input), "unparsed");
      expect(r.reason).toBe("IMAP_ERR_NESTING_TOO_DEEP");
    }
  });

  it("parses 100k nested multiparts, lists and threads without recursion when allowed", () => {
    const opts = { maxNesting: 2 * N + 10 };
    const leaf = '("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)';
    const body = as(
      parse(`* 1 FETCH (BODYSTRUCTURE ${"(".repeat(N)}${leaf}${' "MIXED")'.repeat(N)})\r\n`, {}, opts),
      "fetch",
    );
    let node = body.items.bodyStructure;
    let depth = 0;
    while (node?.kind === "multipart") {
      node = node.parts[0];
      depth++;
    }
    expect(depth).toBe(N);
    expect(node?.kind).toBe("text");

    const ext = as(parse(`* 1 FETCH (X-UNKNOWN ${"(".repeat(N)}7${")".repeat(N)})\r\n`, {}, opts), "fetch");
    let value: unknown = ext.items.other?.[0]?.[1];
    let levels = 0;
    while (Array.isArray(value)) {
      value = value[0];
      levels++;
    }
    expect([levels, value]).toEqual([N, 7]);

    const thread = as(parse(`* THREAD ${"(1 ".repeat(N - 1)}(1${")".repeat(N)}\r\n`, {}, opts), "thread");
    let t = thread.threads[0];
    let chain = 0;
    while (t !== undefined) {
      chain++;
      t = t.children[0];
    }
    expect(chain).toBe(N);
  });

  it("counts nesting across the ENVELOPE of an embedded message", () => {
    const input =
      '* 1 FETCH (BODYSTRUCTURE ("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 9 (NIL NIL (("a" NIL "b" "c")) NIL NIL NIL NIL NIL NIL NIL) ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) 1))\r\n';
    // FETCH list, body, envelope, address list, address: five levels.
    expect(parse(input, {}, { maxNesting: 5 }).type).toBe("fetch");
    expect(as(parse(input, {}, { maxNesting: 4 }), "unparsed").reason).toBe("IMAP_ERR_NESTING_TOO_DEEP");
  });
});
