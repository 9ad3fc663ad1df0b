import type { BodyStructure } from "@tagwire/imap";
import { describe, expect, it } from "vitest";
import { decodeParams, hasAttachment, mimeTree } from "./mime-structure";

const b = (s: string) => new TextEncoder().encode(s);

function leaf(type: string, subtype: string, extra: Partial<Record<string, unknown>> = {}): BodyStructure {
  return {
    kind: type === "text" ? "text" : "basic",
    type,
    subtype,
    params: null,
    id: null,
    description: null,
    encoding: b("base64"),
    size: 100,
    lines: 3,
    ...extra,
  } as BodyStructure;
}

describe("mimeTree", () => {
  it("numbers a single part 1 and nested parts with dots", () => {
    expect(mimeTree(leaf("text", "plain")).section).toBe("1");
    const tree = mimeTree({
      kind: "multipart",
      subtype: "mixed",
      parts: [
        { kind: "multipart", subtype: "alternative", parts: [leaf("text", "plain"), leaf("text", "html")] },
        leaf("application", "pdf", {
          disposition: { type: b("attachment"), params: [[b("filename"), b("a.pdf")]] },
        }),
      ],
    } as BodyStructure);
    expect(tree.type).toBe("multipart/mixed");
    expect(tree.children.map((c) => c.section)).toEqual(["1", "2"]);
    expect(tree.children[0]?.children.map((c) => c.section)).toEqual(["1.1", "1.2"]);
    expect(tree.children[1]).toMatchObject({
      filename: "a.pdf",
      disposition: "attachment",
      encoding: "base64",
    });
    expect(hasAttachment(tree)).toBe(true);
  });

  it("keeps the Content-ID without angle brackets", () => {
    expect(mimeTree(leaf("image", "png", { id: b("<logo@x>") })).contentId).toBe("logo@x");
  });
});

describe("decodeParams", () => {
  it("decodes RFC 2231 continuations and charsets, and RFC 2047 words", () => {
    expect(
      decodeParams([
        [b("FILENAME*0*"), b("utf-8''Gr%C3%BC")],
        [b("filename*1*"), b("%C3%9Fe.pdf")],
        [b("name"), b("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=")],
        [b("title*"), b("iso-8859-1'de'f%FCr")],
      ]),
    ).toEqual({ filename: "Grüße.pdf", name: "Grüße", title: "für" });
  });
});
