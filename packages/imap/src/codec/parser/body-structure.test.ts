import { describe, expect, it } from "vitest";
import { as, b, decodeOne, parse } from "../../../test/parse-cases.js";
import type { BodyStructure } from "../../types/response.js";

function body(structure: string): BodyStructure {
  const f = as(decodeOne(`* 1 FETCH (BODYSTRUCTURE ${structure})\r\n`), "fetch");
  return f.items.bodyStructure as BodyStructure;
}

describe("BODYSTRUCTURE", () => {
  it("reads a multipart with extension data on every level", () => {
    expect(
      body(
        '(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23 "md5sum" ("INLINE" NIL) "EN" "http://x/y" 42)("APPLICATION" "PDF" ("NAME" "a.pdf") "<id@x>" "A report" "BASE64" 4554 NIL ("ATTACHMENT" ("FILENAME" "a.pdf" "SIZE" "3000")) ("EN" "DE") NIL) "MIXED" ("BOUNDARY" "----=_x") ("INLINE" NIL) NIL "loc")',
      ),
    ).toEqual({
      kind: "multipart",
      subtype: "MIXED",
      parts: [
        {
          kind: "text",
          type: "TEXT",
          subtype: "PLAIN",
          params: [[b("CHARSET"), b("US-ASCII")]],
          id: null,
          description: null,
          encoding: b("7BIT"),
          size: 1152,
          lines: 23,
          md5: b("md5sum"),
          disposition: { type: b("INLINE"), params: null },
          language: [b("EN")],
          location: b("http://x/y"),
          extra: [42],
        },
        {
          kind: "basic",
          type: "APPLICATION",
          subtype: "PDF",
          params: [[b("NAME"), b("a.pdf")]],
          id: b("<id@x>"),
          description: b("A report"),
          encoding: b("BASE64"),
          size: 4554,
          md5: null,
          disposition: {
            type: b("ATTACHMENT"),
            params: [
              [b("FILENAME"), b("a.pdf")],
              [b("SIZE"), b("3000")],
            ],
          },
          language: [b("EN"), b("DE")],
          location: null,
        },
      ],
      params: [[b("BOUNDARY"), b("----=_x")]],
      disposition: { type: b("INLINE"), params: null },
      language: null,
      location: b("loc"),
    });
  });

  it("stops at any optional extension field", () => {
    expect(body('("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL)')).toMatchObject({ md5: null });
    expect(body('("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL)')).not.toHaveProperty("disposition");
    expect(body('(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) "MIXED")')).not.toHaveProperty("params");
  });

  it("reads message/rfc822 inside a multipart inside message/rfc822", () => {
    const env = '(NIL "inner" NIL NIL NIL NIL NIL NIL NIL NIL)';
    const leaf = '("TEXT" "PLAIN" NIL NIL NIL "7BIT" 5 1)';
    const inner = `("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 50 ${env} ${leaf} 4)`;
    const outer = `("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 90 ${env} (${leaf}${inner} "MIXED") 9 NIL NIL NIL NIL)`;
    const b1 = body(outer);
    expect(b1).toMatchObject({ kind: "message", size: 90, lines: 9, md5: null });
    const mixed = b1.kind === "message" ? b1.body : null;
    expect(mixed).toMatchObject({ kind: "multipart", subtype: "MIXED" });
    const parts = mixed?.kind === "multipart" ? mixed.parts : [];
    expect(parts[1]).toMatchObject({
      kind: "message",
      lines: 4,
      body: { kind: "text", size: 5 },
      envelope: { subject: b("inner") },
    });
  });

  it("reads global messages (RFC 9051 message/global) like message/rfc822", () => {
    expect(
      body(
        '("message" "global" NIL NIL NIL "8bit" 10 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" NIL NIL NIL "8bit" 2 1) 1)',
      ),
    ).toMatchObject({
      kind: "message",
      subtype: "global",
    });
  });

  it("fails a part with a missing required field", () => {
    expect(parse('* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1))\r\n').type).toBe(
      "unparsed",
    );
    expect(parse('* 1 FETCH (BODYSTRUCTURE ("IMAGE" "PNG" NIL NIL NIL "7BIT"))\r\n').type).toBe("unparsed");
    expect(parse("* 1 FETCH (BODYSTRUCTURE ())\r\n").type).toBe("unparsed");
  });
});
