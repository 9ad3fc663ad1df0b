import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { dovecot, user } from "./helpers.js";

const run = promisify(execFile);
const example = fileURLToPath(new URL("../../examples/mailbox-summary.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../../../../node_modules/.bin/tsx", import.meta.url));

describe("the README example", () => {
  it("lists folders and the newest INBOX messages of the seeded account, pipelined", {
    timeout: 60_000,
  }, async () => {
    const { host, imapPort } = dovecot();
    const alice = user("alice");
    const url = `imap://${alice.username}:${encodeURIComponent(alice.password)}@${host}:${imapPort}`;
    const { stdout, stderr } = await run(tsx, [example, url]);

    expect(stdout).toMatch(/^INBOX \d+\/\d+$/m);
    expect(stdout).toMatch(/^Sent \\Sent \d+\/\d+$/m);
    expect(stdout).toMatch(/^\d+\t.+\t.+$/m);
    // LIST and SELECT were both sent before either completed.
    const lines = stderr.split("\n");
    const sentList = lines.findIndex((l) => / C: \S+ LIST /.test(l));
    const sentSelect = lines.findIndex((l) => / C: \S+ SELECT INBOX/.test(l));
    const firstCompletion = lines.findIndex((l) => / S: [A-Z0-9]+ OK /.test(l));
    expect(sentList).toBeGreaterThanOrEqual(0);
    expect(sentSelect).toBeGreaterThanOrEqual(0);
    expect(Math.max(sentList, sentSelect)).toBeLessThan(firstCompletion);
    expect(stderr).not.toContain(alice.password);
  });
});
