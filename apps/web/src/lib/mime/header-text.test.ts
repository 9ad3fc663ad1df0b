import { describe, expect, it } from "vitest";
import { headerText } from "./header-text";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("headerText", () => {
  it.each([
    ["=?UTF-8?B?w6lw?=", "ép"],
    ["=?utf-8?q?caf=C3=A9_au_lait?=", "café au lait"],
    ["=?ISO-8859-1?Q?Gr=FC=DFe?=", "Grüße"],
    ["=?ISO-8859-2?Q?=A3=F3d=BC?=", "Łódź"],
    ["=?windows-1252?Q?caf=E9?=", "café"],
    ["=?KOI8-R?B?8NLJ18XU?=", "Привет"],
    ["=?Shift_JIS?B?g26DjYFb?=", "ハロー"],
    ["=?ISO-2022-JP?B?GyRCJEskTyRtGyhC?=", "にはろ"],
    ["=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=", "éé"],
  ])("decodes %s", (input, expected) => {
    expect(headerText(bytes(input))).toBe(expected);
  });

  it("joins a character split across two words of one charset", () => {
    expect(headerText(bytes("=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?= and =?UTF-8?Q?=C3?= =?UTF-8?Q?=A9?="))).toBe(
      "éé and é",
    );
  });

  it("keeps the space between a word and plain text", () => {
    expect(headerText(bytes("Re: =?ISO-8859-1?Q?Gr=FC=DFe?= aus Berlin"))).toBe("Re: Grüße aus Berlin");
  });

  it("shows raw 8-bit UTF-8 as text", () => {
    expect(headerText(bytes("Grüße aus Köln"))).toBe("Grüße aus Köln");
  });

  it("reads bytes that are not UTF-8 as Latin-1", () => {
    expect(headerText(new Uint8Array([0x47, 0x72, 0xfc, 0x73, 0x73, 0x65]))).toBe("Grüsse");
  });

  it("keeps a broken encoded word as it was", () => {
    expect(headerText(bytes("=?bogus-charset?Q?x?= y"))).toContain("y");
  });

  it("gives an empty string for NIL", () => {
    expect(headerText(null)).toBe("");
  });
});
