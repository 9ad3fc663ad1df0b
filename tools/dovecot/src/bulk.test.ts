import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateBulk, rfc5322Date } from "./bulk.js";

const digest = (messages: ReturnType<typeof generateBulk>): string => {
  const hash = createHash("sha256");
  for (const m of messages) hash.update(String(m.message)).update(JSON.stringify([m.flags, m.internalDate]));
  return hash.digest("hex");
};

const header = (message: string, name: string): string | undefined =>
  new RegExp(`^${name}: (.*(?:\\n .*)*)`, "mi").exec(message.split("\n\n")[0] ?? "")?.[1];

describe("generateBulk", () => {
  it("gives the same bytes for the same seed and different bytes for another", () => {
    const options = { count: 200, username: "alice", mailbox: "Bulk" };
    expect(digest(generateBulk({ ...options, seed: 1 }))).toBe(digest(generateBulk({ ...options, seed: 1 })));
    expect(digest(generateBulk({ ...options, seed: 1 }))).not.toBe(
      digest(generateBulk({ ...options, seed: 2 })),
    );
  });

  it("makes the requested number of well-formed messages, oldest first, for the user and mailbox", () => {
    const messages = generateBulk({ count: 500, username: "bob", mailbox: "Big", seed: 7 });
    expect(messages).toHaveLength(500);
    let previous = 0;
    const ids = new Set<string>();
    for (const m of messages) {
      const text = String(m.message);
      expect(m.username).toBe("bob");
      expect(m.mailbox).toBe("Big");
      expect(header(text, "To")).toBe("bob@example.org");
      for (const name of ["From", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"]) {
        expect(header(text, name), name).toBeDefined();
      }
      expect(text).not.toContain("\r");
      const time = m.internalDate?.getTime() ?? 0;
      expect(time).toBeGreaterThan(previous);
      expect(header(text, "Date")).toBe(rfc5322Date(new Date(time)));
      previous = time;
      ids.add(header(text, "Message-ID") ?? "");
    }
    expect(ids.size).toBe(500);
  });

  it("mixes replies to earlier messages, multipart bodies, attachments and read states", () => {
    const messages = generateBulk({ count: 1000, username: "alice", mailbox: "Bulk", seed: 1 });
    const texts = messages.map((m) => String(m.message));
    const seen = new Set<string>();
    let replies = 0;
    for (const text of texts) {
      const parent = header(text, "In-Reply-To");
      if (parent !== undefined) {
        replies++;
        expect(seen.has(parent)).toBe(true);
        expect(header(text, "Subject")).toMatch(/^Re: /);
      }
      seen.add(header(text, "Message-ID") ?? "");
    }
    expect(replies).toBeGreaterThan(100);
    expect(texts.filter((t) => t.includes("multipart/alternative")).length).toBeGreaterThan(100);
    expect(texts.filter((t) => t.includes("Content-Disposition: attachment")).length).toBeGreaterThan(10);
    expect(texts.filter((t) => /^Subject: =\?UTF-8\?B\?/m.test(t)).length).toBeGreaterThan(0);
    const unseen = messages.filter((m) => !m.flags?.includes("\\Seen")).length;
    expect(unseen).toBeGreaterThan(10);
    expect(unseen).toBeLessThan(500);
  });

  it("rejects a count that is not a whole number", () => {
    expect(() => generateBulk({ count: -1, username: "a", mailbox: "B", seed: 1 })).toThrow(/whole number/);
    expect(() => generateBulk({ count: 1.5, username: "a", mailbox: "B", seed: 1 })).toThrow(/whole number/);
  });
});
