/**
 * Configuration: the only module that reads `process.env` (through `loadConfig`'s default argument) and
 * the `TAGWIRE_CONFIG` file. Every option is validated at start; all problems are reported at once,
 * each saying what to fix. `ENV_OPTIONS` lists every variable with its default (the README mirrors it).
 */
import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { hostname as osHostname } from "node:os";
import { dirname, resolve } from "node:path";
import { createSecureContext } from "node:tls";
import { fileURLToPath } from "node:url";
import { ConfigError } from "./errors.js";
import { isIpLiteral, isLoopbackHost, isWildcardHost, parseHostHeader, stripBrackets } from "./net-util.js";
import { type Endpoint, parseServerUrl } from "./server-url.js";

/** One mail server the browser may pick by id. */
export interface ServerConfig {
  id: string;
  label: string;
  imap: Endpoint;
  smtp?: Endpoint;
  /** PEM bundle that replaces the system CAs when verifying this server's certificate. */
  ca?: string;
}

/** The validated configuration `createGateway` runs with. */
export interface GatewayConfig {
  port: number;
  host: string;
  servers: ServerConfig[];
  /** Normalised origins (`https://mail.example.org`) allowed besides the same origin. */
  allowedOrigins: string[];
  /** Lower-case `Host` values (`name` or `name:port`) the gateway answers to. */
  allowedHosts: string[];
  /** Addresses or CIDRs (or `loopback`) whose `X-Forwarded-For`/`X-Forwarded-Proto` are believed. */
  trustProxy: string[];
  demoLatencyMs: number;
  demoLatencyMaxMs: number;
  maxSessions: number;
  maxSessionsPerIp: number;
  newSessionsPerIpPerMinute: number;
  newSessionsPerIpBurst: number;
  maxPayload: number;
  highWatermark: number;
  lowWatermark: number;
  upstreamConnectTimeoutMs: number;
  heartbeatIntervalMs: number;
  idleTimeoutMs: number;
  closeTimeoutMs: number;
  shutdownDrainMs: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  perMessageDeflate: boolean;
  /** Folder of the built web app, or null to serve the API only. */
  webRoot: string | null;
  /** Certificate and key (PEM) when the gateway itself speaks HTTPS. */
  tls: { cert: string; key: string } | null;
  allowInsecureHttp: boolean;
  denyPrivateUpstream: boolean;
  smtpEhloName: string;
}

/** Where the built web app lives by default: `apps/web/dist`, next to this package. */
export const DEFAULT_WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../web/dist");

const KIB = 1024;
const MINUTE = 60_000;

/** Every environment variable, its default (as text) and what it does. */
export const ENV_OPTIONS = [
  ["PORT", "8080", "TCP port to listen on (0 picks a free port)."],
  [
    "HOST",
    "127.0.0.1",
    "Address to bind. A non-loopback address needs TLS_CERT_FILE/TLS_KEY_FILE or ALLOW_INSECURE_HTTP=1.",
  ],
  [
    "IMAP_URL",
    "(none)",
    "The IMAP server of the `default` server id: imaps://host[:993], imap://host:143?starttls, or imap://127.0.0.1:PORT (plaintext, loopback only).",
  ],
  [
    "SMTP_URL",
    "(none)",
    "The SMTP submission server of `default`: smtps://host[:465], smtp://host:587?starttls, or plaintext loopback.",
  ],
  ["SERVER_LABEL", "the IMAP host", "Label of the `default` server shown in the sign-in picker."],
  ["TAGWIRE_CONFIG", "(none)", "Path of a JSON file listing several servers (see below)."],
  [
    "TAGWIRE_CA_FILE",
    "(Node's root CAs)",
    "PEM CA bundle used instead of Node's root CAs (Mozilla's list, plus NODE_EXTRA_CA_CERTS) to verify upstream certificates; a server's own caFile wins.",
  ],
  [
    "ALLOWED_ORIGINS",
    "(none)",
    "Comma-separated origins allowed to open WebSockets besides the gateway's own origin.",
  ],
  [
    "ALLOWED_HOSTS",
    "HOST, localhost, 127.0.0.1, [::1]",
    "Comma-separated Host header values the gateway answers to (name or name:port). Required when HOST is 0.0.0.0 or ::.",
  ],
  [
    "TRUST_PROXY",
    "(none)",
    "Comma-separated proxy addresses or CIDRs (or `loopback`) whose X-Forwarded-For and X-Forwarded-Proto are believed.",
  ],
  [
    "DEMO_LATENCY_MS",
    "0 (off)",
    "Delay added to each direction, to make pipelining visible on localhost. When > 0, `latency=<ms>` per connection overrides it.",
  ],
  ["DEMO_LATENCY_MAX_MS", "2000", "Cap for the per-connection `latency` parameter."],
  ["MAX_SESSIONS", "10000", "Concurrent WebSocket sessions, all clients together."],
  ["MAX_SESSIONS_PER_IP", "32", "Concurrent sessions per client IP (IPv6: per /64)."],
  [
    "NEW_SESSIONS_PER_IP_PER_MINUTE",
    "30",
    "Sustained rate of new sessions per client IP (token bucket refill).",
  ],
  ["NEW_SESSIONS_PER_IP_BURST", "10", "Token bucket size: new sessions one IP may open at once."],
  [
    "MAX_PAYLOAD",
    "262144",
    "Largest WebSocket message accepted, in bytes (clients chunk their writes); larger → close 1009.",
  ],
  ["HIGH_WATERMARK", "1048576", "Bytes queued towards the browser at which the upstream socket is paused."],
  ["LOW_WATERMARK", "262144", "Bytes queued towards the browser below which the upstream socket resumes."],
  ["UPSTREAM_CONNECT_TIMEOUT_MS", "10000", "Deadline for DNS, TCP, TLS and STARTTLS to the mail server."],
  [
    "HEARTBEAT_INTERVAL_MS",
    "30000",
    "WebSocket ping interval; a peer that leaves a ping on an empty queue unanswered for one interval is terminated.",
  ],
  [
    "IDLE_TIMEOUT_MS",
    "2100000",
    "Close a session with no byte either way for this long (must exceed IMAP's 30-minute autologout).",
  ],
  [
    "CLOSE_TIMEOUT_MS",
    "10000",
    "Bound on a closing handshake and on flushing an upstream that the browser left.",
  ],
  [
    "SHUTDOWN_DRAIN_MS",
    "5000",
    "On SIGTERM/SIGINT: how long sessions may finish before they are closed with 1001.",
  ],
  ["HEADERS_TIMEOUT_MS", "10000", "Deadline for a client to send complete HTTP request headers (slowloris)."],
  ["REQUEST_TIMEOUT_MS", "30000", "Deadline for a whole HTTP request."],
  [
    "WS_PER_MESSAGE_DEFLATE",
    "0",
    "1 enables permessage-deflate (costs CPU and memory per session; mail is often compressed already).",
  ],
  [
    "WEB_ROOT",
    "apps/web/dist",
    "Folder of the built web app; if the default is absent only the API is served.",
  ],
  ["TLS_CERT_FILE", "(none)", "PEM certificate chain: the gateway serves HTTPS/WSS itself."],
  ["TLS_KEY_FILE", "(none)", "PEM private key for TLS_CERT_FILE."],
  [
    "ALLOW_INSECURE_HTTP",
    "0",
    "1 allows plain HTTP on a non-loopback HOST (only behind a TLS-terminating proxy on a trusted network).",
  ],
  [
    "ALLOW_INSECURE_UPSTREAM",
    "0",
    "1 allows plaintext imap:// and smtp:// to non-loopback hosts for every server.",
  ],
  [
    "DENY_PRIVATE_UPSTREAM",
    "0",
    "1 refuses upstream names that resolve to loopback/private/link-local addresses.",
  ],
  ["SMTP_EHLO_NAME", "the machine's host name", "Name the gateway sends in EHLO before SMTP STARTTLS."],
] as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Options for `loadConfig`; tests pass a custom default web root. */
export interface LoadConfigOptions {
  defaultWebRoot?: string;
}

/**
 * Reads and validates the configuration.
 * @throws ConfigError listing every problem found.
 */
export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): GatewayConfig {
  const problems: string[] = [];
  const reader = new EnvReader(env, problems);

  const port = reader.int("PORT", 8080, 0, 65535);
  const host = stripBrackets(reader.str("HOST") ?? "127.0.0.1");
  if (host === "" || (!isIpLiteral(host) && !/^[A-Za-z0-9.-]+$/.test(host))) {
    problems.push(`HOST: "${host}" is not an address or host name (e.g. 127.0.0.1 or 0.0.0.0)`);
  }
  const allowInsecureHttp = reader.bool("ALLOW_INSECURE_HTTP", false);
  const allowInsecureUpstream = reader.bool("ALLOW_INSECURE_UPSTREAM", false);

  const certFile = reader.str("TLS_CERT_FILE");
  const keyFile = reader.str("TLS_KEY_FILE");
  let tls: GatewayConfig["tls"] = null;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    problems.push("TLS_CERT_FILE and TLS_KEY_FILE go together: set both, or neither");
  } else if (certFile !== undefined && keyFile !== undefined) {
    const cert = readPem("TLS_CERT_FILE", certFile, "CERTIFICATE", problems);
    const key = readPem("TLS_KEY_FILE", keyFile, "PRIVATE KEY", problems);
    if (cert !== undefined && key !== undefined) {
      try {
        createSecureContext({ cert, key });
        tls = { cert, key };
      } catch (err) {
        problems.push(`TLS_CERT_FILE/TLS_KEY_FILE: unusable certificate or key (${(err as Error).message})`);
      }
    }
  }
  if (!isLoopbackHost(host) && tls === null && !allowInsecureHttp && !(certFile ?? keyFile)) {
    problems.push(
      `HOST=${host} would serve plain HTTP on a non-loopback address, so passwords would cross the network in clear. ` +
        "Set TLS_CERT_FILE and TLS_KEY_FILE; or bind HOST=127.0.0.1 behind a TLS-terminating reverse proxy " +
        "(nginx, HAProxy); or set ALLOW_INSECURE_HTTP=1 if a proxy on a trusted network terminates TLS",
    );
  }

  const globalCaFile = reader.str("TAGWIRE_CA_FILE");
  const globalCa =
    globalCaFile === undefined ? undefined : readCaBundle("TAGWIRE_CA_FILE", globalCaFile, problems);

  const servers = readServers(reader, env, problems, allowInsecureUpstream, globalCa);

  const allowedOrigins = reader.list("ALLOWED_ORIGINS").flatMap((o) => {
    const normalised = normaliseOrigin(o);
    if (normalised === null) {
      problems.push(
        `ALLOWED_ORIGINS: "${o}" is not an origin; write scheme://host[:port], e.g. https://mail.example.org`,
      );
      return [];
    }
    return [normalised];
  });

  let allowedHosts = reader.list("ALLOWED_HOSTS").flatMap((h) => {
    const parsed = parseHostHeader(h);
    if (parsed === null) {
      problems.push(`ALLOWED_HOSTS: "${h}" is not a host name or host:port`);
      return [];
    }
    return [formatHost(parsed.hostname, parsed.port)];
  });
  if (allowedHosts.length === 0) {
    if (isWildcardHost(host)) {
      problems.push(
        `HOST=${host} listens on every address: set ALLOWED_HOSTS to the name(s) browsers use, e.g. ALLOWED_HOSTS=mail.example.org`,
      );
    }
    allowedHosts = [...new Set([host.toLowerCase(), "localhost", "127.0.0.1", "::1"])].map((h) =>
      formatHost(h, null),
    );
  }

  const trustProxy = reader.list("TRUST_PROXY");
  for (const entry of trustProxy) {
    if (!isProxyEntry(entry)) {
      problems.push(`TRUST_PROXY: "${entry}" is not an IP address, a CIDR (10.0.0.0/8) or "loopback"`);
    }
  }

  const demoLatencyMs = reader.int("DEMO_LATENCY_MS", 0, 0, 60_000);
  const demoLatencyMaxMs = reader.int("DEMO_LATENCY_MAX_MS", 2000, 0, 60_000);
  const maxSessions = reader.int("MAX_SESSIONS", 10_000, 1, 1_000_000);
  const maxSessionsPerIp = reader.int("MAX_SESSIONS_PER_IP", 32, 1, 1_000_000);
  if (maxSessionsPerIp > maxSessions) problems.push("MAX_SESSIONS_PER_IP must not exceed MAX_SESSIONS");
  const newSessionsPerIpPerMinute = reader.int("NEW_SESSIONS_PER_IP_PER_MINUTE", 30, 1, 1_000_000);
  const newSessionsPerIpBurst = reader.int("NEW_SESSIONS_PER_IP_BURST", 10, 1, 1_000_000);
  const maxPayload = reader.int("MAX_PAYLOAD", 256 * KIB, 1 * KIB, 16 * KIB * KIB);
  const highWatermark = reader.int("HIGH_WATERMARK", 1024 * KIB, 16 * KIB, 64 * KIB * KIB);
  const lowWatermark = reader.int("LOW_WATERMARK", 256 * KIB, 0, 64 * KIB * KIB);
  if (lowWatermark >= highWatermark) problems.push("LOW_WATERMARK must be below HIGH_WATERMARK");
  const upstreamConnectTimeoutMs = reader.int("UPSTREAM_CONNECT_TIMEOUT_MS", 10_000, 100, 10 * MINUTE);
  const heartbeatIntervalMs = reader.int("HEARTBEAT_INTERVAL_MS", 30_000, 1000, 10 * MINUTE);
  const idleTimeoutMs = reader.int("IDLE_TIMEOUT_MS", 35 * MINUTE, 30 * MINUTE + 1, 24 * 60 * MINUTE);
  const closeTimeoutMs = reader.int("CLOSE_TIMEOUT_MS", 10_000, 100, 10 * MINUTE);
  const shutdownDrainMs = reader.int("SHUTDOWN_DRAIN_MS", 5000, 0, 10 * MINUTE);
  const headersTimeoutMs = reader.int("HEADERS_TIMEOUT_MS", 10_000, 100, 10 * MINUTE);
  const requestTimeoutMs = reader.int("REQUEST_TIMEOUT_MS", 30_000, 100, 10 * MINUTE);
  if (requestTimeoutMs < headersTimeoutMs)
    problems.push("REQUEST_TIMEOUT_MS must be at least HEADERS_TIMEOUT_MS");
  const perMessageDeflate = reader.bool("WS_PER_MESSAGE_DEFLATE", false);
  const denyPrivateUpstream = reader.bool("DENY_PRIVATE_UPSTREAM", false);
  const smtpEhloName = reader.str("SMTP_EHLO_NAME") ?? (osHostname() || "localhost");
  if (!/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f.:]+\]$/.test(smtpEhloName)) {
    problems.push(`SMTP_EHLO_NAME: "${smtpEhloName}" is not a domain name or address literal`);
  }

  const webRoot = readWebRoot(reader, options.defaultWebRoot ?? DEFAULT_WEB_ROOT, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    servers,
    allowedOrigins,
    allowedHosts,
    trustProxy,
    demoLatencyMs,
    demoLatencyMaxMs,
    maxSessions,
    maxSessionsPerIp,
    newSessionsPerIpPerMinute,
    newSessionsPerIpBurst,
    maxPayload,
    highWatermark,
    lowWatermark,
    upstreamConnectTimeoutMs,
    heartbeatIntervalMs,
    idleTimeoutMs,
    closeTimeoutMs,
    shutdownDrainMs,
    headersTimeoutMs,
    requestTimeoutMs,
    perMessageDeflate,
    webRoot,
    tls,
    allowInsecureHttp,
    denyPrivateUpstream,
    smtpEhloName,
  };
}

function readServers(
  reader: EnvReader,
  env: Env,
  problems: string[],
  allowInsecure: boolean,
  globalCa: string | undefined,
): ServerConfig[] {
  const servers: ServerConfig[] = [];
  const imapUrl = reader.str("IMAP_URL");
  const smtpUrl = reader.str("SMTP_URL");
  const label = reader.str("SERVER_LABEL");
  if (imapUrl !== undefined) {
    const server = serverConfig(
      { id: "default", label, ca: globalCa },
      ["IMAP_URL", imapUrl],
      smtpUrl === undefined ? undefined : ["SMTP_URL", smtpUrl],
      allowInsecure,
      problems,
    );
    if (server !== null) servers.push(server);
  } else if (smtpUrl !== undefined || label !== undefined) {
    problems.push("SMTP_URL and SERVER_LABEL describe the `default` server: set IMAP_URL too");
  }

  const file = env.TAGWIRE_CONFIG?.trim();
  if (file) servers.push(...readConfigFile(file, problems, allowInsecure, globalCa));

  const seen = new Set<string>();
  for (const s of servers) {
    if (seen.has(s.id)) problems.push(`server id "${s.id}" is defined twice (IMAP_URL defines "default")`);
    seen.add(s.id);
  }
  if (servers.length === 0 && problems.length === 0) {
    problems.push(
      "no mail server configured: set IMAP_URL (e.g. IMAP_URL=imaps://imap.example.org) or TAGWIRE_CONFIG=/path/to/servers.json",
    );
  }
  return servers;
}

const SERVER_KEYS = new Set(["id", "label", "imap", "smtp", "caFile"]);

function readConfigFile(
  file: string,
  problems: string[],
  allowInsecure: boolean,
  globalCa: string | undefined,
): ServerConfig[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    problems.push(`TAGWIRE_CONFIG: cannot read ${file} as JSON (${(err as Error).message})`);
    return [];
  }
  const example = '{"servers":[{"id":"work","label":"Work","imap":"imaps://imap.example.org"}]}';
  if (!isRecord(data) || !Array.isArray(data.servers)) {
    problems.push(`TAGWIRE_CONFIG: ${file} must hold an object with a "servers" array, e.g. ${example}`);
    return [];
  }
  for (const key of Object.keys(data)) {
    if (key !== "servers") problems.push(`TAGWIRE_CONFIG: unknown top-level key "${key}" (only "servers")`);
  }
  const servers: ServerConfig[] = [];
  data.servers.forEach((entry: unknown, i: number) => {
    const where = `TAGWIRE_CONFIG servers[${i}]`;
    if (!isRecord(entry)) {
      problems.push(`${where}: must be an object like ${example.slice(12, -2)}`);
      return;
    }
    for (const key of Object.keys(entry)) {
      if (!SERVER_KEYS.has(key))
        problems.push(`${where}: unknown key "${key}" (known: ${[...SERVER_KEYS].join(", ")})`);
    }
    const { id, label, imap, smtp, caFile } = entry;
    if (typeof id !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id)) {
      problems.push(`${where}.id: required, 1-64 letters, digits, "-" or "_"`);
      return;
    }
    if (label !== undefined && (typeof label !== "string" || label.length === 0 || label.length > 100)) {
      problems.push(`${where}.label: must be a string of 1-100 characters`);
    }
    if (typeof imap !== "string") {
      problems.push(`${where}.imap: required, a URL such as imaps://imap.example.org`);
      return;
    }
    if (smtp !== undefined && typeof smtp !== "string") {
      problems.push(`${where}.smtp: must be a URL such as smtp://smtp.example.org:587?starttls`);
      return;
    }
    if (caFile !== undefined && typeof caFile !== "string") {
      problems.push(`${where}.caFile: must be a path to a PEM file`);
      return;
    }
    const ca =
      caFile === undefined
        ? globalCa
        : readCaBundle(`${where}.caFile`, resolve(dirname(file), caFile), problems);
    const server = serverConfig(
      { id, label: typeof label === "string" ? label : id, ca },
      [`${where}.imap`, imap],
      smtp === undefined ? undefined : [`${where}.smtp`, smtp],
      allowInsecure,
      problems,
    );
    if (server !== null) servers.push(server);
  });
  return servers;
}

/**
 * A server from its IMAP and optional SMTP URL, each given with the name of its setting; null when a
 * URL is wrong (the problem is recorded). The label defaults to the IMAP host.
 */
function serverConfig(
  server: { id: string; label: string | undefined; ca: string | undefined },
  imapUrl: readonly [name: string, url: string],
  smtpUrl: readonly [name: string, url: string] | undefined,
  allowInsecure: boolean,
  problems: string[],
): ServerConfig | null {
  const imap = parseServerUrl(imapUrl[0], imapUrl[1], "imap", allowInsecure);
  const smtp =
    smtpUrl === undefined ? undefined : parseServerUrl(smtpUrl[0], smtpUrl[1], "smtp", allowInsecure);
  if (!imap.ok) problems.push(imap.problem);
  if (smtp !== undefined && !smtp.ok) problems.push(smtp.problem);
  if (!imap.ok || (smtp !== undefined && !smtp.ok)) return null;
  return {
    id: server.id,
    label: server.label ?? imap.endpoint.host,
    imap: imap.endpoint,
    ...(smtp === undefined ? {} : { smtp: smtp.endpoint }),
    ...(server.ca === undefined ? {} : { ca: server.ca }),
  };
}

function readWebRoot(reader: EnvReader, defaultRoot: string, problems: string[]): string | null {
  const configured = reader.str("WEB_ROOT");
  if (configured === undefined) return isDirectory(defaultRoot) ? defaultRoot : null;
  const root = resolve(configured);
  if (!isDirectory(root)) {
    problems.push(
      `WEB_ROOT: ${root} is not a folder (build the web app with \`pnpm --filter @tagwire/web build\`)`,
    );
    return null;
  }
  return root;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readPem(name: string, file: string, kind: string, problems: string[]): string | undefined {
  if (!existsSync(file)) {
    problems.push(`${name}: ${file} does not exist`);
    return undefined;
  }
  try {
    const text = readFileSync(file, "utf8");
    if (!text.includes(`-----BEGIN `) || !text.includes(kind)) {
      problems.push(`${name}: ${file} holds no PEM ${kind}`);
      return undefined;
    }
    return text;
  } catch (err) {
    problems.push(`${name}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
    return undefined;
  }
}

/** Reads a PEM bundle of CA certificates; every certificate in it must parse. */
function readCaBundle(name: string, file: string, problems: string[]): string | undefined {
  const text = readPem(name, file, "CERTIFICATE", problems);
  if (text === undefined) return undefined;
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (blocks.length === 0) throw new Error("no certificate");
    for (const block of blocks) new X509Certificate(block);
  } catch (err) {
    problems.push(`${name}: ${file} holds an unreadable certificate (${(err as Error).message})`);
    return undefined;
  }
  return text;
}

/** `https://Mail.Example.org:443/` → `https://mail.example.org`; null when not an http(s) origin. */
export function normaliseOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (
    url.username ||
    url.password ||
    (url.pathname !== "/" && url.pathname !== "") ||
    url.search ||
    url.hash
  ) {
    return null;
  }
  return url.origin;
}

/** `host` or `host:port`, IPv6 in brackets, as `Host` headers are compared. */
export function formatHost(hostname: string, port: string | null): string {
  const h = hostname.includes(":") ? `[${hostname}]` : hostname;
  return port === null ? h : `${h}:${port}`;
}

function isProxyEntry(entry: string): boolean {
  if (entry === "loopback") return true;
  const [address = "", prefix, extra] = entry.split("/");
  if (extra !== undefined || !isIpLiteral(address)) return false;
  if (prefix === undefined) return true;
  const max = address.includes(":") ? 128 : 32;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= max;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Typed reads of environment variables that record a problem instead of throwing. */
class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  str(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  }

  list(name: string): string[] {
    return (this.str(name) ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      this.problems.push(
        `${name} must be a whole number from ${min} to ${max} (got "${raw}"; default ${fallback})`,
      );
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.str(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === "1" || raw === "true" || raw === "yes") return true;
    if (raw === "0" || raw === "false" || raw === "no") return false;
    this.problems.push(`${name} must be 1 or 0 (got "${raw}")`);
    return fallback;
  }
}
