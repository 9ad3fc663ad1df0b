import { describe, expect, it } from "vitest";
import { runCli } from "../test/run-cli.js";

describe("tagwire-imap parse", () => {
  it("prints one JSON object per response, whatever the chunking", async () => {
    const transcript =
      '* OK [CAPABILITY IMAP4rev1] hi\r\n* LIST (\\Noselect) "/" "&AOQ-rger"\r\n' +
      "* 1 FETCH (UID 7 MODSEQ (9007199254740993) BODY[HEADER] {12}\r\nSubject: x\r\n)\r\nA1 OK done\r\n";
    const whole = await runCli(["parse"], [transcript]);
    const bytewise = await runCli(["parse"], transcript.split(""));
    expect(whole.code).toBe(0);
    expect(whole.lines).toEqual(bytewise.lines);
    expect(whole.lines.map((l) => l.type)).toEqual(["status", "list", "fetch", "status"]);
    expect(whole.lines[1]).toMatchObject({ mailbox: "ärger", attributes: ["\\Noselect"] });
    expect(whole.lines[2]).toMatchObject({
      seq: 1,
      items: {
        uid: 7,
        modseq: "9007199254740993",
        sections: [{ item: "BODY", section: "HEADER", data: "Subject: x\r\n" }],
      },
    });
    expect(whole.lines[3]).toMatchObject({ tag: "A1", condition: "OK", text: "done" });
  });

  it("prints streamed body events, with the bytes as base64 when asked and not UTF-8", async () => {
    const body = "\xff\xfe0123456789";
    const { lines } = await runCli(
      ["parse", "--stream-threshold", "4", "--bodies"],
      [`* 2 FETCH (UID 9 BODY[] {${body.length}}\r\n${body.slice(0, 5)}`, `${body.slice(5)})\r\n`],
    );
    expect(lines[0]).toMatchObject({ type: "bodyStarted", seq: 2, uid: 9, size: body.length });
    const chunks = lines.filter((l) => l.type === "bodyChunk");
    // Each chunk is text when it happens to be valid UTF-8, base64 otherwise.
    const bytes = Buffer.concat(
      chunks.map((c) =>
        typeof c.data === "string"
          ? Buffer.from(c.data)
          : Buffer.from((c.data as { base64: string }).base64, "base64"),
      ),
    );
    expect(chunks.some((c) => typeof c.data === "object")).toBe(true);
    expect(bytes.toString("latin1")).toBe(body);
    expect(lines.at(-2)).toEqual({ type: "bodyEnded" });
    expect(lines.at(-1)).toMatchObject({
      type: "fetch",
      items: { sections: [{ data: null, streamedSize: body.length }] },
    });
  });

  it("switches to UTF-8 strings after ENABLED UTF8=ACCEPT", async () => {
    const { lines } = await runCli(
      ["parse"],
      ['* LIST () "/" "&AOQ-"\r\n* ENABLED UTF8=ACCEPT\r\n* LIST () "/" "ä&"\r\n'],
    );
    expect(lines.map((l) => l.mailbox)).toEqual(["ä", undefined, "ä&"]);
  });

  it("exits 1 when framing is lost and warns about an incomplete end", async () => {
    const lost = await runCli(["parse"], ["* 1 FETCH (BODY[] {99999999999999999999}\r\n"]);
    expect(lost.code).toBe(1);
    expect(lost.lines.at(-1)).toMatchObject({ type: "framingLost" });
    const partial = await runCli(["parse"], ["* OK fine\r\n* 1 FETCH (UID"]);
    expect(partial.code).toBe(0);
    expect(partial.lines).toHaveLength(1);
    expect(partial.stderr).toMatch(/incomplete response/);
  });
});

describe("tagwire-imap usage", () => {
  it.each([
    [[], 2],
    [["frobnicate"], 2],
    [["parse", "extra"], 2],
    [["parse", "--bogus"], 2],
    [["run", "NOOP"], 2],
    [["run", "--url", "imap://h:1", "NOOP"], 2],
    [["run", "--url", "imap://a:b@h:1"], 2],
    [["run", "--url", "imap://a:b@h:1", "LOGIN a b"], 2],
    [["run", "--url", "imap://a:b@h:1", "--ca", "x.pem", "NOOP"], 2],
    [["run", "--url", "imap://a:b@h:1", "--max-in-flight", "0", "NOOP"], 2],
    [["--help"], 0],
    [["run", "--help"], 0],
  ])("exits %j with %i", async (argv, code) => {
    const result = await runCli(argv as string[]);
    expect(result.code).toBe(code);
    expect(code === 0 ? result.stdout : result.stderr).toMatch(/usage:/);
  });

  it.each([
    ["LOGOUT", /command 1: .*LOGOUT: not available in run: run logs out by itself/],
    ["IDLE", /command 1: .*IDLE: not available in run/],
    ["STARTTLS", /command 1: .*use imaps:\/\//],
    ["UID FETCH 0:5 (FLAGS)", /command 1: IMAP_ERR_INVALID_ARGUMENT: UID FETCH: "0:5" is not a sequence set/],
  ])("refuses %j before connecting", async (command, message) => {
    const result = await runCli(["run", "--url", "imap://a:b@h:1", command]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it("does not echo the password in usage errors", async () => {
    const result = await runCli(["run", "--url", "imap://alice:hunter2@h:1", "LOGIN alice hunter2x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/command 1: .*credentials come from --url/);
    expect(result.stderr).not.toContain("hunter2");
  });
});
