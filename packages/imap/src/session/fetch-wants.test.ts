import { describe, expect, it } from "vitest";
import type { FetchResponse } from "../types/response.js";
import { fetchWants, wantedPart } from "./fetch-wants.js";

const wants = fetchWants({
  name: "FETCH",
  uid: true,
  set: "1:*",
  attributes: ["UID", "FLAGS", { item: "BODY", section: "HEADER.FIELDS (From)", peek: true }],
});
if (wants === null) throw new Error("no wants");

const row = (items: FetchResponse["items"]): FetchResponse => ({ type: "fetch", seq: 1, items });

describe("wantedPart", () => {
  it("hands on the response itself when it holds only what was asked for", () => {
    const response = row({
      uid: 7,
      flags: [],
      sections: [{ item: "BODY", section: "HEADER.FIELDS (FROM)", origin: null, data: null }],
    });
    expect(wantedPart(wants, response)).toBe(response);
  });

  it("copies out the asked-for items when the response holds more", () => {
    const response = row({ uid: 7, flags: ["\\Seen"], rfc822Size: 10 });
    expect(wantedPart(wants, response)).toEqual(row({ uid: 7, flags: ["\\Seen"] }));
  });

  it("gives nothing for a response of items nobody asked for", () => {
    expect(wantedPart(wants, row({ uid: 7, rfc822Size: 10 }))).toBeNull();
  });
});
