import { describe, expect, it } from "vitest";
import { MailboxTracker } from "./mailbox-tracker.js";

const kinds = (transitions: { changes: readonly { kind: string }[] }[]) =>
  transitions.flatMap((t) => t.changes.map((c) => c.kind));

describe("MailboxTracker", () => {
  it("switches on SELECT when the server does not mark switches", () => {
    const tracker = new MailboxTracker();
    tracker.beginSelect("A1", "INBOX", false, false);
    tracker.finishSelect("A1", true, { code: "READ-WRITE" });
    expect(kinds(tracker.beginSelect("A2", "Sent", true, false))).toEqual(["closed", "opened"]);
    tracker.apply({ type: "exists", count: 3 });
    expect(tracker.mailbox).toMatchObject({ name: "Sent", exists: 3, readOnly: true, status: "opening" });
  });

  it("applies data to the old mailbox until [CLOSED]", () => {
    const tracker = new MailboxTracker();
    tracker.beginSelect("A1", "INBOX", false, true);
    tracker.finishSelect("A1", true, null);
    expect(tracker.beginSelect("A2", "Sent", false, true)).toEqual([]);
    tracker.apply({ type: "exists", count: 7 });
    expect(tracker.mailbox).toMatchObject({ name: "INBOX", exists: 7 });
    const { transitions, closedByServer } = tracker.closedCode(true);
    expect(closedByServer).toBe(false);
    expect(kinds(transitions)).toEqual(["closed", "opened"]);
    tracker.apply({ type: "exists", count: 2 });
    tracker.finishSelect("A2", true, null);
    expect(tracker.mailbox).toMatchObject({ name: "Sent", exists: 2, status: "selected" });
  });

  it("reports a [CLOSED] without a switch as the server closing the mailbox", () => {
    const tracker = new MailboxTracker();
    tracker.beginSelect("A1", "INBOX", false, false);
    tracker.finishSelect("A1", true, null);
    expect(tracker.closedCode(false).closedByServer).toBe(true);
    expect(tracker.mailbox).toBeNull();
  });

  it("leaves no mailbox after a failed SELECT", () => {
    const tracker = new MailboxTracker();
    tracker.beginSelect("A1", "INBOX", false, false);
    tracker.finishSelect("A1", true, null);
    tracker.beginSelect("A2", "Missing", false, false);
    expect(kinds(tracker.finishSelect("A2", false, null))).toEqual(["closed"]);
    expect(tracker.mailbox).toBeNull();
  });
});
