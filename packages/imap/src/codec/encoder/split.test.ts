import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BASE } from "../../../test/encoder-helpers.js";
import type { Command, SequenceSet } from "../../types/command.js";
import type { EncodedCommand } from "../fragment.js";
import { encodeCommand, MAX_COMMAND_LINE_OCTETS, splitLongCommand } from "./index.js";

const lineOctets = (encoded: EncodedCommand): number =>
  encoded.fragments.reduce((sum, f) => sum + (f.kind === "line" ? f.bytes.length : 0), 0);

/** Every number of a numeric canonical set. */
function expand(set: SequenceSet): number[] {
  const out: number[] = [];
  for (const part of String(set).split(",")) {
    const [a, b = a] = part.split(":").map(Number) as [number, number?];
    for (let n = a; n <= b; n++) out.push(n);
  }
  return out;
}

const setOf = (command: Command): SequenceSet => {
  if (command.name === "EXPUNGE") return command.uids ?? "";
  if ("set" in command) return command.set;
  throw new Error("no set");
};

/** Scattered UIDs that cannot merge into ranges: long sets. */
const scattered = (count: number, start = 1_000_000): number[] =>
  Array.from({ length: count }, (_, i) => start + i * 2);

describe("command line limit", () => {
  it("accepts a line of exactly 8192 octets and refuses one more", () => {
    // "<tag> NOOP\r\n" is the tag plus 7 octets.
    const fits = encodeCommand("T".repeat(MAX_COMMAND_LINE_OCTETS - 7), { name: "NOOP" }, BASE);
    expect(fits.size).toBe(MAX_COMMAND_LINE_OCTETS);
    expect(() => encodeCommand("T".repeat(MAX_COMMAND_LINE_OCTETS - 6), { name: "NOOP" }, BASE)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
    );
  });

  it("refuses a FETCH whose UID set is too long for one line", () => {
    const command: Command = { name: "FETCH", uid: true, set: scattered(2000), attributes: ["FLAGS"] };
    expect(() => encodeCommand("A1", command, BASE)).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
    );
  });

  it("does not count literal data against the line limit", () => {
    const data = new Uint8Array(20_000).fill(0x61);
    const encoded = encodeCommand("A1", { name: "APPEND", mailbox: "INBOX", messages: [{ data }] }, BASE);
    expect(encoded.size).toBeGreaterThan(MAX_COMMAND_LINE_OCTETS);
  });
});

describe("splitLongCommand", () => {
  it("returns a command that fits unchanged", () => {
    const command: Command = { name: "FETCH", uid: true, set: "1:100", attributes: ["FLAGS"] };
    const pieces = splitLongCommand(command, BASE);
    expect(pieces).toHaveLength(1);
    expect(pieces[0]).toBe(command);
  });

  it("leaves commands without a splittable set alone", () => {
    const search: Command = { name: "SEARCH", uid: true, criteria: [{ key: "UID", set: scattered(2000) }] };
    expect(splitLongCommand(search, BASE)).toEqual([search]);
    const expunge: Command = { name: "EXPUNGE" };
    expect(splitLongCommand(expunge, BASE)).toEqual([expunge]);
  });

  it.each<[string, (set: SequenceSet) => Command]>([
    [
      "UID FETCH",
      (set) => ({ name: "FETCH", uid: true, set, attributes: ["UID", "FLAGS"], changedSince: 99n }),
    ],
    [
      "UID STORE",
      (set) => ({
        name: "STORE",
        uid: true,
        set,
        operation: "add",
        flags: ["\\Seen"],
        unchangedSince: 5n,
        silent: true,
      }),
    ],
    [
      "UID COPY",
      (set) => ({ name: "COPY", uid: true, set, mailbox: "Archive/2024 \u00e9t\u00e9".repeat(20) }),
    ],
    ["UID MOVE", (set) => ({ name: "MOVE", uid: true, set, mailbox: "Trash" })],
    ["UID EXPUNGE", (set) => ({ name: "EXPUNGE", uids: set })],
    ["FETCH", (set) => ({ name: "FETCH", uid: false, set, attributes: ["ENVELOPE"] })],
  ])("splits %s into commands that each fit and together cover every number", (_label, make) => {
    const uids = scattered(5000);
    const pieces = splitLongCommand(make(uids), BASE);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(lineOctets(encodeCommand("T".repeat(32), piece, BASE))).toBeLessThanOrEqual(
        MAX_COMMAND_LINE_OCTETS,
      );
    }
    expect(pieces.flatMap((piece) => expand(setOf(piece)))).toEqual(uids);
  });

  it("fills each piece close to the limit", () => {
    const pieces = splitLongCommand(
      { name: "FETCH", uid: true, set: scattered(5000), attributes: ["UID"] },
      BASE,
    );
    const sizes = pieces.map((piece) => lineOctets(encodeCommand("T".repeat(32), piece, BASE)));
    // A full piece has no room for one more 7-digit UID (",1234567").
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThan(MAX_COMMAND_LINE_OCTETS - 8);
  });

  it("keeps every piece under the limit for random sets, tags and options", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 0xffff_ffff }), { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        (uids, tagLength, utf8) => {
          const options = { ...BASE, utf8 };
          const command: Command = { name: "MOVE", uid: true, set: uids, mailbox: "Ordner \u00e4" };
          const pieces = splitLongCommand(command, options, tagLength);
          for (const piece of pieces) {
            const encoded = encodeCommand("T".repeat(tagLength), piece, options);
            expect(lineOctets(encoded)).toBeLessThanOrEqual(MAX_COMMAND_LINE_OCTETS);
          }
          const covered = new Set(pieces.flatMap((piece) => expand(setOf(piece))));
          expect([...covered].sort((a, b) => a - b)).toEqual([...new Set(uids)].sort((a, b) => a - b));
        },
      ),
      { numRuns: 200 },
    );
  });
});
