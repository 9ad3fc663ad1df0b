/**
 * Rules across options, checked after every row is read. A rule that involves an invalid row is
 * skipped: the row's own problem already says what to fix.
 */
import type { EnvReading } from "./config-env.js";
import type { Problems } from "./config-problems.js";
import { ENV_SCHEMA, type EnvValues } from "./config-schema.js";
import { formatHost, isLoopbackHost, isWildcardHost } from "./net-util.js";

type Key = keyof EnvValues;

/** Pairs of limits that must hold together: `[a, b, broken(a, b), what must hold]`. */
const ORDER_RULES: readonly (readonly [Key, Key, (a: number, b: number) => boolean, string])[] = [
  ["maxSessionsPerIp", "maxSessions", (a, b) => a > b, "must not exceed"],
  ["lowWatermark", "highWatermark", (a, b) => a >= b, "must be below"],
  ["requestTimeoutMs", "headersTimeoutMs", (a, b) => a < b, "must be at least"],
];

/** Records every broken order rule. */
export function checkOrder({ values, invalid }: EnvReading, problems: Problems): void {
  for (const [a, b, broken, rule] of ORDER_RULES) {
    if (invalid.has(a) || invalid.has(b) || !broken(values[a] as number, values[b] as number)) continue;
    const [nameA, nameB] = [ENV_SCHEMA[a].env, ENV_SCHEMA[b].env];
    problems.add("GW_ERR_CONFIG_CONFLICT", nameA, `${nameA} ${rule} ${nameB}`);
  }
}

/**
 * Refuses plain HTTP on a non-loopback address (G14) unless TLS is configured (or being fixed) or
 * `ALLOW_INSECURE_HTTP=1`.
 */
export function checkPlainHttp({ values: v }: EnvReading, tlsOn: boolean, problems: Problems): void {
  if (isLoopbackHost(v.host) || tlsOn || v.allowInsecureHttp) return;
  if (v.tlsCertFile !== undefined || v.tlsKeyFile !== undefined) return;
  problems.add(
    "GW_ERR_CONFIG_INSECURE",
    "HOST",
    `HOST=${v.host} would serve plain HTTP on a non-loopback address, so passwords would cross the network in clear. ` +
      "Set TLS_CERT_FILE and TLS_KEY_FILE; or bind HOST=127.0.0.1 behind a TLS-terminating reverse proxy " +
      "(nginx, HAProxy); or set ALLOW_INSECURE_HTTP=1 if a proxy on a trusted network terminates TLS",
  );
}

/** `ALLOWED_HOSTS`, or its default (HOST and the loopback names); required on a wildcard HOST. */
export function allowedHosts({ values: v, invalid }: EnvReading, problems: Problems): string[] {
  if (v.allowedHosts.length > 0 || invalid.has("allowedHosts")) return v.allowedHosts;
  if (isWildcardHost(v.host)) {
    problems.add(
      "GW_ERR_CONFIG_MISSING",
      "ALLOWED_HOSTS",
      `HOST=${v.host} listens on every address: set ALLOWED_HOSTS to the name(s) browsers use, e.g. ALLOWED_HOSTS=mail.example.org`,
    );
  }
  return [...new Set([v.host.toLowerCase(), "localhost", "127.0.0.1", "::1"])].map((h) =>
    formatHost(h, null),
  );
}
