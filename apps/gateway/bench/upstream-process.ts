/** The benchmark's handle on the upstream server process (see upstream-main.ts). */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Child, nodeWithTsx, spawnChild, withFileLimit } from "./children.js";
import { withTimeout } from "./contenders.js";

const HERE = dirname(fileURLToPath(import.meta.url));
/** The upstream side of 10,000+ sessions needs as many descriptors. */
const FILES = 65_536;

/** Connection counts of the upstream server. */
export interface UpstreamStats {
  open: number;
  idle: number;
}

interface Message {
  type: string;
  id?: number;
  port?: number;
  open?: number;
  idle?: number;
}

/** A running upstream server process. */
export class UpstreamProcess {
  private nextId = 0;
  private readonly waiting = new Map<number, (stats: UpstreamStats) => void>();

  private constructor(
    private readonly child: Child,
    readonly port: number,
  ) {
    child.proc.on("message", (m: Message) => {
      if (m.type !== "stats" || m.id === undefined) return;
      this.waiting.get(m.id)?.({ open: m.open ?? 0, idle: m.idle ?? 0 });
      this.waiting.delete(m.id);
    });
  }

  static async start(): Promise<UpstreamProcess> {
    const [command, args] = withFileLimit(FILES, process.execPath, [
      ...nodeWithTsx(),
      join(HERE, "upstream-main.ts"),
    ]);
    const child = spawnChild(command, args, { env: process.env, ipc: true });
    const listening = new Promise<number>((resolve, reject) => {
      child.proc.on("message", (m: Message) => {
        if (m.type === "listening" && m.port !== undefined) resolve(m.port);
      });
      child.exited.then((code) =>
        reject(new Error(`the upstream server exited (${code}):\n${child.tail()}`)),
      );
    });
    const port = await withTimeout(listening, 30_000, "the upstream server did not start");
    return new UpstreamProcess(child, port);
  }

  get pid(): number {
    return this.child.pid;
  }

  /** Current connection counts. */
  stats(): Promise<UpstreamStats> {
    const id = this.nextId++;
    const answer = new Promise<UpstreamStats>((resolve) => this.waiting.set(id, resolve));
    this.child.proc.send({ type: "stats", id });
    return withTimeout(answer, 10_000, "the upstream server did not answer");
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}
