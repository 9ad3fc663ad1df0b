/**
 * The relays under test, each started against the same upstream server and reached through the same
 * `Channel` interface: our gateway (a child process running the built `dist/main.js`, so its memory is its own),
 * websockify, socat (TCP to TCP) and direct TCP (no relay: the baseline); and, for reference, a
 * naive `ws` relay (naive-relay.mjs). WebSocket contenders are dialled with the client chosen by
 * `--client`: the raw one (raw-ws.ts, the default) or the `ws` package.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Channel, dialTcp, dialWebSocket, type WebSocketDial } from "./channel.js";
import { type Child, findExecutable, freePort, spawnChild, waitForPort, withFileLimit } from "./children.js";
import { type TreeMemory, treeCpuSeconds, treeMemory } from "./proc.js";
import { dialRawWebSocket } from "./raw-ws.js";

/** The WebSocket client the benchmark speaks with: raw-ws.ts, or the `ws` package. */
export type WebSocketClient = "raw" | "ws";

/** The dial function of `client`. */
function dialer(client: WebSocketClient): (dial: WebSocketDial) => Promise<Channel> {
  return client === "raw" ? dialRawWebSocket : dialWebSocket;
}

/** Names as they appear in the output. */
export type ContenderName = "gateway" | "naive-ws" | "websockify" | "socat" | "direct";

/** A relay (or none) the client can dial through. */
export interface Contender {
  readonly name: ContenderName;
  /** The relay's main process; null for direct TCP. */
  readonly pid: number | null;
  dial(): Promise<Channel>;
  /** Memory of the relay's process tree; null for direct TCP. */
  memory(): TreeMemory | null;
  /** CPU seconds used so far by the relay's live process tree; null for direct TCP. */
  cpuSeconds(): number | null;
  stop(): Promise<void>;
}

/** What the gateway's process reports after a forced full garbage collection. */
export interface GcReport {
  gc: boolean;
  rss: number;
  heapUsed: number;
  external: number;
}

/** A relay running in a Node child process (our gateway, the naive reference), with a way to force a GC. */
export interface NodeRelay extends Contender {
  readonly pid: number;
  readonly port: number;
  collectGarbage(): Promise<GcReport>;
}

const GATEWAY_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const START_TIMEOUT_MS = 30_000;
/** Two descriptors per session (browser side, upstream side): 10,000 sessions need ~20,000. */
const RELAY_FILES = 65_536;

/**
 * Environment for the gateway: the upstream as a plaintext loopback IMAP server, and admission
 * limits raised so one client address may hold 10,000+ sessions and open them as fast as it can.
 * Everything else (watermarks, maxPayload, heartbeat) keeps the shipped defaults.
 */
function gatewayEnv(upstreamPort: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HOST: "127.0.0.1",
    PORT: "0",
    IMAP_URL: `imap://127.0.0.1:${upstreamPort}`,
    MAX_SESSIONS: "20000",
    MAX_SESSIONS_PER_IP: "20000",
    NEW_SESSIONS_PER_IP_PER_MINUTE: "1000000",
    NEW_SESSIONS_PER_IP_BURST: "1000000",
    SHUTDOWN_DRAIN_MS: "0",
  };
}

/**
 * Starts our gateway as it ships: `node dist/main.js` (built by `pnpm bench` first) with the
 * environment above. Its `listening` log line carries the bound port (PORT=0).
 */
export function startGateway(upstreamPort: number, client: WebSocketClient): Promise<NodeRelay> {
  const dial = dialer(client);
  const main = join(GATEWAY_DIR, "dist/main.js");
  if (!existsSync(main)) {
    throw new Error(`${main} is missing: build the gateway first (pnpm --filter @tagwire/gateway build)`);
  }
  return startNodeRelay("gateway", [main], gatewayEnv(upstreamPort), (port) =>
    dial({
      url: `ws://127.0.0.1:${port}/ws/imap?server=default`,
      protocols: ["tagwire.v1"],
      origin: `http://127.0.0.1:${port}`,
    }),
  );
}

/** Starts the naive reference relay (naive-relay.mjs). */
export function startNaiveRelay(upstreamPort: number, client: WebSocketClient): Promise<NodeRelay> {
  const script = fileURLToPath(new URL("./naive-relay.mjs", import.meta.url));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const dial = dialer(client);
  return startNodeRelay("naive-ws", [script, String(upstreamPort)], env, (port) =>
    dial({ url: `ws://127.0.0.1:${port}/`, protocols: [] }),
  );
}

/**
 * Starts a Node relay (plain JavaScript, no loader; the pid whose memory is read is the relay
 * itself), the GC hook preloaded, the open-file limit raised; waits for a JSON line on stdout with
 * `"msg":"listening"` and the `url` it listens on.
 */
async function startNodeRelay(
  name: "gateway" | "naive-ws",
  entry: string[],
  env: NodeJS.ProcessEnv,
  dial: (port: number) => Promise<Channel>,
): Promise<NodeRelay> {
  const gcWaiters: ((report: GcReport) => void)[] = [];
  let onListening: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => {
    onListening = resolve;
  });
  const [command, args] = withFileLimit(RELAY_FILES, process.execPath, [
    "--expose-gc",
    "--import",
    new URL("./gc-hook.mjs", import.meta.url).href,
    ...entry,
  ]);
  const child = spawnChild(command, args, {
    cwd: GATEWAY_DIR,
    env,
    onLine(line, stream) {
      if (stream === "stderr" && line.startsWith("bench-gc ")) {
        gcWaiters.shift()?.(JSON.parse(line.slice("bench-gc ".length)) as GcReport);
      } else if (stream === "stdout" && line.includes('"listening"')) {
        const record = JSON.parse(line) as { msg?: string; url?: string };
        if (record.msg === "listening" && record.url !== undefined) onListening(record.url);
      }
    },
  });
  const exitedEarly = child.exited.then((code) => {
    throw new Error(`${name} exited (${code}) before listening:\n${child.tail()}`);
  });
  let url: string;
  try {
    url = await withTimeout(
      Promise.race([listening, exitedEarly]),
      START_TIMEOUT_MS,
      `${name} did not report "listening" within ${START_TIMEOUT_MS} ms`,
    );
  } catch (err) {
    await child.stop();
    throw err;
  }
  const port = Number(new URL(url).port);
  return {
    name,
    pid: child.pid,
    port,
    dial: () => dial(port),
    memory: () => treeMemory(child.pid),
    cpuSeconds: () => treeCpuSeconds(child.pid),
    collectGarbage() {
      const report = new Promise<GcReport>((resolve) => gcWaiters.push(resolve));
      process.kill(child.pid, "SIGUSR2");
      return withTimeout(report, 10_000, `${name} did not answer the GC request`);
    },
    stop: () => child.stop(),
  };
}

/**
 * Starts `websockify 127.0.0.1:PORT 127.0.0.1:UPSTREAM`, or returns null when it is not installed. It
 * is dialled without a subprotocol, and relays binary frames (Debian's 0.10 has no base64 mode; it
 * would also accept the old `binary` subprotocol, to the same effect).
 */
export async function startWebsockify(
  upstreamPort: number,
  client: WebSocketClient,
): Promise<Contender | null> {
  const exe = findExecutable("websockify");
  if (exe === null) return null;
  const port = await freePort();
  const child = spawnChild(exe, [`127.0.0.1:${port}`, `127.0.0.1:${upstreamPort}`], { env: process.env });
  await waitForPort(port, child);
  const dial = dialer(client);
  return forkingRelay("websockify", child, () => dial({ url: `ws://127.0.0.1:${port}/`, protocols: [] }));
}

/** Starts a forking socat TCP-to-TCP relay, or returns null when socat is not installed. */
export async function startSocat(upstreamPort: number): Promise<Contender | null> {
  const exe = findExecutable("socat");
  if (exe === null) return null;
  const port = await freePort();
  const child = spawnChild(
    exe,
    [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `TCP:127.0.0.1:${upstreamPort}`],
    { env: process.env },
  );
  await waitForPort(port, child);
  return forkingRelay("socat", child, () => dialTcp(port));
}

function forkingRelay(name: ContenderName, child: Child, dial: () => Promise<Channel>): Contender {
  return {
    name,
    pid: child.pid,
    dial,
    memory: () => treeMemory(child.pid),
    cpuSeconds: () => treeCpuSeconds(child.pid),
    stop: () => child.stop(),
  };
}

/** No relay: the client connects straight to the upstream server. */
export function direct(upstreamPort: number): Contender {
  return {
    name: "direct",
    pid: null,
    dial: () => dialTcp(upstreamPort),
    memory: () => null,
    cpuSeconds: () => null,
    stop: async () => {},
  };
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects with `message` if `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
