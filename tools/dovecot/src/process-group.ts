/*
 * Runs a server as the leader of its own process group and guarantees it goes away.
 *
 * Dovecot's master forks many children (log, config, auth, imap-login, one imap per session). When the
 * master exits, busy children (an imap process in IDLE, say) can outlive it for seconds, still holding
 * ports and files. So the server is spawned `detached` (it leads a new process group that all its children
 * join) and stopping means: SIGTERM to the whole group, then wait until no live (non-zombie) member is
 * left, SIGKILL after a grace period. Orphaned children become zombies of PID 1, which may reap them late;
 * zombies hold nothing, so on Linux we read /proc to ignore them instead of waiting for their reaping.
 *
 * Cleanup when the owner dies without calling stop():
 * - a normal `process.exit()` runs an exit hook that SIGKILLs every live group and removes its folder;
 * - a crash or SIGKILL runs no JavaScript, so each group also gets a watchdog: a tiny `sh` in its own
 *   session reading a pipe from us. When we die the pipe closes, `read` returns, and the watchdog kills the
 *   group and removes the folder. stop() kills the watchdog first so it never acts on a reused id.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";

// POSIX sh (dash's kill takes no "--"): $1 = process group id, $2 = folder to remove ("" to keep).
const WATCHDOG_SCRIPT =
  'read -r _; kill -TERM "-$1" 2>/dev/null; sleep 2; kill -KILL "-$1" 2>/dev/null; if [ -n "$2" ]; then rm -rf -- "$2"; fi';

/** Options of {@link spawnGroup}. */
export interface SpawnGroupOptions {
  /** Folder to remove when the owner dies without stopping the group; omit to keep it. */
  cleanupDir?: string;
}

/** How a process ended. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running process group. */
export interface ProcessGroup {
  /** Process id of the leader, also the process group id. */
  pid: number;
  /** Settles when the leader exits (never rejects). */
  exited: Promise<ExitStatus>;
  /** True once the leader has exited. */
  hasExited(): boolean;
  /** The last few KB the leader wrote to stderr. */
  stderrTail(): string;
  /** SIGTERM the group, wait for every live member to exit (SIGKILL after `graceMs`). Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<{ pgid: number; watchdog: ChildProcess; cleanupDir: string | undefined }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const entry of live) {
      signalGroup(entry.pgid, "SIGKILL");
      entry.watchdog.kill("SIGKILL");
      if (entry.cleanupDir !== undefined) {
        try {
          rmSync(entry.cleanupDir, { recursive: true, force: true, maxRetries: 3 });
        } catch {
          // Best effort while exiting; the watchdog is gone, nothing else can be done.
        }
      }
    }
    live.clear();
  });
}

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while a non-zombie process is in the group. */
export async function groupAlive(pgid: number): Promise<boolean> {
  if (!signalGroup(pgid, 0)) return false;
  if (process.platform !== "linux") return true;
  const entries = await readdir("/proc").catch(() => [] as string[]);
  const stats = await Promise.all(
    entries
      .filter((name) => /^\d+$/.test(name))
      .map((pid) => readFile(`/proc/${pid}/stat`, "latin1").catch(() => "")),
  );
  return stats.some((stat) => {
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[2]) === pgid && fields[0] !== "Z" && fields[0] !== "X";
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  while (await groupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await sleep(delay);
    delay = Math.min(delay * 2, 50);
  }
  return true;
}

/**
 * Start `command` as the leader of a new process group, with a watchdog that kills the group when this
 * process dies. stdin and stdout are ignored; stderr is kept (tail) for error messages.
 */
export function spawnGroup(
  command: string,
  args: readonly string[],
  options: SpawnGroupOptions = {},
): ProcessGroup {
  installExitHook();
  const child = spawn(command, args, { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  let exitStatus: ExitStatus | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once("exit", (code, signal) => {
      exitStatus = { code, signal };
      resolve(exitStatus);
    });
    child.once("error", (error) => {
      stderr += `\n${error.message}`;
      exitStatus = { code: null, signal: null };
      resolve(exitStatus);
    });
  });
  const pid = child.pid;
  if (pid === undefined) {
    // spawn failed synchronously (e.g. ENOENT); "error" follows and settles `exited`.
    return {
      pid: -1,
      exited,
      hasExited: () => true,
      stderrTail: () => stderr,
      stop: async () => {
        await exited;
      },
    };
  }

  const watchdog = spawn(
    "sh",
    ["-c", WATCHDOG_SCRIPT, "tagwire-watchdog", String(pid), options.cleanupDir ?? ""],
    {
      detached: true,
      stdio: ["pipe", "ignore", "ignore"],
    },
  );
  watchdog.on("error", () => {
    // Without sh there is no watchdog; the exit hook and stop() still clean up.
  });
  watchdog.unref();
  watchdog.stdin?.on("error", () => {});
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const entry = { pgid: pid, watchdog, cleanupDir: options.cleanupDir };
  live.add(entry);

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5000): Promise<void> => {
    stopping ??= (async () => {
      watchdog.kill("SIGKILL");
      signalGroup(pid, "SIGTERM");
      if (!(await waitGroupGone(pid, graceMs))) {
        signalGroup(pid, "SIGKILL");
        await waitGroupGone(pid, 5000);
      }
      await exited;
      live.delete(entry);
    })();
    return stopping;
  };

  return { pid, exited, hasExited: () => exitStatus !== undefined, stderrTail: () => stderr, stop };
}
