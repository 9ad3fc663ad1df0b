/** Test harness: real sockets on port 0, scripted upstream servers, raw HTTP upgrades. */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { WebSocket } from "ws";
import { SUBPROTOCOL } from "../src/admission.js";
import { type GatewayConfig, loadConfig } from "../src/config.js";
import { type LineSink, silentLogger } from "../src/log.js";
import { createGateway, type Gateway, type GatewayDeps } from "../src/server.js";

/** A scripted TCP server standing in for a mail server. */
export interface Upstream {
  port: number;
  /** Connections accepted so far (the "spy"). */
  accepted: number;
  sockets: Set<Socket>;
  close(): Promise<void>;
}

/** Starts a TCP server on 127.0.0.1:0 that runs `onConnection` for each client. */
export async function startUpstream(onConnection: (socket: Socket) => void): Promise<Upstream> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    upstream.accepted++;
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const upstream: Upstream = {
    port: (server.address() as { port: number }).port,
    accepted: 0,
    sockets,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return upstream;
}

/** Echoes every byte back. */
export const echo = (socket: Socket) => socket.pipe(socket);

/** Clean-ups of the calling test file: run after each test, the last added first. */
export function cleanupAfterEach(): (() => Promise<void>)[] {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return cleanups;
}

/** A config for tests: one plaintext loopback `default` server at `upstreamPort`, fast timers. */
export function testConfig(upstreamPort: number, overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  const base = loadConfig(
    { PORT: "0", IMAP_URL: `imap://127.0.0.1:${upstreamPort}` },
    { defaultWebRoot: "/nonexistent" },
  );
  return { ...base, heartbeatIntervalMs: 60_000, ...overrides };
}

/** The first element of a list that must not be empty. */
export function first<T>(items: readonly T[]): T {
  const item = items[0];
  if (item === undefined) throw new Error("expected a non-empty list");
  return item;
}

/** A listening gateway plus helpers bound to its address. */
export interface TestGateway {
  gateway: Gateway;
  port: number;
  origin: string;
  wsUrl(path: string): string;
  close(): Promise<void>;
}

/** Starts a gateway in-process on port 0. */
export async function startGateway(config: GatewayConfig, deps: GatewayDeps = {}): Promise<TestGateway> {
  const gateway = createGateway(config, { logger: silentLogger, ...deps });
  const address = await gateway.listen();
  const port = address.port;
  return {
    gateway,
    port,
    origin: `http://127.0.0.1:${port}`,
    wsUrl: (path) => `ws://127.0.0.1:${port}${path}`,
    close: () => gateway.close({ drainMs: 0 }),
  };
}

/**
 * A scripted upstream and an in-process gateway relaying to it (`testConfig` with `overrides`), both
 * closed after the test through `cleanups`.
 */
export async function startRelay(
  cleanups: (() => Promise<void>)[],
  onConnection: (socket: Socket) => void,
  overrides: Partial<GatewayConfig> = {},
  deps: GatewayDeps = {},
): Promise<{ upstream: Upstream; gw: TestGateway }> {
  const upstream = await startUpstream(onConnection);
  const gw = await startGateway(testConfig(upstream.port, overrides), deps);
  cleanups.push(
    () => upstream.close(),
    () => gw.close(),
  );
  return { upstream, gw };
}

/** Options for `openWs`. */
export interface OpenOptions {
  origin?: string | null;
  protocols?: string[];
  headers?: Record<string, string>;
  autoPong?: boolean;
}

/** Opens a WebSocket to the gateway; rejects with the HTTP status when the upgrade is refused. */
export function openWs(
  gw: Pick<TestGateway, "wsUrl" | "origin">,
  path: string,
  options: OpenOptions = {},
): Promise<WebSocket> {
  const headers: Record<string, string> = { ...options.headers };
  const origin = options.origin === undefined ? gw.origin : options.origin;
  const ws = new WebSocket(gw.wsUrl(path), options.protocols ?? [SUBPROTOCOL], {
    ...(origin === null ? {} : { origin }),
    headers,
    perMessageDeflate: false,
    autoPong: options.autoPong ?? true,
  });
  ws.binaryType = "nodebuffer";
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => {
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
      res.resume();
      ws.terminate();
    });
    ws.once("error", reject);
  });
}

/** Resolves with the close code and reason of a WebSocket. */
export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve({ code: -1, reason: "" });
  return new Promise((resolve) =>
    ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

/** Collects every binary message into one growing buffer. */
export function collect(ws: WebSocket): { bytes(): Buffer; length(): number } {
  const chunks: Buffer[] = [];
  let length = 0;
  ws.on("message", (data: Buffer) => {
    chunks.push(data);
    length += data.length;
  });
  return { bytes: () => Buffer.concat(chunks), length: () => length };
}

/** Waits until `predicate()` is true, polling every 10 ms. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The text of a WebSocket upgrade request for `path` that the test gateway admits, with `headers` on top. */
export function upgradeRequest(
  port: number,
  path: string,
  headers: Record<string, string | undefined> = {},
): string {
  const all: Record<string, string | undefined> = {
    Host: `127.0.0.1:${port}`,
    Connection: "Upgrade",
    Upgrade: "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Protocol": SUBPROTOCOL,
    Origin: `http://127.0.0.1:${port}`,
    ...headers,
  };
  const lines = Object.entries(all)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  return `GET ${path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}

/** A masked binary frame, as a browser sends it (payload under 126 bytes). */
export function maskedBinaryFrame(payload: string): Buffer {
  const data = Buffer.from(payload, "latin1");
  const key = randomBytes(4);
  const frame = Buffer.alloc(6 + data.length);
  frame[0] = 0x82;
  frame[1] = 0x80 | data.length;
  key.copy(frame, 2);
  for (let i = 0; i < data.length; i++) frame[6 + i] = (data[i] as number) ^ (key[i & 3] as number);
  return frame;
}

/** Sends a raw HTTP upgrade request and returns the status code of the response. */
export function rawUpgrade(
  port: number,
  path: string,
  headers: Record<string, string | undefined> = {},
): Promise<{ status: number; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      text += chunk;
      const end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        const status = Number(text.slice(9, 12));
        socket.destroy();
        resolve({ status, head: text.slice(0, end) });
      }
    });
    socket.on("error", reject);
    socket.on("close", () =>
      reject(new Error(`connection closed without a response: ${JSON.stringify(text)}`)),
    );
    socket.write(upgradeRequest(port, path, headers));
  });
}

/** A line sink that keeps everything written (for log assertions). */
export function memorySink(): LineSink & { text(): string } {
  const lines: string[] = [];
  return { write: (line: string) => lines.push(line), text: () => lines.join("") };
}

/** PEM files for TLS tests, made with openssl: a CA, a server cert it signed, and a self-signed cert. */
export interface TestCerts {
  dir: string;
  caFile: string;
  ca: string;
  key: string;
  cert: string;
  selfSignedKey: string;
  selfSignedCert: string;
}

/** Generates certificates for `imap.test`, `localhost` and 127.0.0.1 in a temporary folder. */
export function makeCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), "tagwire-gw-certs-"));
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ext = join(dir, "san.ext");
  const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  writeFileSync(ext, "subjectAltName=DNS:imap.test,DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n");
  run(
    "req",
    "-x509",
    ...EC_KEY,
    "-days",
    "2",
    "-subj",
    "/CN=Tagwire Test CA",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
  );
  run("req", ...EC_KEY, "-subj", "/CN=imap.test", "-keyout", "server.key", "-out", "server.csr");
  run(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    ext,
    "-out",
    "server.pem",
  );
  run(
    "req",
    "-x509",
    ...EC_KEY,
    "-days",
    "2",
    "-subj",
    "/CN=imap.test",
    "-addext",
    "subjectAltName=DNS:imap.test,DNS:localhost,IP:127.0.0.1",
    "-keyout",
    "self.key",
    "-out",
    "self.pem",
  );
  const read = (name: string) => readFileSync(join(dir, name), "utf8");
  return {
    dir,
    caFile: join(dir, "ca.pem"),
    ca: read("ca.pem"),
    key: read("server.key"),
    cert: read("server.pem"),
    selfSignedKey: read("self.key"),
    selfSignedCert: read("self.pem"),
  };
}

/** A gateway running in a child process (see fixtures/gateway-child.ts). */
export interface ChildGateway {
  port: number;
  origin: string;
  wsUrl(path: string): string;
  pid: number;
  /** RSS now, from /proc, without forcing a collection. */
  rss(): number;
  /** RSS, heap and fd count after a full collection, and the open session count. */
  stats(): Promise<{ rss: number; heapUsed: number; external: number; fds: number; sessions: number }>;
  alive(): boolean;
  stop(): Promise<void>;
}

/** Forks a gateway child with `env` for loadConfig and `overrides` merged over the result. */
export async function startChildGateway(
  env: Record<string, string>,
  overrides: Record<string, unknown> = {},
): Promise<ChildGateway> {
  const { fork } = await import("node:child_process");
  const child = fork(new URL("./fixtures/gateway-child.ts", import.meta.url).pathname, [], {
    execArgv: ["--expose-gc", "--import", "tsx"],
    env: { ...process.env, GATEWAY_ENV: JSON.stringify(env), GATEWAY_OVERRIDES: JSON.stringify(overrides) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m: { type: string; port: number }) => resolve(m.port));
    child.once("exit", (code) => reject(new Error(`gateway child exited with ${code}`)));
  });
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  const pid = child.pid as number;
  return {
    port,
    pid,
    origin: `http://127.0.0.1:${port}`,
    wsUrl: (path) => `ws://127.0.0.1:${port}${path}`,
    rss: () => {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    stats: () =>
      new Promise((resolve) => {
        const onMessage = (m: {
          type: string;
          rss: number;
          heapUsed: number;
          external: number;
          fds: number;
          sessions: number;
        }) => {
          if (m.type !== "stats") return;
          child.off("message", onMessage);
          resolve(m);
        };
        child.on("message", onMessage);
        child.send({ type: "stats" });
      }),
    alive: () => !exited,
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}
