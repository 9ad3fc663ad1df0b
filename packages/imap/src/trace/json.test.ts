import { describe, expect, it } from "vitest";
import { ImapLocalError } from "../errors.js";
import { utf8Encode } from "../text/text.js";
import { secret } from "../types/secret.js";
import { bytesToJson, MAX_JSON_DEPTH, toJson } from "./json.js";

describe("bytesToJson", () => {
  it("turns valid UTF-8 into text and anything else into base64", () => {
    expect(bytesToJson(utf8Encode("Grüße"))).toBe("Grüße");
    expect(bytesToJson(new Uint8Array([0x47, 0xfc, 0x00]))).toEqual({ base64: "R/wA" });
    expect(bytesToJson(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe("\ufeffA");
    expect(bytesToJson(new Uint8Array([0xff, 0xfe, 0x30, 0x31, 0x32]))).toEqual({ base64: "//4wMTI=" });
    expect(bytesToJson(new Uint8Array([0xff, 0x30]))).toEqual({ base64: "/zA=" });
    expect(bytesToJson(new Uint8Array([]))).toBe("");
  });

  it("writes invalid UTF-8 as text with U+FFFD when asked, so text inside stays searchable", () => {
    const bytes = new Uint8Array([0xff, ...utf8Encode("hunter2")]);
    expect(bytesToJson(bytes, { invalidUtf8: "replace" })).toBe("\ufffdhunter2");
  });
});

describe("toJson", () => {
  it("writes bigints as strings, typed arrays as arrays and mailbox names decoded", () => {
    const value = {
      modseq: 18446744073709551615n,
      numbers: new Uint32Array([1, 2, 4294967295]),
      mailbox: { raw: utf8Encode("Entw&APw-rfe"), name: "Entwürfe" },
      missing: undefined,
      nested: [null, 1.5, true, undefined],
    };
    expect(toJson(value)).toEqual({
      modseq: "18446744073709551615",
      numbers: [1, 2, 4294967295],
      mailbox: "Entwürfe",
      nested: [null, 1.5, true, null],
    });
  });

  it("writes errors as name, code and message", () => {
    expect(toJson(new ImapLocalError("IMAP_ERR_BAD_STATE", "not now"))).toEqual({
      name: "ImapLocalError",
      code: "IMAP_ERR_BAD_STATE",
      message: "not now",
    });
    expect(toJson(new TypeError("x"))).toEqual({ name: "TypeError", code: null, message: "x" });
  });

  it("writes Sets as arrays, Maps as objects, dates as ISO text and secrets as ***", () => {
    expect(
      toJson({
        set: new Set(["a", 1n]),
        map: new Map<unknown, unknown>([
          [1, "one"],
          ["skip", undefined],
        ]),
        date: new Date(Date.UTC(2024, 1, 1)),
        password: secret("hunter2"),
      }),
    ).toEqual({ set: ["a", "1"], map: { 1: "one" }, date: "2024-02-01T00:00:00.000Z", password: "***" });
  });

  it("drops functions and symbols, and names non-finite numbers", () => {
    expect(toJson({ f: () => 1, s: Symbol("x"), n: Number.NaN, i: -Infinity })).toEqual({
      n: "NaN",
      i: "-Infinity",
    });
    expect(toJson(undefined)).toBeNull();
  });

  it("cuts nesting deeper than MAX_JSON_DEPTH, so a cycle ends", () => {
    const cycle: { self?: unknown; name: string } = { name: "loop" };
    cycle.self = cycle;
    let json = toJson(cycle) as { self?: unknown };
    let depth = 0;
    while (typeof json === "object" && json !== null) {
      json = json.self as { self?: unknown };
      depth++;
    }
    expect(json).toBe("[too deep]");
    expect(depth).toBe(MAX_JSON_DEPTH);
    expect(JSON.stringify(toJson(cycle))).toContain('"[too deep]"');
  });
});
