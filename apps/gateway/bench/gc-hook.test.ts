import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const HOOK = fileURLToPath(new URL("./gc-hook.mjs", import.meta.url));
// Opens descriptors until the limit refuses one, says so, and stays alive.
const EXHAUST = `const fs = require("node:fs");
try { for (;;) fs.openSync("/dev/null", "r"); } catch (err) { console.log("full " + err.code); }
setInterval(() => {}, 1000);`;

describe("gc-hook", () => {
  it("reports memory on SIGUSR2 even when the process has no descriptor left", async () => {
    const child = spawn(
      "/bin/sh",
      [
        "-c",
        'ulimit -n 64 && exec "$0" "$@"',
        process.execPath,
        "--expose-gc",
        "--import",
        HOOK,
        "-e",
        EXHAUST,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => {
        out += d;
      });
      child.stderr.on("data", (d) => {
        err += d;
      });
      const until = async (ready: () => boolean) => {
        for (let i = 0; i < 500 && !ready(); i++) await new Promise((r) => setTimeout(r, 10));
      };
      await until(() => out.includes("full"));
      expect(out).toContain("full EMFILE");
      child.kill("SIGUSR2");
      await until(() => err.includes("bench-gc "));
      const line = err.split("\n").find((l) => l.startsWith("bench-gc ")) ?? "";
      expect(line, `no report; stderr:\n${err}`).not.toBe("");
      const report = JSON.parse(line.slice("bench-gc ".length)) as {
        gc: boolean;
        rss: number;
        heapUsed: number;
      };
      expect(report.gc).toBe(true);
      expect(report.rss).toBeGreaterThan(1024 * 1024);
      expect(report.heapUsed).toBeGreaterThan(0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
