import { describe, expect, it } from "vitest";
import type { StatusResponse, UntaggedData } from "../types/response.js";
import {
  confirmMailbox,
  type MailboxState,
  openMailbox,
  reduceMailbox,
  reduceMailboxCode,
} from "./mailbox-state.js";

const okWith = (code: StatusResponse["code"]): StatusResponse => ({
  type: "status",
  tag: null,
  condition: "OK",
  code,
  text: "",
});

function feed(state: MailboxState, responses: (UntaggedData | StatusResponse)[]): MailboxState {
  let current = state;
  for (const response of responses) current = reduceMailbox(current, response)?.state ?? current;
  return current;
}

describe("mailbox reducer", () => {
  it("builds the mailbox from a SELECT's untagged data", () => {
    const state = feed(openMailbox("INBOX", false), [
      { type: "exists", count: 172 },
      { type: "recent", count: 1 },
      { type: "flags", flags: ["\\Answered", "\\Seen"] },
      okWith({ code: "UNSEEN", value: 12 }),
      okWith({ code: "UIDVALIDITY", value: 3857529045 }),
      okWith({ code: "UIDNEXT", value: 4392 }),
      okWith({ code: "PERMANENTFLAGS", flags: ["\\Seen", "\\*"] }),
      okWith({ code: "HIGHESTMODSEQ", value: 715194045007n }),
    ]);
    expect(confirmMailbox(state).state).toEqual({
      name: "INBOX",
      status: "selected",
      readOnly: false,
      exists: 172,
      recent: 1,
      flags: ["\\Answered", "\\Seen"],
      permanentFlags: ["\\Seen", "\\*"],
      uidValidity: 3857529045,
      uidNext: 4392,
      unseen: 12,
      highestModseq: 715194045007n,
      noModseq: false,
    });
  });

  it("shrinks on EXPUNGE and VANISHED but not on VANISHED (EARLIER)", () => {
    let state = feed(openMailbox("INBOX", false), [{ type: "exists", count: 10 }]);
    state = feed(state, [{ type: "expunge", seq: 3 }]);
    expect(state.exists).toBe(9);
    state = feed(state, [
      {
        type: "vanished",
        earlier: false,
        uids: [
          [5, 7],
          [9, 9],
        ],
      },
    ]);
    expect(state.exists).toBe(5);
    state = feed(state, [{ type: "vanished", earlier: true, uids: [[1, 100]] }]);
    expect(state.exists).toBe(5);
  });

  it("reports what changed", () => {
    const state = feed(openMailbox("INBOX", false), [{ type: "exists", count: 4 }]);
    expect(reduceMailbox(state, { type: "exists", count: 5 })?.changes).toEqual([
      { kind: "exists", count: 5, previous: 4 },
    ]);
    expect(reduceMailbox(state, { type: "expunge", seq: 2 })?.changes).toEqual([
      { kind: "expunged", seq: 2 },
    ]);
    expect(reduceMailboxCode(state, { code: "UIDVALIDITY", value: 9 })?.changes).toEqual([
      { kind: "uidValidity", value: 9, previous: null },
    ]);
  });

  it("tracks READ-ONLY/READ-WRITE and NOMODSEQ", () => {
    let state = openMailbox("INBOX", false);
    state = reduceMailboxCode(state, { code: "READ-ONLY" })?.state ?? state;
    expect(state.readOnly).toBe(true);
    expect(reduceMailboxCode(state, { code: "READ-ONLY" })).toBeNull();
    state = reduceMailboxCode(state, { code: "NOMODSEQ" })?.state ?? state;
    expect(state).toMatchObject({ noModseq: true, highestModseq: null });
  });

  it("ignores responses that say nothing about the mailbox", () => {
    const state = openMailbox("INBOX", false);
    expect(reduceMailbox(state, { type: "capability", capabilities: ["IMAP4REV1"] })).toBeNull();
    expect(reduceMailbox(state, { type: "fetch", seq: 1, items: { flags: ["\\Seen"] } })).toBeNull();
    expect(reduceMailbox(state, { ...okWith({ code: "ALERT" }) })).toBeNull();
    expect(
      reduceMailbox(state, {
        type: "status",
        tag: "A1",
        condition: "OK",
        code: { code: "UIDNEXT", value: 5 },
        text: "",
      }),
    ).toBeNull();
  });
});
