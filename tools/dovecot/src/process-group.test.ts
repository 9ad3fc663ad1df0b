import { spawn } from "node:child_process";
import { access, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { groupAlive, spawnGroup } from "./process-group.js";

const packageDir = join(import.meta.dirname, "..");
const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const began = Date.now();
  while (!(await check())) {
    if (Date.now() - began > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - began;
}

/** Run test/group-owner.ts; resolves with the group id it printed and the owner process. */
async function startOwner(dir: string, mode: "wait" | "exit") {
  const owner = spawn(process.execPath, ["--import", "tsx", "test/group-owner.ts", dir, mode], {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    owner.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("\n")) resolve(out.slice(0, out.indexOf("\n")));
    });
    owner.once("exit", () => reject(new Error(`owner exited early: ${out}`)));
  });
  return { owner, pid: (JSON.parse(line) as { pid: number }).pid };
}

describe("spawnGroup", () => {
  it("stop() ends the leader and the children it started", async () => {
    const group = spawnGroup("sh", ["-c", "sleep 60 & sleep 60 & wait"]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await groupAlive(group.pid)).toBe(true);
    await group.stop();
    expect(await groupAlive(group.pid)).toBe(false);
    expect(group.hasExited()).toBe(true);
    expect((await group.exited).signal).toBe("SIGTERM");
  });

  it("stop() falls back to SIGKILL for members that ignore SIGTERM", async () => {
    const group = spawnGroup("sh", ["-c", "trap '' TERM; sleep 60 & wait"]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const began = Date.now();
    await group.stop(300);
    expect(await groupAlive(group.pid)).toBe(false);
    expect(Date.now() - began).toBeGreaterThanOrEqual(300);
  });

  it("keeps the leader's stderr for error messages", async () => {
    const group = spawnGroup("sh", ["-c", "echo 'Fatal: something broke' >&2; exit 3"]);
    expect((await group.exited).code).toBe(3);
    expect(group.stderrTail()).toContain("Fatal: something broke");
    await group.stop();
  });

  it("kills the group and removes its folder at once when the owner calls process.exit()", async () => {
    const dir = await mkdtemp(join(tmpdir(), "group-test-"));
    const { owner, pid } = await startOwner(dir, "exit");
    await new Promise((resolve) => owner.once("exit", resolve));
    // The members ignore SIGTERM, so only the exit hook's SIGKILL ends them this fast (the watchdog would
    // need 2 s).
    expect(await eventually(async () => !(await groupAlive(pid)), 1500)).toBeLessThan(1500);
    expect(await exists(dir)).toBe(false);
  });

  it("has the watchdog kill the group and remove its folder when the owner is SIGKILLed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "group-test-"));
    const { owner, pid } = await startOwner(dir, "wait");
    expect(await groupAlive(pid)).toBe(true);
    owner.kill("SIGKILL");
    await eventually(async () => !(await groupAlive(pid)) && !(await exists(dir)), 8000);
  });
});
