import { describe, expect, it } from "vitest";
import { assertUser } from "./config.js";
import { fixtureMailboxes, fixtureMessages, fixtureUsers } from "./fixtures.js";
import { assertMailboxName } from "./mailbox-name.js";
import { headerDate } from "./seed.js";

const text = (message: Uint8Array | string): string => Buffer.from(message).toString("utf8");

describe("fixtures", () => {
  it("define alice and bob with valid passwords", async () => {
    const users = await fixtureUsers();
    expect(users.map((user) => user.username)).toEqual(["alice", "bob"]);
    for (const user of users) expect(() => assertUser(user)).not.toThrow();
  });

  it("give every message a Date, a Message-ID and a storable mailbox", async () => {
    for (const message of await fixtureMessages()) {
      expect(headerDate(Buffer.from(message.message))).toBeInstanceOf(Date);
      expect(text(message.message)).toMatch(/^Message-ID: <[^>]+>$/m);
      expect(() => assertMailboxName(message.mailbox)).not.toThrow();
    }
    for (const names of Object.values(await fixtureMailboxes())) {
      for (const name of names) expect(() => assertMailboxName(name)).not.toThrow();
    }
  });

  it("cover the message shapes a mail client must render", async () => {
    const bodies = (await fixtureMessages())
      .filter((m) => m.username === "alice")
      .map((m) => text(m.message));
    const has = (pattern: RegExp): boolean => bodies.some((body) => pattern.test(body));
    expect(has(/^Content-Type: text\/plain/m)).toBe(true);
    expect(has(/^Content-Type: text\/html/m)).toBe(true);
    expect(has(/^Content-Type: multipart\/alternative/m)).toBe(true);
    expect(has(/^Content-Disposition: attachment; filename="[^"]+\.pdf"/m)).toBe(true);
    expect(has(/^Subject: =\?UTF-8\?B\?/m)).toBe(true);
    expect(has(/^From: =\?ISO-8859-1\?Q\?/m)).toBe(true);
    expect(has(/^Content-Type: message\/rfc822/m)).toBe(true);
    expect(has(/^Content-Type: multipart\/related/m)).toBe(true);
    expect(has(/<script>/)).toBe(true);
    const thread = bodies.filter((body) => /^Subject: (Re: )?Release plan for 2\.0$/m.test(body));
    expect(thread.length).toBeGreaterThanOrEqual(4);
  });

  it("chain the release thread through In-Reply-To and References", async () => {
    const messages = (await fixtureMessages()).map((m) => text(m.message));
    const ids = new Set(messages.map((body) => /^Message-ID: (<[^>]+>)/m.exec(body)?.[1]));
    for (const body of messages.filter((b) => /^In-Reply-To:/m.test(b))) {
      const parent = /^In-Reply-To: (<[^>]+>)/m.exec(body)?.[1];
      expect(ids.has(parent)).toBe(true);
      expect(body).toMatch(
        new RegExp(`^References: [^]*${parent?.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "m"),
      );
    }
  });
});
