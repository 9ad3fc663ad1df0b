import { describe, expect, it } from "vitest";
import { decodeAll } from "../src/codec/decoder.js";
import { bytesToJson, toJson } from "./json.js";

const enc = new TextEncoder();

describe("toJson", () => {
  it("turns valid UTF-8 bytes into text and anything else into base64", () => {
    expect(bytesToJson(enc.encode("Grüße"))).toBe("Grüße");
    expect(bytesToJson(new Uint8Array([0x47, 0xfc, 0x00]))).toEqual({ base64: "R/wA" });
    expect(bytesToJson(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe("\ufeffA");
  });

  it("writes bigints as strings, typed arrays as arrays and mailbox names decoded", () => {
    const value = {
      modseq: 18446744073709551615n,
      numbers: new Uint32Array([1, 2, 4294967295]),
      mailbox: { raw: enc.encode("Entw&APw-rfe"), name: "Entwürfe" },
      missing: undefined,
      nested: [null, 1.5, true],
    };
    expect(toJson(value)).toEqual({
      modseq: "18446744073709551615",
      numbers: [1, 2, 4294967295],
      mailbox: "Entwürfe",
      nested: [null, 1.5, true],
    });
  });

  it("renders parsed responses as plain JSON", () => {
    const [event] = decodeAll(enc.encode('* LIST (\\HasNoChildren) "/" "&ZeVnLIqe-"\r\n'));
    expect(event?.type === "response" && toJson(event.response)).toEqual({
      type: "list",
      command: "LIST",
      attributes: ["\\HasNoChildren"],
      delimiter: "/",
      mailbox: "日本語",
      extended: [],
    });
  });
});
