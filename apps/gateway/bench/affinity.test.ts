import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { allowedCpus, countCpus, onOneCpu } from "./affinity.js";
import { descendantsOf } from "./proc.js";

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) {
    // The shell's own child (the sleeper) would outlive it by 30 s.
    for (const pid of descendantsOf(child.pid as number)) process.kill(pid);
    child.kill();
  }
});

/** The first child of `pid`, once the shell has forked it. */
async function untilChildOf(pid: number): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const [child] = descendantsOf(pid);
    if (child !== undefined) return child;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`process ${pid} forked nothing`);
}

describe("countCpus", () => {
  it("counts single CPUs and ranges as the kernel lists them", () => {
    expect(countCpus("0")).toBe(1);
    expect(countCpus("0-1")).toBe(2);
    expect(countCpus("0-3,6,8-9")).toBe(7);
  });
});

describe("onOneCpu", () => {
  it("pins a process and its descendants to one CPU for the work, then restores them", async () => {
    const own = allowedCpus();
    if (own === null || countCpus(own) < 2) {
      // One CPU: nothing to pin, and the helper says so by not running the work.
      expect(await onOneCpu([process.pid], async () => "ran")).toBeNull();
      return;
    }
    const parent = spawn("/bin/sh", ["-c", "sleep 30 & wait"], { stdio: "ignore" });
    children.push(parent);
    const pid = parent.pid as number;
    const sleeper = await untilChildOf(pid);
    const during = await onOneCpu([pid], async () => ({
      parent: allowedCpus(pid),
      child: allowedCpus(sleeper),
      self: allowedCpus(),
    }));
    expect(during?.parent).toMatch(/^\d+$/);
    expect(during?.child).toBe(during?.parent);
    expect(during?.self).toBe(own); // only the listed processes are pinned
    expect(allowedCpus(pid)).toBe(own);
    expect(allowedCpus(sleeper)).toBe(own);
  });
});
