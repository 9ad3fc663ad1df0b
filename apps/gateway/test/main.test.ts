import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../src/errors.js";
import { closed, echo, openWs, startUpstream } from "./helpers.js";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Runs the built `dist/main.js` as `pnpm start` does, with exactly `env` (plus PATH). */
function start(env: Record<string, string>): { child: ChildProcess; stdout(): string; stderr(): string } {
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    err += d;
  });
  return { child, stdout: () => out, stderr: () => err };
}

// What ships is the compiled JavaScript: build it fresh, as `pnpm start` does before it runs.
beforeAll(() => {
  execFileSync("pnpm", ["exec", "tsc", "-p", "tsconfig.build.json"], { cwd: PACKAGE_DIR, stdio: "inherit" });
}, 60_000);

describe("main", () => {
  it("refuses to start on a non-loopback address without TLS or the flag, saying what to do (G14)", async () => {
    const run = start({
      HOST: "0.0.0.0",
      ALLOWED_HOSTS: "mail.example.org",
      IMAP_URL: "imaps://imap.example.org",
    });
    const [code] = await once(run.child, "exit");
    expect(code).toBe(78);
    expect(run.stderr()).toMatch(/HOST=0\.0\.0\.0 would serve plain HTTP/);
    expect(run.stderr()).toMatch(/TLS_CERT_FILE/);
    expect(run.stdout()).toBe("");
  });

  it("starts from the environment, logs where it listens, and drains on SIGTERM", async () => {
    const upstream = await startUpstream(echo);
    const run = start({ PORT: "0", IMAP_URL: `imap://127.0.0.1:${upstream.port}`, SHUTDOWN_DRAIN_MS: "100" });
    try {
      const listening = () =>
        run
          .stdout()
          .split("\n")
          .find((l) => l.includes('"msg":"listening"'));
      while (listening() === undefined) {
        if (run.child.exitCode !== null) throw new Error(run.stderr());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const line = JSON.parse(listening() as string) as {
        msg: string;
        url: string;
        servers: string;
      };
      expect(line).toMatchObject({ msg: "listening", servers: "default" });
      const url = new URL(line.url);
      const gw = { origin: url.origin, wsUrl: (path: string) => `ws://${url.host}${path}` };
      const ws = await openWs(gw, "/ws/imap?server=default");
      const result = closed(ws);
      run.child.kill("SIGTERM");
      expect(await result).toEqual({ code: CLOSE_CODES.goingAway, reason: "gateway shutting down" });
      const [code] = await once(run.child, "exit");
      expect(code).toBe(0);
      expect(run.stdout()).toContain('"msg":"session"');
    } finally {
      run.child.kill("SIGKILL");
      await upstream.close();
    }
  });
});
