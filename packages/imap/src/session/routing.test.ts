import { describe, expect, it } from "vitest";
import type { Command } from "../types/command.js";
import type { UntaggedData } from "../types/response.js";
import { pipeliningProfile } from "./pipelining.js";
import { bodyOwner, fetchScope, type RoutedCommand, routeUntagged } from "./routing.js";

const mailboxName = (name: string) => ({ raw: new Uint8Array(), name });

function running(tag: string, command: Command): RoutedCommand {
  return {
    tag,
    command,
    profile: pipeliningProfile(command, { state: "selected", exists: 10, enabled: new Set() }),
    routeScope: fetchScope(command, 10),
  };
}

const tags = (commands: RoutedCommand[], data: UntaggedData) =>
  routeUntagged(commands, data).map((c) => c.tag);

describe("routeUntagged", () => {
  it("gives ESEARCH to the command named by its correlator", () => {
    const a = running("A1", { name: "SEARCH", uid: true, criteria: [{ key: "ALL" }], return: [] });
    const b = running("A2", { name: "SEARCH", uid: true, criteria: [{ key: "SEEN" }], return: [] });
    expect(tags([a, b], { type: "esearch", tag: "A2", uid: true, other: [] })).toEqual(["A2"]);
    expect(tags([a, b], { type: "esearch", tag: "ZZ", uid: true, other: [] })).toEqual([]);
  });

  it("gives plain SEARCH results to the search without a correlator", () => {
    const plain = running("A1", { name: "SEARCH", uid: true, criteria: [{ key: "ALL" }] });
    const correlated = running("A2", { name: "SEARCH", uid: true, criteria: [{ key: "ALL" }], return: [] });
    expect(
      tags([plain, correlated], { type: "search", numbers: new Uint32Array([1]), modseq: null }),
    ).toEqual(["A1"]);
  });

  it("matches FETCH data by sequence number for non-UID commands, resolving * by the message count", () => {
    const fetch = running("A1", { name: "FETCH", uid: false, set: "8:*", attributes: ["FLAGS"] });
    expect(tags([fetch], { type: "fetch", seq: 9, items: {} })).toEqual(["A1"]);
    expect(tags([fetch], { type: "fetch", seq: 3, items: {} })).toEqual([]);
  });

  it("needs the UID in the data to give it to a UID command", () => {
    const fetch = running("A1", { name: "FETCH", uid: true, set: "100:200", attributes: ["FLAGS"] });
    expect(tags([fetch], { type: "fetch", seq: 1, items: { uid: 150 } })).toEqual(["A1"]);
    expect(tags([fetch], { type: "fetch", seq: 1, items: {} })).toEqual([]);
  });

  it("routes LIST and LSUB to their own commands and STATUS by mailbox name", () => {
    const list = running("A1", { name: "LIST", reference: "", patterns: ["*"] });
    const lsub = running("A2", { name: "LSUB", reference: "", pattern: "*" });
    const status = running("A3", { name: "STATUS", mailbox: "inbox", items: ["MESSAGES"] });
    const listData = (command: "LIST" | "LSUB"): UntaggedData => ({
      type: "list",
      command,
      attributes: [],
      delimiter: "/",
      mailbox: mailboxName("INBOX"),
      extended: [],
    });
    expect(tags([list, lsub, status], listData("LIST"))).toEqual(["A1"]);
    expect(tags([list, lsub, status], listData("LSUB"))).toEqual(["A2"]);
    expect(
      tags([list, status], { type: "mailboxStatus", mailbox: mailboxName("INBOX"), status: {} }),
    ).toEqual(["A3"]);
  });

  it("gives unclaimed mailbox updates to polling commands only", () => {
    const noop = running("A1", { name: "NOOP" });
    const fetch = running("A2", { name: "FETCH", uid: true, set: "5", attributes: ["FLAGS"] });
    expect(tags([noop, fetch], { type: "fetch", seq: 1, items: { uid: 5 } })).toEqual(["A2"]);
    expect(tags([noop, fetch], { type: "fetch", seq: 2, items: { uid: 6 } })).toEqual(["A1"]);
    expect(tags([noop, fetch], { type: "exists", count: 3 })).toEqual(["A1"]);
    expect(tags([fetch], { type: "exists", count: 3 })).toEqual([]);
  });
});

describe("bodyOwner", () => {
  it("finds the FETCH a streamed body belongs to", () => {
    const a = running("A1", { name: "FETCH", uid: true, set: "1:10", attributes: ["UID"] });
    const b = running("A2", { name: "FETCH", uid: true, set: "11:20", attributes: ["UID"] });
    expect(bodyOwner([a, b], 1, 15)?.tag).toBe("A2");
    expect(bodyOwner([a, b], 1, 99)).toBeNull();
    expect(bodyOwner([b], 1, null)?.tag).toBe("A2");
  });
});
