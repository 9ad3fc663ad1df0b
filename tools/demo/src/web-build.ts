/** Builds the web app (`pnpm --filter @tagwire/web build`); its output goes to stderr. */
import { type ChildProcess, spawn } from "node:child_process";
import { REPO_ROOT } from "./start-env.js";

/** A running build: `done` settles when it ends; `cancel` stops it. */
export interface WebBuild {
  readonly done: Promise<void>;
  cancel(): void;
}

export function buildWeb(): WebBuild {
  const child: ChildProcess = spawn("pnpm", ["--filter", "@tagwire/web", "build"], {
    cwd: REPO_ROOT,
    stdio: ["ignore", 2, 2],
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once("error", (error) => reject(new Error(`cannot run pnpm: ${error.message}`)));
    child.once("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`the web app's build failed (${signal ?? `exit code ${code}`})`));
    });
  });
  return {
    done,
    cancel: () => {
      if (child.exitCode === null) child.kill("SIGTERM");
    },
  };
}
