import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { BULK_COUNT, FOLDERS } from "./folders.js";
import { toSeed } from "./mail/letter.js";
import { demoLetters, demoMessages, demoSeed } from "./seed.js";
import { decodeWords, displayName, fixCp1252, header, headerFields } from "./testing/headers.js";

const NOW = new Date("2025-03-14T12:00:00Z");
const DAY = 86_400_000;
const letters = demoLetters(NOW);
const seeds = letters.map(toSeed);
const bytes = (i: number) => Buffer.from(seeds[i]?.message ?? "");

describe("demoLetters", () => {
  it("gives every message the header fields a reader needs, each once, in lines of at most 998 octets", () => {
    for (const [i, letter] of letters.entries()) {
      const message = bytes(i);
      for (const name of ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"]) {
        expect(() => header(message, name), `${letter.envelope.messageId} ${name}`).not.toThrow();
      }
      expect(Date.parse(header(message, "Date"))).toBe(letter.envelope.date.getTime());
      for (const line of message.toString("latin1").split("\r\n")) expect(line.length).toBeLessThan(999);
      expect(message.toString("latin1")).not.toMatch(/[^\r]\n/);
    }
  });

  it("encodes each subject and sender name so that it decodes (TextDecoder, per charset) to the intended text", () => {
    for (const [i, letter] of letters.entries()) {
      const message = bytes(i);
      expect(decodeWords(header(message, "Subject")), letter.envelope.messageId).toBe(
        letter.envelope.subject,
      );
      expect(displayName(header(message, "From"))).toBe(letter.envelope.from.name);
    }
  });

  it("uses encoded-words in every promised charset, and one raw 8-bit UTF-8 Subject", () => {
    const subjects = seeds.map((_, i) => header(bytes(i), "Subject"));
    const used = new Set(
      subjects.flatMap((s) => [...s.matchAll(/=\?([^?]+)\?([BQ])\?/g)].map((m) => `${m[1]}?${m[2]}`)),
    );
    for (const word of [
      "UTF-8?B",
      "UTF-8?Q",
      "ISO-8859-1?Q",
      "ISO-8859-2?Q",
      "windows-1252?Q",
      "KOI8-R?B",
      "Shift_JIS?B",
      "ISO-2022-JP?B",
    ]) {
      expect(used, word).toContain(word);
    }
    const raw = subjects.filter((s) => /[^ -~]/.test(s));
    expect(raw).toEqual(["Ünïcödé straight in the header: naïve café ✓"]);
  });

  it("parses with postal-mime to the same subject, sender and thread headers", async () => {
    for (const [i, letter] of letters.entries()) {
      const email = await PostalMime.parse(bytes(i));
      expect(fixCp1252(email.subject ?? "")).toBe(letter.envelope.subject);
      const from = email.from as { name: string; address: string } | undefined;
      expect([fixCp1252(from?.name ?? ""), from?.address]).toEqual([
        letter.envelope.from.name,
        letter.envelope.from.address,
      ]);
      expect(email.messageId).toBe(`<${letter.envelope.messageId}>`);
      expect(email.text ?? email.html ?? "").not.toBe("");
      if (letter.envelope.replyTo !== undefined)
        expect(email.inReplyTo).toBe(`<${letter.envelope.replyTo.messageId}>`);
    }
  });

  it("threads replies to messages of the mailbox, across INBOX and Sent", () => {
    const byId = new Map(letters.map((l) => [l.envelope.messageId, l]));
    const replies = letters.filter((l) => l.envelope.replyTo !== undefined);
    expect(replies.length).toBeGreaterThanOrEqual(5);
    for (const reply of replies) {
      for (const id of [
        ...(reply.envelope.replyTo?.references ?? []),
        reply.envelope.replyTo?.messageId ?? "",
      ]) {
        expect(byId.has(id), `${reply.envelope.messageId} → ${id}`).toBe(true);
      }
    }
    const latency = letters.filter((l) => l.envelope.subject.endsWith("Gateway latency numbers"));
    expect(new Set(latency.map((l) => l.mailbox))).toEqual(new Set([FOLDERS.inbox, FOLDERS.sent]));
    expect(latency.at(-1)?.envelope.replyTo?.references).toHaveLength(2);
  });

  it("carries valid PDF and PNG attachments and cid images referenced from HTML", async () => {
    const parts = await Promise.all(seeds.map((s) => PostalMime.parse(Buffer.from(s.message))));
    const all = parts.flatMap((p) => p.attachments.map((a) => ({ ...a, html: p.html ?? "" })));
    const pdfs = all.filter((a) => a.mimeType === "application/pdf");
    expect(pdfs.length).toBeGreaterThanOrEqual(2);
    for (const a of pdfs)
      expect(
        Buffer.from(a.content as ArrayBuffer)
          .subarray(0, 8)
          .toString(),
      ).toBe("%PDF-1.4");
    const pngs = all.filter((a) => a.mimeType === "image/png");
    for (const a of pngs) expect(Buffer.from(a.content as ArrayBuffer).readUInt32BE(0)).toBe(0x89504e47);
    const inline = pngs.filter((a) => a.contentId !== undefined);
    expect(inline).toHaveLength(2);
    for (const a of inline) expect(a.html).toContain(`cid:${a.contentId?.replace(/[<>]/g, "")}`);
    expect(pngs.filter((a) => a.disposition === "attachment")).toHaveLength(2);
  });

  it("has HTML newsletters whose images are remote, on hosts that never resolve", () => {
    const html = seeds
      .map((s) => Buffer.from(s.message).toString("latin1"))
      .filter((t) => /text\/html/.test(t));
    const sources = html.flatMap((t) =>
      [
        ...t
          .replace(/=\r\n/g, "")
          .replace(/=3D/g, "=")
          .matchAll(/src="(https?:[^"]+)"/g),
      ].map((m) => m[1] as string),
    );
    expect(sources.length).toBeGreaterThan(10);
    for (const src of sources) expect(new URL(src).hostname).toMatch(/(\.example|\.example\.com)$/);
  });

  it("has plain text with format=flowed and quoted replies", () => {
    const texts = seeds.map((s) => Buffer.from(s.message).toString("utf8"));
    expect(texts.filter((t) => t.includes("format=flowed")).length).toBeGreaterThanOrEqual(3);
    expect(texts.some((t) => /^> .+$/m.test(t) && /^>> .+$/m.test(t))).toBe(true);
    expect(texts.some((t) => / \r\n/.test(t) && t.includes("format=flowed"))).toBe(true);
  });

  it("mixes flags: flagged, answered, drafts, read and unread", () => {
    const flags = seeds.map((s) => s.flags ?? []);
    for (const flag of ["\\Flagged", "\\Answered", "\\Draft"])
      expect(
        flags.some((f) => f.includes(flag)),
        flag,
      ).toBe(true);
    const inbox = seeds.filter((s) => s.mailbox === FOLDERS.inbox);
    const unread = inbox.filter((s) => !(s.flags ?? []).includes("\\Seen"));
    expect(unread.length).toBeGreaterThan(3);
    expect(unread.length).toBeLessThan(inbox.length);
  });

  it("dates mail relative to now: some today, more this week, some weeks back, none in the future", () => {
    const ages = letters.map((l) => NOW.getTime() - l.envelope.date.getTime());
    expect(Math.min(...ages)).toBeGreaterThan(0);
    expect(ages.filter((a) => a < DAY / 2).length).toBeGreaterThanOrEqual(3);
    expect(ages.filter((a) => a < 7 * DAY).length).toBeGreaterThan(15);
    expect(Math.max(...ages)).toBeGreaterThan(21 * DAY);
  });

  it("fills nested, non-ASCII and special-use folders", () => {
    const folders = new Set(letters.map((l) => l.mailbox));
    for (const name of [
      "INBOX",
      "Sent",
      "Drafts",
      "Archive",
      "Junk",
      "Trash",
      "Projects/Tagwire",
      "Projects/Tagwire/Design",
      "Reisen/Übersee",
    ]) {
      expect(folders, name).toContain(name);
    }
  });
});

describe("demoMessages", () => {
  const messages = demoMessages(NOW);

  it("puts the bulk folder's messages after the written ones, dated up to an hour before now", () => {
    const bulk = messages.filter((m) => m.mailbox === FOLDERS.bulk);
    expect(bulk).toHaveLength(BULK_COUNT);
    expect(BULK_COUNT).toBeGreaterThanOrEqual(2000);
    const newest = bulk.at(-1);
    expect(newest?.internalDate?.getTime()).toBe(NOW.getTime() - 3_600_000);
    expect(Date.parse(header(Buffer.from(newest?.message ?? ""), "Date"))).toBe(
      newest?.internalDate?.getTime(),
    );
    expect(bulk.every((m) => headerFields(Buffer.from(m.message)).length >= 5)).toBe(true);
  });

  it("is deterministic: the same now gives the same bytes", () => {
    const again = demoSeed(NOW).messages ?? [];
    expect(again.length).toBe(messages.length);
    again.forEach((m, i) => {
      expect(Buffer.from(m.message).equals(Buffer.from(messages[i]?.message ?? ""))).toBe(true);
    });
  });
});
