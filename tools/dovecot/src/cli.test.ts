import { type ChildProcess, spawn } from "node:child_process";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ImapProbe, messageCount } from "../test/imap-probe.js";

const packageDir = join(import.meta.dirname, "..");

interface Started {
  child: ChildProcess;
  info: {
    host: string;
    imapPort: number;
    imapsPort: number;
    caFile: string;
    dir: string;
    startupMs: number;
    users: Array<{ username: string; password: string }>;
  };
}

function runCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function startCli(args: string[]): Promise<Started> {
  const child = runCli(args);
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      err += chunk;
    });
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("\n")) resolve(out.slice(0, out.indexOf("\n")));
    });
    child.once("exit", (code) => reject(new Error(`cli exited with ${code}: ${err}`)));
  });
  return { child, info: JSON.parse(line) as Started["info"] };
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

describe("tagwire-dovecot CLI", () => {
  it("prints one JSON line, serves IMAP, and cleans up on SIGTERM", async () => {
    const { child, info } = await startCli(["--", "--no-fixtures", "--bulk", "25", "--tls-key", "ec"]);
    expect(info).toMatchObject({ host: "127.0.0.1", users: [{ username: "alice" }, { username: "bob" }] });
    expect(info).not.toHaveProperty("caPem");
    expect(await exists(info.caFile)).toBe(true);
    expect(info.startupMs).toBeGreaterThan(0);

    const probe = await ImapProbe.open(info.imapPort);
    expect((await probe.run('LOGIN "alice" "wonderland-pass"')).status).toBe("OK");
    expect(await messageCount(probe, "Bulk")).toBe(25);
    expect(await messageCount(probe, "INBOX")).toBe(0);
    probe.close();

    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(await exists(info.dir)).toBe(false);
    await expect(ImapProbe.open(info.imapPort)).rejects.toThrow(/ECONNREFUSED/);
  });

  it("leaves nothing behind when it is SIGKILLed", async () => {
    const { child, info } = await startCli(["--no-fixtures", "--tls-key", "ec"]);
    child.kill("SIGKILL");
    const began = Date.now();
    while ((await exists(info.dir)) && Date.now() - began < 8000) await new Promise((r) => setTimeout(r, 50));
    expect(await exists(info.dir)).toBe(false);
    await expect(ImapProbe.open(info.imapPort)).rejects.toThrow(/ECONNREFUSED/);
  });

  it("explains bad arguments and exits with 2", async () => {
    const child = runCli(["--bulk", "many"]);
    let err = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      err += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/--bulk must be a whole number/);
    expect(err).toMatch(/Usage: tagwire-dovecot/);
  });
});
