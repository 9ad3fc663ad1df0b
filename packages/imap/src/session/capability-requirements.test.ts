import { describe, expect, it } from "vitest";
import { SAMPLE_COMMANDS } from "../../test/session-pair.js";
import type { Command } from "../types/command.js";
import { capabilitySet } from "./capabilities.js";
import { capabilityRequirements, unsupportedReason } from "./capability-requirements.js";
import { COMMAND_TRAITS } from "./command-traits.js";

const BASE = capabilitySet(["IMAP4rev1"]);

describe("capability requirements", () => {
  it("refuses every sample command whose table row needs an extension on a bare IMAP4rev1 server", () => {
    for (const [name, command] of Object.entries(SAMPLE_COMMANDS) as [Command["name"], Command][]) {
      const needsOne = COMMAND_TRAITS[name].requires.length > 0;
      expect(unsupportedReason(command, BASE) !== null, name).toBe(
        needsOne || capabilityRequirements(command).length > 0,
      );
    }
  });

  it("is satisfied by any one capability of a requirement", () => {
    expect(unsupportedReason(SAMPLE_COMMANDS.MOVE, capabilitySet(["IMAP4rev1", "MOVE"]))).toBeNull();
    expect(unsupportedReason(SAMPLE_COMMANDS.MOVE, capabilitySet(["IMAP4rev2"]))).toBeNull();
    expect(unsupportedReason(SAMPLE_COMMANDS.MOVE, BASE)).toMatch(/MOVE/);
  });

  it.each<[string, Command, string]>([
    ["UID EXPUNGE", { name: "EXPUNGE", uids: "1:5" }, "UIDPLUS"],
    [
      "SEARCH RETURN",
      { name: "SEARCH", uid: true, criteria: [{ key: "ALL" }], return: ["COUNT"] },
      "ESEARCH",
    ],
    [
      "FETCH BINARY",
      { name: "FETCH", uid: true, set: "1", attributes: [{ item: "BINARY", section: "1" }] },
      "BINARY",
    ],
    [
      "FETCH CHANGEDSINCE",
      { name: "FETCH", uid: true, set: "1", attributes: ["FLAGS"], changedSince: 5n },
      "CONDSTORE",
    ],
    ["FETCH PREVIEW", { name: "FETCH", uid: true, set: "1", attributes: ["PREVIEW"] }, "PREVIEW"],
    [
      "LIST RETURN (STATUS)",
      { name: "LIST", reference: "", patterns: ["*"], returnStatus: ["MESSAGES"] },
      "LIST-STATUS",
    ],
    [
      "LIST RETURN (SPECIAL-USE)",
      { name: "LIST", reference: "", patterns: ["*"], returnSpecialUse: true },
      "SPECIAL-USE",
    ],
    ["STATUS SIZE", { name: "STATUS", mailbox: "INBOX", items: ["SIZE"] }, "STATUS=SIZE"],
    [
      "APPEND of two",
      {
        name: "APPEND",
        mailbox: "INBOX",
        messages: [{ data: new Uint8Array(1) }, { data: new Uint8Array(1) }],
      },
      "MULTIAPPEND",
    ],
    [
      "THREAD=REFS",
      { name: "THREAD", uid: true, algorithm: "REFS", charset: "UTF-8", search: [{ key: "ALL" }] },
      "THREAD=REFS",
    ],
    ["SELECT (CONDSTORE)", { name: "SELECT", mailbox: "INBOX", condstore: true }, "CONDSTORE"],
  ])("asks %s for %s", (_label, command, capability) => {
    expect(unsupportedReason(command, BASE)).toContain(capability);
    expect(
      unsupportedReason(command, capabilitySet(["IMAP4rev1", capability, "ESEARCH", "THREAD=REFS"])),
    ).toBeNull();
  });

  it("takes PARTIAL from CONTEXT=SEARCH, CONTEXT=SORT or PARTIAL, and positions from the end only from PARTIAL", () => {
    const sort: Command = {
      name: "SORT",
      uid: true,
      criteria: ["REVERSE DATE"],
      charset: "UTF-8",
      search: [{ key: "ALL" }],
      return: ["SAVE"],
      partial: [1, 100],
    };
    const dovecot = capabilitySet(["IMAP4rev1", "SORT", "ESORT", "SEARCHRES", "CONTEXT=SEARCH"]);
    expect(unsupportedReason(sort, dovecot)).toBeNull();
    expect(unsupportedReason(sort, capabilitySet(["IMAP4rev1", "SORT", "ESORT", "SEARCHRES"]))).toMatch(
      /CONTEXT=SEARCH or CONTEXT=SORT or PARTIAL/,
    );
    expect(unsupportedReason({ ...sort, partial: [-1, -100] }, dovecot)).toMatch(/needs PARTIAL/);
    expect(
      unsupportedReason(sort, capabilitySet(["IMAP4rev1", "SORT", "SEARCHRES", "CONTEXT=SEARCH"])),
    ).toMatch(/needs ESORT/);
    const save: Command = { name: "SEARCH", uid: true, criteria: [{ key: "ALL" }], return: ["SAVE"] };
    expect(unsupportedReason(save, capabilitySet(["IMAP4rev1", "ESEARCH"]))).toMatch(/needs SEARCHRES/);
    expect(unsupportedReason(save, capabilitySet(["IMAP4rev2"]))).toBeNull();
  });

  it("lets plain commands through on any server", () => {
    for (const command of [
      SAMPLE_COMMANDS.NOOP,
      SAMPLE_COMMANDS.FETCH,
      SAMPLE_COMMANDS.STORE,
      SAMPLE_COMMANDS.COPY,
      { name: "EXPUNGE" } as const,
      { name: "LIST", reference: "", patterns: ["*"] } as const,
    ]) {
      expect(unsupportedReason(command, BASE)).toBeNull();
    }
  });

  it("refuses LOGIN under LOGINDISABLED", () => {
    expect(unsupportedReason(SAMPLE_COMMANDS.LOGIN, capabilitySet(["IMAP4rev1", "LOGINDISABLED"]))).toMatch(
      /LOGINDISABLED/,
    );
  });
});
