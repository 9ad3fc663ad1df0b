/**
 * Configuration: the only module that reads `process.env` (through `loadConfig`'s default argument)
 * and, through `config-file.ts`, the `TAGWIRE_CONFIG` file. Every option is a row of `ENV_SCHEMA`
 * (`config-schema.ts`); this module assembles the rows into a `GatewayConfig`, applies the rules
 * across options, and reports every problem at once, each with a stable code.
 */
import { statSync } from "node:fs";
import { hostname as osHostname } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Env, readEnv } from "./config-env.js";
import type { DemoAccount } from "./config-parsers.js";
import { readCaBundle, readTlsPair } from "./config-pem.js";
import { Problems } from "./config-problems.js";
import { allowedHosts, checkOrder, checkPlainHttp } from "./config-rules.js";
import { ENV_SCHEMA } from "./config-schema.js";
import { readServers, type ServerConfig } from "./config-servers.js";
import { ConfigError } from "./errors.js";

export type { DemoAccount } from "./config-parsers.js";
export type { ServerConfig } from "./config-servers.js";

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
  /** The public demo account of the `default` server (`DEMO_ACCOUNT`), listed by `/api/servers`. */
  demoAccount: DemoAccount | null;
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

/** Options for `loadConfig`; tests pass a custom default web root. */
export interface LoadConfigOptions {
  defaultWebRoot?: string;
}

/**
 * Reads and validates the configuration.
 * @throws ConfigError listing every problem found.
 */
export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): GatewayConfig {
  const problems = new Problems();
  const reading = readEnv(env, problems);
  const v = reading.values;

  const tls = readTlsPair(v.tlsCertFile, v.tlsKeyFile, problems);
  checkPlainHttp(reading, tls !== null, problems);
  const globalCa = v.caFile === undefined ? undefined : readCaBundle("TAGWIRE_CA_FILE", v.caFile, problems);
  const servers = readServers(v, globalCa, problems);
  const hosts = allowedHosts(reading, problems);
  checkOrder(reading, problems);
  const smtpEhloName = v.smtpEhloName ?? defaultEhloName(problems);
  const webRoot = readWebRoot(v.webRoot, options.defaultWebRoot ?? DEFAULT_WEB_ROOT, problems);

  if (!problems.empty) throw new ConfigError(problems.list);
  return {
    port: v.port,
    host: v.host,
    servers,
    allowedOrigins: v.allowedOrigins,
    allowedHosts: hosts,
    trustProxy: v.trustProxy,
    demoLatencyMs: v.demoLatencyMs,
    demoLatencyMaxMs: v.demoLatencyMaxMs,
    demoAccount: v.demoAccount ?? null,
    maxSessions: v.maxSessions,
    maxSessionsPerIp: v.maxSessionsPerIp,
    newSessionsPerIpPerMinute: v.newSessionsPerIpPerMinute,
    newSessionsPerIpBurst: v.newSessionsPerIpBurst,
    maxPayload: v.maxPayload,
    highWatermark: v.highWatermark,
    lowWatermark: v.lowWatermark,
    upstreamConnectTimeoutMs: v.upstreamConnectTimeoutMs,
    heartbeatIntervalMs: v.heartbeatIntervalMs,
    idleTimeoutMs: v.idleTimeoutMs,
    closeTimeoutMs: v.closeTimeoutMs,
    shutdownDrainMs: v.shutdownDrainMs,
    headersTimeoutMs: v.headersTimeoutMs,
    requestTimeoutMs: v.requestTimeoutMs,
    perMessageDeflate: v.perMessageDeflate,
    webRoot,
    tls,
    allowInsecureHttp: v.allowInsecureHttp,
    denyPrivateUpstream: v.denyPrivateUpstream,
    smtpEhloName,
  };
}

/** The machine's host name, checked as `SMTP_EHLO_NAME` would be. */
function defaultEhloName(problems: Problems): string {
  const name = osHostname() || "localhost";
  const parsed = ENV_SCHEMA.smtpEhloName.parse(name);
  if (!parsed.ok) problems.flaws("SMTP_EHLO_NAME", parsed.flaws);
  return name;
}

/** `WEB_ROOT` resolved, which must be a folder; unset: the default folder if it exists, else null. */
function readWebRoot(configured: string | undefined, defaultRoot: string, problems: Problems): string | null {
  if (configured === undefined) return isDirectory(defaultRoot) ? defaultRoot : null;
  const root = resolve(configured);
  if (isDirectory(root)) return root;
  problems.add(
    "GW_ERR_CONFIG_FILE",
    "WEB_ROOT",
    `WEB_ROOT: ${root} is not a folder (build the web app with \`pnpm --filter @tagwire/web build\`)`,
  );
  return null;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
