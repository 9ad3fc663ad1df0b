import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  flagLetters,
  messageBaseName,
  renderUidlist,
  toMaildirBytes,
  virtualSize,
  writeMaildir,
} from "./maildir.js";

describe("toMaildirBytes and virtualSize", () => {
  it("stores CRLF as LF and leaves LF-only text alone", () => {
    expect(toMaildirBytes("a\r\nb\r\n").toString()).toBe("a\nb\n");
    expect(toMaildirBytes("a\nb\n").toString()).toBe("a\nb\n");
    expect(toMaildirBytes(new Uint8Array([0x0d, 0x0d, 0x0a])).toString("latin1")).toBe("\r\n");
  });

  it("counts each bare LF as CRLF", () => {
    expect(virtualSize(Buffer.from("ab\ncd\n"))).toBe(8);
    expect(virtualSize(Buffer.from("ab\r\ncd"))).toBe(6);
    expect(virtualSize(Buffer.from("\n"))).toBe(2);
  });
});

describe("flagLetters", () => {
  it("maps system flags to sorted Maildir letters", () => {
    expect(flagLetters(["\\Seen", "\\Answered", "\\Flagged", "\\Draft", "\\Deleted"], [])).toBe("DFRST");
  });

  it("gives keywords letters a, b, ... in order of first use, shared across messages", () => {
    const keywords: string[] = [];
    expect(flagLetters(["$Forwarded", "\\Seen"], keywords)).toBe("Sa");
    expect(flagLetters(["$Junk", "$Forwarded"], keywords)).toBe("ab");
    expect(keywords).toEqual(["$Forwarded", "$Junk"]);
  });

  it("refuses flags that cannot be stored", () => {
    expect(() => flagLetters(["\\Recent"], [])).toThrow(/\\Recent/);
    expect(() => flagLetters(["two words"], [])).toThrow(/atom/);
    const many = Array.from({ length: 26 }, (_, i) => `k${i}`);
    expect(() => flagLetters([...many, "k26"], [])).toThrow(/26 keywords/);
  });
});

describe("file names and uidlist", () => {
  it("names a message <time>.M0P<uid>.tagwire,S=<size>,W=<vsize>", () => {
    const bytes = Buffer.from("Subject: x\n\nhi\n");
    expect(messageBaseName(7, new Date(Date.UTC(2024, 2, 4, 9, 12)), bytes)).toBe(
      "1709543520.M0P7.tagwire,S=15,W=18",
    );
  });

  it("renders a version 3 uidlist with UIDVALIDITY and UIDNEXT", () => {
    expect(renderUidlist(1700000000, ["a", "b"])).toBe("3 V1700000000 N3\n1 :a\n2 :b\n");
    expect(renderUidlist(5, [])).toBe("3 V5 N1\n");
  });
});

describe("writeMaildir", () => {
  let dir = "";
  afterEach(async () => {
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  it("writes folders, oldest-first UIDs, flags, keywords, mtimes and subscriptions", async () => {
    dir = await mkdtemp(join(tmpdir(), "maildir-test-"));
    const newer = new Date(Date.UTC(2024, 1, 2));
    const older = new Date(Date.UTC(2024, 0, 1));
    await writeMaildir(
      dir,
      [
        {
          mailbox: "INBOX",
          bytes: Buffer.from("Subject: newer\n\n"),
          flags: ["\\Seen", "$Forwarded"],
          internalDate: newer,
        },
        { mailbox: "INBOX", bytes: Buffer.from("Subject: older\n\n"), flags: [], internalDate: older },
        {
          mailbox: "Archive/2023",
          bytes: Buffer.from("Subject: archived\n\n"),
          flags: ["\\Seen"],
          internalDate: older,
        },
      ],
      { uidValidity: 42, mailboxes: ["Entwürfe"] },
    );
    const root = join(dir, "Maildir");
    const cur = (await readdir(join(root, "cur"))).sort();
    expect(cur).toEqual(["1704067200.M0P1.tagwire,S=16,W=18:2,", "1706832000.M0P2.tagwire,S=16,W=18:2,Sa"]);
    expect((await stat(join(root, "cur", cur[0] ?? ""))).mtime.getTime()).toBe(older.getTime());
    expect(await readFile(join(root, "dovecot-uidlist"), "utf8")).toBe(
      "3 V42 N3\n1 :1704067200.M0P1.tagwire,S=16,W=18\n2 :1706832000.M0P2.tagwire,S=16,W=18\n",
    );
    expect(await readFile(join(root, "dovecot-keywords"), "utf8")).toBe("0 $Forwarded\n");
    expect(await readdir(join(root, ".Archive.2023", "cur"))).toHaveLength(1);
    expect(await readdir(join(root, ".Archive"))).toEqual(
      expect.arrayContaining(["cur", "new", "tmp", "maildirfolder"]),
    );
    expect(await readdir(join(root, ".Entw&APw-rfe", "cur"))).toEqual([]);
    expect((await readFile(join(root, "subscriptions"), "utf8")).split("\n").sort()).toEqual(
      ["", "Archive", "Archive.2023", "Entw&APw-rfe"].sort(),
    );
  });
});
