import { describe, expect, it } from "vitest";
import type { Command } from "../types/command.js";
import type { UntaggedData } from "../types/response.js";
import { fetchWants } from "./fetch-wants.js";
import { pipeliningProfile } from "./pipelining.js";
import { bodyOwner, fetchScope, type RoutedCommand, routeUntagged, streamKey } from "./routing.js";

const mailboxName = (name: string) => ({ raw: new Uint8Array(), name });

function running(tag: string, command: Command): RoutedCommand {
  return {
    tag,
    command,
    profile: pipeliningProfile(command, { state: "selected", exists: 10, enabled: new Set() }),
    routeScope: fetchScope(command, 10),
    wants: fetchWants(command),
    streamed: new Set(),
    received: new Set(),
  };
}

const tags = (commands: RoutedCommand[], data: UntaggedData) =>
  routeUntagged(commands, data).map((c) => c.owner.tag);

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
    expect(tags([fetch], { type: "fetch", seq: 9, items: { flags: [] } })).toEqual(["A1"]);
    expect(tags([fetch], { type: "fetch", seq: 3, items: { flags: [] } })).toEqual([]);
  });

  it("needs the UID in the data to give it to a UID command", () => {
    const fetch = running("A1", { name: "FETCH", uid: true, set: "100:200", attributes: ["FLAGS"] });
    expect(tags([fetch], { type: "fetch", seq: 1, items: { uid: 150, flags: [] } })).toEqual(["A1"]);
    expect(tags([fetch], { type: "fetch", seq: 1, items: { flags: [] } })).toEqual([]);
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
    expect(tags([noop, fetch], { type: "fetch", seq: 1, items: { uid: 5, flags: [] } })).toEqual(["A2"]);
    expect(tags([noop, fetch], { type: "fetch", seq: 2, items: { uid: 6, flags: [] } })).toEqual(["A1"]);
    expect(tags([noop, fetch], { type: "exists", count: 3 })).toEqual(["A1"]);
    expect(tags([fetch], { type: "exists", count: 3 })).toEqual([]);
  });
});

describe("routeUntagged: FETCH items", () => {
  const section = (spec: string, data: string | null, origin: number | null = null) => ({
    item: "BODY" as const,
    section: spec,
    origin,
    data: data === null ? null : new TextEncoder().encode(data),
  });
  const whole = running("A1", {
    name: "FETCH",
    uid: true,
    set: "1",
    attributes: [{ item: "BODY", section: "", peek: true }],
  });
  const part = running("A2", {
    name: "FETCH",
    uid: true,
    set: "1",
    attributes: [{ item: "BODY", section: "2", peek: true }],
  });

  it("gives each section to the command that asked for it, not to every command on that message", () => {
    const routed = routeUntagged([whole, part], {
      type: "fetch",
      seq: 1,
      items: { uid: 1, sections: [section("", "all of it")] },
    });
    expect(routed.map((r) => r.owner.tag)).toEqual(["A1"]);
  });

  it("splits one response between the commands whose items it holds, each getting only its own", () => {
    const routed = routeUntagged([whole, part], {
      type: "fetch",
      seq: 1,
      items: { uid: 1, flags: ["\\Seen"], sections: [section("", "whole"), section("2", "part")] },
    });
    expect(routed.map((r) => [r.owner.tag, r.data])).toEqual([
      ["A1", { type: "fetch", seq: 1, items: { uid: 1, sections: [section("", "whole")] } }],
      ["A2", { type: "fetch", seq: 1, items: { uid: 1, sections: [section("2", "part")] } }],
    ]);
  });

  it("routes a section nobody asked for to no command", () => {
    const data: UntaggedData = { type: "fetch", seq: 1, items: { uid: 1, sections: [section("3", "x")] } };
    expect(tags([whole, part], data)).toEqual([]);
  });

  it("matches header field lists and partial origins as the server spells them", () => {
    const headers = running("A3", {
      name: "FETCH",
      uid: true,
      set: "1",
      attributes: [
        { item: "BODY", section: 'HEADER.FIELDS (From "To")', peek: true },
        { item: "BODY", section: "1", peek: true, partial: { offset: 100, length: 50 } },
      ],
    });
    const data: UntaggedData = {
      type: "fetch",
      seq: 1,
      items: { uid: 1, sections: [section("HEADER.FIELDS (FROM TO)", "h"), section("1", "p", 100)] },
    };
    expect(routeUntagged([headers], data)[0]?.data).toEqual(data);
  });

  it("gives each of two identical FETCHes in flight one copy of the item", () => {
    const attributes = [{ item: "BODY" as const, section: "1", peek: true }];
    const first = running("A5", { name: "FETCH", uid: true, set: "1", attributes });
    const second = running("A6", { name: "FETCH", uid: true, set: "1", attributes });
    const data: UntaggedData = { type: "fetch", seq: 1, items: { uid: 1, sections: [section("1", "x")] } };
    expect(tags([first, second], data)).toEqual(["A5"]);
    expect(tags([first, second], data)).toEqual(["A6"]);
  });

  it("gives the response of a streamed section to each command that got a stream, once", () => {
    const attributes = [{ item: "BODY" as const, section: "" }];
    const first = running("A7", { name: "FETCH", uid: true, set: "1", attributes });
    const second = running("A8", { name: "FETCH", uid: true, set: "1", attributes });
    const streamed = { ...section("", null), streamedSize: 100 };
    const data: UntaggedData = { type: "fetch", seq: 1, items: { uid: 1, sections: [streamed] } };
    first.streamed?.add(streamKey({ seq: 1, item: "BODY", section: "", origin: null }));
    expect(tags([first, second], data)).toEqual(["A7"]);
    second.streamed?.add(streamKey({ seq: 1, item: "BODY", section: "", origin: null }));
    expect(tags([first, second], data)).toEqual(["A8"]);
  });

  it("gives a UID-only FETCH its bare UID responses", () => {
    const uids = running("A4", { name: "FETCH", uid: true, set: "1:*", attributes: ["UID"] });
    expect(tags([uids, whole], { type: "fetch", seq: 1, items: { uid: 1 } })).toEqual(["A4"]);
  });
});

describe("bodyOwner", () => {
  const start = (uid: number | null, spec = "") => ({
    seq: 1,
    uid,
    item: "BODY",
    section: spec,
    origin: null,
  });

  it("finds the FETCH a streamed body belongs to", () => {
    const a = running("A1", {
      name: "FETCH",
      uid: true,
      set: "1:10",
      attributes: [{ item: "BODY", section: "" }],
    });
    const b = running("A2", {
      name: "FETCH",
      uid: true,
      set: "11:20",
      attributes: [{ item: "BODY", section: "" }],
    });
    expect(bodyOwner([a, b], start(15))?.tag).toBe("A2");
    expect(bodyOwner([a, b], start(99))).toBeNull();
    expect(bodyOwner([b], start(null))?.tag).toBe("A2");
  });

  it("goes by the section when two commands fetch the same message, even before the UID is known", () => {
    const whole = running("A1", {
      name: "FETCH",
      uid: true,
      set: "1",
      attributes: [{ item: "BODY", section: "" }],
    });
    const part = running("A2", {
      name: "FETCH",
      uid: true,
      set: "1",
      attributes: [{ item: "BODY", section: "2" }],
    });
    expect(bodyOwner([whole, part], start(null, "2"))?.tag).toBe("A2");
    expect(bodyOwner([whole, part], start(1, ""))?.tag).toBe("A1");
    expect(bodyOwner([whole, part], start(1, "3"))).toBeNull();
  });

  it("gives a repeated request's body to the command that has not had it yet", () => {
    const attributes = [{ item: "BODY" as const, section: "" }];
    const first = running("A1", { name: "FETCH", uid: true, set: "1", attributes });
    const second = running("A2", { name: "FETCH", uid: true, set: "1", attributes });
    first.streamed?.add(streamKey(start(1)));
    expect(bodyOwner([first, second], start(1))?.tag).toBe("A2");
  });
});
