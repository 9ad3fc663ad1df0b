/**
 * Child processes of the benchmark (the gateway, websockify, socat): output drained line by line (a
 * full pipe would stall the child), a short tail kept for error messages, and a stop that ends the
 * child and every process it forked, by pid.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { connect, createServer } from "node:net";
import { delimiter, join } from "node:path";
import { descendantsOf } from "./proc.js";

const TAIL_LINES = 40;

/** A running child process. */
export interface Child {
  readonly pid: number;
  readonly proc: ChildProcess;
  /** Last lines of output, for error messages. */
  tail(): string;
  /** Resolves with the exit code (or signal name) once the process ended. */
  readonly exited: Promise<number | string>;
  /** SIGTERM to the child and its descendants, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `command`; `onLine` sees every line of stdout and stderr. */
export function spawnChild(
  command: string,
  args: readonly string[],
  options: {
    env: NodeJS.ProcessEnv;
    cwd?: string;
    /** Open an IPC channel (the child is a Node process). */
    ipc?: boolean;
    onLine?: (line: string, stream: "stdout" | "stderr") => void;
  },
): Child {
  const proc = spawn(command, args, {
    env: options.env,
    stdio: options.ipc === true ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  const lines: string[] = [];
  const pump = (stream: NodeJS.ReadableStream, name: "stdout" | "stderr") => {
    let partial = "";
    stream.setEncoding("utf8");
    stream.on("data", (text: string) => {
      partial += text;
      let end = partial.indexOf("\n");
      while (end >= 0) {
        const line = partial.slice(0, end);
        partial = partial.slice(end + 1);
        lines.push(line);
        if (lines.length > TAIL_LINES) lines.shift();
        options.onLine?.(line, name);
        end = partial.indexOf("\n");
      }
    });
  };
  if (proc.stdout !== null) pump(proc.stdout, "stdout");
  if (proc.stderr !== null) pump(proc.stderr, "stderr");
  const exited = new Promise<number | string>((resolve) => {
    proc.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
    proc.on("error", (err) => resolve(`spawn failed: ${err.message}`));
  });
  let running = true;
  exited.then(() => {
    running = false;
  });
  const pid = proc.pid ?? -1;
  return {
    pid,
    proc,
    tail: () => lines.join("\n"),
    exited,
    async stop(graceMs = 3000) {
      if (!running) return;
      const family = [pid, ...descendantsOf(pid)];
      signalAll(family, "SIGTERM");
      const timer = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([exited, timer]);
      signalAll([pid, ...descendantsOf(pid), ...family], "SIGKILL");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    },
  };
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * `command args` run through `sh -c 'ulimit -n N; exec ...'`: same pid, more descriptors. Raising
 * the soft limit above the hard one works as root; otherwise the hard limit is used.
 */
export function withFileLimit(files: number, command: string, args: readonly string[]): [string, string[]] {
  const script = `ulimit -n ${files} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`;
  return ["/bin/sh", ["-c", script, command, ...args]];
}

/** Node with tsx's loader registered in-process (no extra tsx wrapper process to measure around). */
export function nodeWithTsx(): string[] {
  return ["--import", import.meta.resolve("tsx")];
}

/** The absolute path of `name` on PATH, or null. */
export function findExecutable(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** A port that was free a moment ago on 127.0.0.1 (for programs that cannot report theirs). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits until 127.0.0.1:`port` accepts a connection, or the child exits, or `timeoutMs` passes. */
export async function waitForPort(port: number, child: Child, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline && !exited) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `nothing listens on 127.0.0.1:${port}${exited ? " (the process exited)" : ""}\n${child.tail()}`,
  );
}
