import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { Secret, secret } from "./secret.js";

const MARKER = "Marker-Pa55word";

describe("Secret", () => {
  it("reveals its value only when asked", () => {
    expect(secret(MARKER).reveal()).toBe(MARKER);
  });

  it("redacts in strings, JSON, inspection and errors", () => {
    const s = secret(MARKER);
    const shown = [
      String(s),
      `${s}`,
      JSON.stringify({ command: { name: "LOGIN", password: s } }),
      inspect({ password: s }),
      new Error(`login failed with ${s}`).message,
      Object.keys(s).join(","),
    ].join("\n");
    expect(shown).not.toContain(MARKER);
    expect(shown).toContain("***");
  });

  it("wraps a Secret once", () => {
    const s = new Secret(MARKER);
    expect(secret(s)).toBe(s);
  });

  it("refuses anything but a string", () => {
    expect(() => new Secret(42 as unknown as string)).toThrow(TypeError);
  });
});
