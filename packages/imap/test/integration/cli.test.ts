import { beforeAll, describe, expect, it } from "vitest";
import { connectTcp } from "../../node/tcp.js";
import { ImapClient } from "../../src/client/client.js";
import type { SessionEvent } from "../../src/session/events.js";
import { runCli } from "../run-cli.js";
import { connectPlain, dovecot, message, user } from "./helpers.js";

const BIG = 100 * 1024;

/** The response kinds a session saw, in arrival order, as `parse` names them (`type` field). */
function responseKinds(events: readonly SessionEvent[]): string[] {
  const kinds: string[] = [];
  for (const event of events) {
    if (event.type === "greetingReceived" || event.type === "statusReceived") kinds.push("status");
    else if (event.type === "commandCompleted" && !event.inferred) kinds.push("status");
    else if (event.type === "continuationRequested") kinds.push("continuation");
    else if (event.type === "untaggedReceived") kinds.push(event.data.type);
  }
  return kinds;
}

describe("tagwire-imap against Dovecot", () => {
  const account = user("cli");

  beforeAll(async () => {
    const { client } = await connectPlain(account);
    await client.append("INBOX", message("CLI first"), { flags: ["\\Seen"] });
    await client.append("INBOX", message("CLI big", `${"x".repeat(76)}\r\n`.repeat(Math.ceil(BIG / 78))));
    await client.logout();
  }, 20_000);

  it("parses a captured Dovecot transcript into NDJSON", { timeout: 30_000 }, async () => {
    const { host, imapPort } = dovecot();
    const transport = await connectTcp({ host, port: imapPort });
    const client = new ImapClient(transport);
    const captured: Uint8Array[] = [];
    const deliver = transport.onData;
    transport.onData = (bytes) => {
      captured.push(bytes.slice());
      deliver?.(bytes);
    };
    const events: SessionEvent[] = [];
    client.onAny((e) => events.push(e));
    await client.connect();
    await client.login(account.username, account.password);
    await Promise.all([
      client.list("", "*", { status: ["MESSAGES"] }),
      client.select("INBOX"),
      client.namespace(),
    ]);
    await Promise.all([
      client.fetch("1:*", ["UID", "FLAGS", "MODSEQ", "ENVELOPE", "BODYSTRUCTURE"]),
      client.fetch("2", [{ item: "BODY", section: "", peek: true }], { onBody: { chunk: () => {} } }),
      client.esearch([{ key: "ALL" }], ["COUNT", "ALL"]),
    ]);
    await client.logout();

    const { code, stderr, lines } = await runCli(["parse"], captured);

    expect(code).toBe(0);
    expect(stderr).toBe("");
    // One object per response, in order, exactly as the session saw them.
    const kinds = lines.map((l) => l.type).filter((t) => !String(t).startsWith("body"));
    expect(kinds).toEqual(responseKinds(events));
    const tagged = lines.filter((l) => l.type === "status" && typeof l.tag === "string");
    const completions = events.filter((e) => e.type === "commandCompleted" && !e.inferred);
    expect(tagged.map((l) => l.tag)).toEqual(
      completions.map((e) => (e.type === "commandCompleted" ? e.tag : "")),
    );
    // Mailbox names decoded, byte strings as text, bigints as strings, typed arrays as arrays.
    expect(lines).toContainEqual(expect.objectContaining({ type: "list", mailbox: "INBOX" }));
    const fetches = lines.filter((l) => l.type === "fetch") as Array<{ items: Record<string, unknown> }>;
    const first = fetches.find((f) => f.items.uid === 1 && f.items.envelope !== undefined);
    expect(first?.items.envelope).toMatchObject({ subject: "CLI first" });
    expect(typeof first?.items.modseq).toBe("string");
    expect(BigInt(first?.items.modseq as string)).toBeGreaterThan(0n);
    const esearch = lines.find((l) => l.type === "esearch");
    expect(esearch).toMatchObject({ count: 2, all: [[1, 2]] });
    // The large body streamed: start, chunks summing to its size, end.
    const start = lines.find((l) => l.type === "bodyStarted") as { size: number; seq: number };
    const chunkBytes = lines
      .filter((l) => l.type === "bodyChunk")
      .reduce((n, l) => n + (l.size as number), 0);
    expect(start.size).toBeGreaterThan(BIG);
    expect(start.seq).toBe(2);
    expect(chunkBytes).toBe(start.size);
    expect(lines.filter((l) => l.type === "bodyEnded")).toHaveLength(1);
  });

  it("runs commands pipelined and prints a trace without the password", { timeout: 30_000 }, async () => {
    const { host, imapPort } = dovecot();
    const url = `imap://${account.username}:${encodeURIComponent(account.password)}@${host}:${imapPort}`;
    const commands = [
      'LIST "" "*"',
      "STATUS INBOX (MESSAGES UIDNEXT)",
      "NAMESPACE",
      "EXAMINE INBOX",
      "UID FETCH 1:* (FLAGS ENVELOPE)",
      "UID SEARCH RETURN (COUNT) SEEN",
    ];

    const { code, stdout, stderr } = await runCli(["run", "--url", url, ...commands]);

    expect(stderr).toBe("");
    expect(code).toBe(0);
    for (const secret of [
      account.password,
      encodeURIComponent(account.password),
      Buffer.from(`\0${account.username}\0${account.password}`).toString("base64"),
    ]) {
      expect(stdout).not.toContain(secret);
    }
    const trace = stdout.split("\n").filter((l) => l.startsWith("+"));
    const parsed = trace.map((l) => /^\+\s*([\d.]+)ms\s+(\S+)\s+([CS!-]): (.*)$/.exec(l));
    expect(parsed.every((m) => m !== null)).toBe(true);
    const sent = parsed.flatMap((m) =>
      m?.[3] === "C" ? [{ tag: m[2], text: m[4]?.replace(/ {2}\(\d+ B\).*$/, "") }] : [],
    );
    // Sent lines read "TAG <command>"; the first two words of each command identify it.
    const userTags = commands.map((c) => {
      const head = c.split(" ").slice(0, 2).join(" ");
      return sent.find((s) => s.text?.split(" ").slice(1, 3).join(" ") === head)?.tag;
    });
    expect(new Set(userTags).size).toBe(commands.length);
    expect(userTags.every((t) => t !== undefined)).toBe(true);
    // Overlap: several of the commands went out before the first of them completed.
    const firstCompletion = parsed.findIndex((m) => m?.[3] === "S" && userTags.includes(m[2]));
    const sentBefore = parsed
      .slice(0, firstCompletion)
      .filter((m) => m?.[3] === "C" && userTags.includes(m[2]));
    expect(sentBefore.length).toBeGreaterThanOrEqual(4);
    // Timings increase and every command completed OK.
    const times = parsed.map((m) => Number(m?.[1]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const tag of userTags) expect(stdout).toMatch(new RegExp(`${tag} OK`));
    expect(stdout).toMatch(/-- 6 commands: 6 OK, 0 failed/);
  });

  it("exits 1 with a typed error when the password is wrong", { timeout: 30_000 }, async () => {
    const { host, imapPort } = dovecot();
    const url = `imap://${account.username}:wrong-${Date.now()}@${host}:${imapPort}`;

    const { code, stderr } = await runCli(["run", "--url", url, "NOOP"]);

    expect(code).toBe(1);
    expect(stderr).toContain("IMAP_ERR_AUTH_FAILED");
  });
});
