import { describe, expect, it } from "vitest";
import { fixtureMessages } from "./fixtures.js";
import { headerDate, resolveSeed } from "./seed.js";

const users = [
  { username: "alice", password: "a" },
  { username: "bob", password: "b" },
];

describe("headerDate", () => {
  it("reads a folded Date header with a comment, to the second", () => {
    const date = headerDate(
      Buffer.from("Subject: x\r\nDate: Mon, 04 Mar 2024\r\n 10:12:00 +0100 (CET)\r\n\r\nDate: no"),
    );
    expect(date?.toISOString()).toBe("2024-03-04T09:12:00.000Z");
  });

  it("ignores a Date line in the body and unparsable dates", () => {
    expect(headerDate(Buffer.from("Subject: x\n\nDate: Mon, 04 Mar 2024 10:12:00 +0100\n"))).toBeUndefined();
    expect(headerDate(Buffer.from("Date: someday\n\n"))).toBeUndefined();
  });
});

describe("resolveSeed", () => {
  it("seeds every fixture message of the given users by default", async () => {
    const plan = await resolveSeed(undefined, users);
    const fixtures = await fixtureMessages();
    for (const user of users) {
      expect(plan.get(user.username)?.messages).toHaveLength(
        fixtures.filter((m) => m.username === user.username).length,
      );
    }
    expect(plan.get("alice")?.mailboxes).toContain("Archive/2023");
  });

  it("skips fixture mail of users that are not configured", async () => {
    const plan = await resolveSeed(true, [{ username: "carol", password: "c" }]);
    expect(plan.get("carol")?.messages).toEqual([]);
    expect(plan.has("alice")).toBe(false);
  });

  it("seeds nothing with false and exactly the given messages with an array", async () => {
    expect((await resolveSeed(false, users)).get("alice")?.messages).toEqual([]);
    const plan = await resolveSeed(
      [{ username: "bob", mailbox: "Inbox", message: "Subject: x\r\n\r\nhi\r\n" }],
      users,
    );
    expect(plan.get("alice")?.messages).toEqual([]);
    const [message] = plan.get("bob")?.messages ?? [];
    expect(Buffer.from(message?.bytes ?? []).toString()).toBe("Subject: x\n\nhi\n");
    expect(message?.internalDate.toISOString()).toBe("2024-01-01T00:00:00.000Z");
  });

  it("adds bulk mail for the first user by default and extra messages after the fixtures", async () => {
    const plan = await resolveSeed(
      { fixtures: false, bulk: 20, messages: [{ username: "bob", mailbox: "X", message: "" }] },
      users,
    );
    expect(plan.get("alice")?.messages).toHaveLength(20);
    expect(plan.get("alice")?.messages.every((m) => m.mailbox === "Bulk")).toBe(true);
    expect(plan.get("alice")?.mailboxes).toEqual(["Bulk"]);
    expect(plan.get("bob")?.messages).toHaveLength(1);
  });

  it("refuses seed mail for an unknown user or an unstorable mailbox", async () => {
    await expect(resolveSeed({ bulk: { count: 1, username: "zoe" } }, users)).rejects.toThrow(
      /unknown user "zoe"/,
    );
    await expect(resolveSeed([{ username: "alice", mailbox: "a.b", message: "" }], users)).rejects.toThrow(
      /"\."/,
    );
  });
});
