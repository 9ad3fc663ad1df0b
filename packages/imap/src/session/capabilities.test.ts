import { describe, expect, it } from "vitest";
import {
  authMechanisms,
  capabilitySet,
  encoderOptionsFor,
  encoderOptionsKey,
  hasCapability,
  searchAlwaysCorrelated,
  utf8Enabled,
} from "./capabilities.js";

describe("capabilities", () => {
  it("compares capability names case-insensitively", () => {
    const caps = capabilitySet(["imap4rev1", "Literal+", "AUTH=plain"]);
    expect(hasCapability(caps, "LITERAL+")).toBe(true);
    expect(hasCapability(caps, "literal-")).toBe(false);
    expect(hasCapability(null, "IMAP4REV1")).toBe(false);
    expect(authMechanisms(caps)).toEqual(["PLAIN"]);
  });

  it("chooses conservative encoder options when capabilities are unknown", () => {
    expect(encoderOptionsFor(null, new Set())).toEqual({
      literalPlus: false,
      literalMinus: false,
      utf8: false,
      saslIr: false,
      binary: false,
    });
  });

  it("derives encoder options from LITERAL+, LITERAL-, IMAP4rev2, SASL-IR, BINARY and ENABLE", () => {
    expect(encoderOptionsFor(capabilitySet(["LITERAL+", "SASL-IR", "BINARY"]), new Set())).toEqual({
      literalPlus: true,
      literalMinus: false,
      utf8: false,
      saslIr: true,
      binary: true,
    });
    expect(encoderOptionsFor(capabilitySet(["IMAP4rev2"]), new Set()).literalMinus).toBe(true);
    expect(encoderOptionsFor(capabilitySet(["LITERAL-"]), new Set()).literalMinus).toBe(true);
    expect(encoderOptionsFor(null, new Set(["UTF8=ACCEPT"])).utf8).toBe(true);
    expect(encoderOptionsFor(null, new Set(["IMAP4REV2"])).utf8).toBe(true);
  });

  it("lets overrides switch a feature off", () => {
    const caps = capabilitySet(["LITERAL+"]);
    expect(encoderOptionsFor(caps, new Set(), { literalPlus: false }).literalPlus).toBe(false);
  });

  it("keys encoder options so that any difference shows", () => {
    const base = encoderOptionsFor(null, new Set());
    const keys = new Set([encoderOptionsKey(base)]);
    for (const field of ["literalPlus", "literalMinus", "utf8", "saslIr", "binary"] as const) {
      keys.add(encoderOptionsKey({ ...base, [field]: true }));
    }
    expect(keys.size).toBe(6);
  });

  it("knows which ENABLEd extensions change strings and search results", () => {
    expect(utf8Enabled(new Set(["CONDSTORE"]))).toBe(false);
    expect(utf8Enabled(new Set(["UTF8=ACCEPT"]))).toBe(true);
    expect(searchAlwaysCorrelated(new Set(["IMAP4REV2"]))).toBe(true);
    expect(searchAlwaysCorrelated(new Set(["QRESYNC"]))).toBe(false);
  });
});
