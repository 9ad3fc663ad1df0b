import { describe, expect, it } from "vitest";
import { assertMailboxName, encodeModifiedUtf7, isInbox, maildirFolder } from "./mailbox-name.js";

describe("encodeModifiedUtf7", () => {
  it.each([
    ["INBOX", "INBOX"],
    ["Tom & Jerry", "Tom &- Jerry"],
    ["Entwürfe", "Entw&APw-rfe"],
    ["~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"],
    ["Reçus 📨", "Re&AOc-us &2D3c6A-"],
    ["Ünï", "&ANw-n&AO8-"],
  ])("encodes %j as %j", (name, encoded) => {
    expect(encodeModifiedUtf7(name)).toBe(encoded);
  });
});

describe("maildirFolder", () => {
  it("maps INBOX, in any case, to the Maildir root", () => {
    expect(maildirFolder("INBOX")).toBe("");
    expect(maildirFolder("inbox")).toBe("");
    expect(isInbox("Inbox")).toBe(true);
  });

  it("joins hierarchy levels with dots and encodes each level", () => {
    expect(maildirFolder("Sent")).toBe(".Sent");
    expect(maildirFolder("Archive/2023")).toBe(".Archive.2023");
    expect(maildirFolder("Projekte/Entwürfe")).toBe(".Projekte.Entw&APw-rfe");
    expect(maildirFolder("INBOX/Sub")).toBe(".INBOX.Sub");
  });

  it("rejects names Maildir++ cannot store", () => {
    expect(() => assertMailboxName("Release 2.0")).toThrow(/"\."/);
    expect(() => assertMailboxName("a//b")).toThrow(/empty hierarchy level/);
    expect(() => assertMailboxName("")).toThrow(/empty/);
    expect(() => assertMailboxName("bad\nname")).toThrow(/control character/);
  });
});
