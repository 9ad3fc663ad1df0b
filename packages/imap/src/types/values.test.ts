import { describe, expect, it } from "vitest";
import { addr, b, utf8 } from "../../test/parse-cases.js";
import type { BodyStructure } from "./response.js";
import {
  addressEmail,
  bodyParam,
  decodeMailboxName,
  extensionText,
  groupAddresses,
  isGroupEnd,
  isGroupStart,
  latin1,
  mimeType,
  text,
} from "./values.js";

describe("typed accessors", () => {
  it("decodes text as UTF-8 with a Latin-1 or replacement fallback", () => {
    expect(text(null)).toBeNull();
    expect(text(utf8("Grüße"))).toBe("Grüße");
    expect(text(b("caf\u00e9"))).toBe("café");
    expect(text(b("caf\u00e9"), "replace")).toBe("caf\ufffd");
    expect(latin1(b("\u00ff"))).toBe("ÿ");
    expect(latin1(null)).toBeNull();
  });

  it("decodes mailbox names from modified UTF-7 or UTF-8 and never fails", () => {
    expect(decodeMailboxName(b("&U,BTFw-"), false)).toBe("台北");
    expect(decodeMailboxName(b("&U,BTFw-"), true)).toBe("&U,BTFw-");
    expect(decodeMailboxName(utf8("台北"), true)).toBe("台北");
    expect(decodeMailboxName(b("bad&"), false)).toBe("bad&");
    expect(decodeMailboxName(b("\u00e9t\u00e9"), true)).toBe("été");
    expect(decodeMailboxName(b("InBoX"), false)).toBe("INBOX");
    expect(decodeMailboxName(b("INBOX.sub"), false)).toBe("INBOX.sub");
  });

  it("formats addresses and recognises group markers", () => {
    expect(addressEmail(addr("A", "a", "x.org"))).toBe("a@x.org");
    expect(addressEmail(addr(null, "group", null))).toBeNull();
    expect(isGroupStart(addr(null, "group", null))).toBe(true);
    expect(isGroupEnd(addr(null, null, null))).toBe(true);
    expect(isGroupEnd(addr(null, "group", null))).toBe(false);
  });

  it("folds an unterminated group and drops a stray end marker", () => {
    const m = addr("M", "m", "x");
    expect(groupAddresses([addr(null, null, null), addr(null, "g", null), m])).toEqual([
      { kind: "group", name: "g", members: [m] },
    ]);
    expect(groupAddresses(null)).toEqual([]);
  });

  it("finds body parameters case-insensitively and names MIME types", () => {
    const part: BodyStructure = {
      kind: "text",
      type: "TEXT",
      subtype: "HTML",
      params: [[b("charset"), b("UTF-8")]],
      id: null,
      description: null,
      encoding: b("7BIT"),
      size: 1,
      lines: 1,
    };
    expect(bodyParam(part.params, "CHARSET")).toBe("UTF-8");
    expect(bodyParam(part.params, "name")).toBeNull();
    expect(mimeType(part)).toBe("text/html");
    expect(mimeType({ kind: "multipart", subtype: null, parts: [] })).toBe("multipart/");
  });

  it("renders extension scalars as text", () => {
    expect(extensionText(7)).toBe("7");
    expect(extensionText(7n)).toBe("7");
    expect(extensionText(b("x"))).toBe("x");
    expect(extensionText(null)).toBeNull();
    expect(extensionText([b("x")])).toBeNull();
  });
});
