import { describe, expect, it } from "vitest";
import { SAMPLE_COMMANDS } from "../../test/session-pair.js";
import type { Command, CommandName } from "../types/command.js";
import { COMMAND_TRAITS, type PipelinedCommandName } from "./command-traits.js";
import type { ConnectionState } from "./connection-state.js";
import {
  findConflict,
  type PipeliningContext,
  type PipeliningProfile,
  pipeliningProfile,
  withoutBarrier,
} from "./pipelining.js";

const context = (state: ConnectionState = "selected", enabled: string[] = []): PipeliningContext => ({
  state,
  exists: 10,
  enabled: new Set(enabled),
});

const NAMES = Object.keys(SAMPLE_COMMANDS) as CommandName[];

function profileOf(command: Command | { name: "COMPRESS" }, ctx = context()): PipeliningProfile {
  return pipeliningProfile(command, ctx);
}

/** A state in which the command is valid, to build its profile in. */
function validState(name: PipelinedCommandName): ConnectionState {
  return COMMAND_TRAITS[name].states[0] as ConnectionState;
}

describe("COMMAND_TRAITS", () => {
  it("describes every command the encoder knows, and COMPRESS", () => {
    expect(Object.keys(COMMAND_TRAITS).sort()).toEqual([...NAMES, "COMPRESS"].sort());
  });

  it("makes STARTTLS, COMPRESS, AUTHENTICATE, IDLE and LOGOUT the only barriers", () => {
    const barriers = (Object.keys(COMMAND_TRAITS) as PipelinedCommandName[]).filter(
      (n) => COMMAND_TRAITS[n].barrier,
    );
    expect(barriers.sort()).toEqual(["AUTHENTICATE", "COMPRESS", "IDLE", "LOGOUT", "STARTTLS"]);
  });

  it("lets only FETCH, STORE and SEARCH run without triggering EXPUNGE (RFC 3501 §7.4.1)", () => {
    const free = NAMES.filter((n) => COMMAND_TRAITS[n].expungeFreeWithoutUid);
    expect(free.sort()).toEqual(["FETCH", "SEARCH", "STORE"]);
  });

  it("makes SELECT, EXAMINE, CLOSE and UNSELECT the mailbox switches", () => {
    expect(NAMES.filter((n) => COMMAND_TRAITS[n].changesMailbox).sort()).toEqual([
      "CLOSE",
      "EXAMINE",
      "SELECT",
      "UNSELECT",
    ]);
  });

  it("allows ENABLE only in the authenticated state", () => {
    expect(COMMAND_TRAITS.ENABLE.states).toEqual(["authenticated"]);
  });
});

describe("profiles follow the table", () => {
  for (const name of NAMES) {
    const traits = COMMAND_TRAITS[name];
    const profile = profileOf(SAMPLE_COMMANDS[name], context(validState(name)));

    it(`gives ${name} the behaviours of its row`, () => {
      expect(profile.behaviors.has("barrier")).toBe(traits.barrier);
      expect(profile.behaviors.has("changesMailbox")).toBe(traits.changesMailbox);
      expect(profile.behaviors.has("dependsOnMailbox")).toBe(traits.dependsOnMailbox);
      expect(profile.behaviors.has("changesSyntax")).toBe(traits.changesSyntax);
      expect(profile.requirements.has("emptyPipe")).toBe(traits.barrier);
    });

    it(`lets a running ${name} block every other command if it is a barrier`, () => {
      for (const other of NAMES) {
        const candidate = profileOf(SAMPLE_COMMANDS[other], context(validState(other)));
        const conflict = findConflict(candidate, [profile]);
        if (traits.barrier) expect(conflict).toBe("noBarrier");
        else expect(conflict).not.toBe("noBarrier");
      }
    });

    it(`${traits.barrier ? "starts" : "does not need to start"} ${name} only on an empty pipe`, () => {
      const running = profileOf(SAMPLE_COMMANDS.CAPABILITY, context(validState(name)));
      const conflict = findConflict(profile, [running]);
      if (traits.barrier) expect(conflict).toBe("emptyPipe");
      else expect(conflict).not.toBe("emptyPipe");
    });
  }
});

describe("rule 7: sequence numbers wait for commands that may trigger EXPUNGE", () => {
  const seqFetch = profileOf({ name: "FETCH", uid: false, set: "1", attributes: ["ENVELOPE"] });

  for (const name of NAMES.filter((n) => COMMAND_TRAITS[n].states.includes("selected"))) {
    const sample = SAMPLE_COMMANDS[name];
    const nonUid = "uid" in sample ? ({ ...sample, uid: false } as Command) : sample;
    for (const command of new Set([sample, nonUid])) {
      const running = profileOf(command);
      const uid = "uid" in command && command.uid;
      const free = COMMAND_TRAITS[name].expungeFreeWithoutUid && !uid;
      it(`${free ? "does not hold" : "holds"} a sequence-number FETCH behind ${uid ? "UID " : ""}${name}`, () => {
        expect(running.behaviors.has("mayTriggerExpunge")).toBe(!free);
        const conflict = findConflict(seqFetch, [running]);
        if (free) expect(conflict).toBeNull();
        else expect(conflict).not.toBeNull();
      });
    }
  }

  it("counts SEQ search keys, nested anywhere, as sequence numbers", () => {
    const search = profileOf({
      name: "SEARCH",
      uid: true,
      criteria: [
        { key: "OR", left: { key: "ALL" }, right: { key: "NOT", operand: { key: "SEQ", set: "1:4" } } },
      ],
    });
    expect(search.usesSequenceNumbers).toBe(true);
    expect(findConflict(search, [profileOf({ name: "NOOP" })])).toBe("noExpunge");
  });

  it("lets UID commands run beside anything but barriers and mailbox switches", () => {
    const uidFetch = profileOf({ name: "FETCH", uid: true, set: "1:*", attributes: ["ENVELOPE"] });
    expect(
      findConflict(uidFetch, [profileOf({ name: "NOOP" }), profileOf(SAMPLE_COMMANDS.APPEND)]),
    ).toBeNull();
  });
});

describe("rule 6: flag reads and writes on the same messages do not overlap", () => {
  const fetchFlags = (set: string) => profileOf({ name: "FETCH", uid: true, set, attributes: ["FLAGS"] });
  const store = (set: string, silent = true) =>
    profileOf({ name: "STORE", uid: true, set, operation: "add", flags: ["\\Seen"], silent });

  it("holds a STORE behind a FETCH of flags of overlapping UIDs only", () => {
    expect(findConflict(store("5"), [fetchFlags("1:10")])).toBe("noFlagReads");
    expect(findConflict(store("50"), [fetchFlags("1:10")])).toBeNull();
  });

  it("holds a FETCH of flags behind a STORE of overlapping UIDs only", () => {
    expect(findConflict(fetchFlags("1:10"), [store("5")])).toBe("noFlagWrites");
    expect(findConflict(fetchFlags("1:10"), [store("11:20")])).toBeNull();
  });

  it("orders two STOREs on the same messages", () => {
    expect(findConflict(store("5"), [store("5:6")])).toBe("noFlagWrites");
  });

  it("treats a body FETCH without PEEK as a flag write (it sets \\Seen)", () => {
    const read = profileOf({
      name: "FETCH",
      uid: true,
      set: "5",
      attributes: [{ item: "BODY", section: "" }],
    });
    const peek = profileOf({
      name: "FETCH",
      uid: true,
      set: "5",
      attributes: [{ item: "BODY", section: "", peek: true }],
    });
    expect(read.behaviors.has("writesFlags")).toBe(true);
    expect(peek.behaviors.has("writesFlags")).toBe(false);
    expect(findConflict(read, [fetchFlags("5")])).toBe("noFlagReads");
  });

  it("counts flag search keys and MODSEQ as flag reads", () => {
    const search = profileOf({ name: "SEARCH", uid: true, criteria: [{ key: "UNSEEN" }], return: [] });
    expect(findConflict(search, [store("1")])).toBe("noFlagWrites");
    const modseq = profileOf({ name: "FETCH", uid: true, set: "1", attributes: ["MODSEQ"] });
    expect(modseq.behaviors.has("readsFlags")).toBe(true);
  });

  it("does not compare UIDs with sequence numbers", () => {
    const seqFetchFlags = profileOf({ name: "FETCH", uid: false, set: "1", attributes: ["FLAGS"] });
    expect(findConflict(store("50"), [seqFetchFlags])).toBe("noFlagReads");
  });
});

describe("other requirements", () => {
  it("holds a mailbox switch behind commands on the selected mailbox and the reverse", () => {
    const select = profileOf(SAMPLE_COMMANDS.SELECT);
    expect(findConflict(select, [profileOf(SAMPLE_COMMANDS.FETCH)])).toBe("noMailboxUse");
    expect(findConflict(select, [profileOf(SAMPLE_COMMANDS.CLOSE)])).toBe("noMailboxUse");
    expect(findConflict(profileOf(SAMPLE_COMMANDS.EXPUNGE), [select])).toBe("settledState");
    expect(findConflict(profileOf(SAMPLE_COMMANDS.LIST), [select])).toBeNull();
  });

  it("holds commands that are invalid in a possible outcome of a state change in flight", () => {
    const login = profileOf(SAMPLE_COMMANDS.LOGIN, context("notAuthenticated"));
    expect([...login.outcomes].sort()).toEqual(["authenticated", "notAuthenticated"]);
    expect(findConflict(profileOf(SAMPLE_COMMANDS.LIST, context("notAuthenticated")), [login])).toBe(
      "settledState",
    );
    expect(
      findConflict(profileOf(SAMPLE_COMMANDS.CAPABILITY, context("notAuthenticated")), [login]),
    ).toBeNull();
  });

  it("holds everything behind ENABLE", () => {
    const enable = profileOf(SAMPLE_COMMANDS.ENABLE, context("authenticated"));
    expect(findConflict(profileOf(SAMPLE_COMMANDS.LIST, context("authenticated")), [enable])).toBe(
      "stableSyntax",
    );
  });

  it("orders a read of a mailbox after a write to it", () => {
    const copy = profileOf({ name: "COPY", uid: true, set: "1", mailbox: "Archive" });
    expect(findConflict(profileOf({ name: "STATUS", mailbox: "Archive", items: ["MESSAGES"] }), [copy])).toBe(
      "noContentWrites",
    );
    expect(
      findConflict(profileOf({ name: "STATUS", mailbox: "Sent", items: ["MESSAGES"] }), [copy]),
    ).toBeNull();
    expect(
      findConflict(profileOf({ name: "APPEND", mailbox: "inbox", messages: [] }), [
        profileOf(SAMPLE_COMMANDS.SELECT),
      ]),
    ).toBe("noContentReads");
  });

  it("orders LIST after CREATE and CREATE after LIST", () => {
    const list = profileOf(SAMPLE_COMMANDS.LIST);
    const create = profileOf(SAMPLE_COMMANDS.CREATE);
    expect(findConflict(list, [create])).toBe("noMailboxListWrites");
    expect(findConflict(create, [list])).toBe("noMailboxListAccess");
  });

  it("treats SEARCH results as correlated with RETURN or IMAP4rev2, and SORT/THREAD never", () => {
    const plain: Command = { name: "SEARCH", uid: true, criteria: [{ key: "ALL" }] };
    expect(profileOf(plain).result).toBe("search");
    expect(profileOf({ ...plain, return: [] }).result).toBeNull();
    expect(profileOf(plain, context("selected", ["IMAP4REV2"])).result).toBeNull();
    expect(profileOf(SAMPLE_COMMANDS.SORT, context("selected", ["IMAP4REV2"])).result).toBe("sort");
    expect(findConflict(profileOf(SAMPLE_COMMANDS.SORT), [profileOf(SAMPLE_COMMANDS.SORT)])).toBe(
      "uniqueResult",
    );
    expect(findConflict(profileOf(SAMPLE_COMMANDS.SORT), [profileOf(plain)])).toBeNull();
  });

  it("drops only the barrier when IDLE has sent DONE", () => {
    const idle = profileOf(SAMPLE_COMMANDS.IDLE);
    const after = withoutBarrier(idle);
    expect(after.behaviors.has("barrier")).toBe(false);
    expect(after.behaviors.has("mayTriggerExpunge")).toBe(true);
    expect(findConflict(profileOf(SAMPLE_COMMANDS.FETCH), [after])).toBeNull();
    expect(
      findConflict(profileOf({ name: "FETCH", uid: false, set: "1", attributes: ["UID"] }), [after]),
    ).toBe("noExpunge");
  });
});
