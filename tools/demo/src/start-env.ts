/** The gateway's environment for `pnpm start`: as given with IMAP_URL, else the demo's defaults. */
import { fileURLToPath } from "node:url";
import { DEMO_USER } from "./account.js";

/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The repository's root folder. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Where `pnpm --filter @tagwire/web build` writes the web app. */
export const WEB_DIST = fileURLToPath(new URL("../../../apps/web/dist", import.meta.url));

/** Delay per direction, so that the web app's pipelining comparison shows a difference on localhost. */
export const DEMO_LATENCY_MS = 25;

/** True when the environment names a mail server of its own, so no demo Dovecot is needed. */
export function hasOwnServer(env: Env): boolean {
  return (env.IMAP_URL ?? "").trim() !== "" || (env.TAGWIRE_CONFIG ?? "").trim() !== "";
}

const set = (value: string | undefined): value is string => value !== undefined && value.trim() !== "";

/**
 * The environment for the demo: the gateway on 127.0.0.1:8080 (PORT and HOST may override), the web
 * app from apps/web/dist, the demo Dovecot's plain loopback port, the public demo account, demo latency
 * (25 ms unless DEMO_LATENCY_MS says otherwise), and per-IP limits fit for one person reloading a page.
 */
export function demoEnv(env: Env, imapPort: number): Env {
  const fallback = (name: string, value: string) => (set(env[name]) ? env[name] : value);
  return {
    ...env,
    HOST: fallback("HOST", "127.0.0.1"),
    PORT: fallback("PORT", "8080"),
    WEB_ROOT: fallback("WEB_ROOT", WEB_DIST),
    IMAP_URL: `imap://127.0.0.1:${imapPort}`,
    SERVER_LABEL: fallback("SERVER_LABEL", "Tagwire demo"),
    DEMO_ACCOUNT: `${DEMO_USER.username}:${DEMO_USER.password}`,
    DEMO_LATENCY_MS: fallback("DEMO_LATENCY_MS", String(DEMO_LATENCY_MS)),
    NEW_SESSIONS_PER_IP_BURST: fallback("NEW_SESSIONS_PER_IP_BURST", "100"),
    NEW_SESSIONS_PER_IP_PER_MINUTE: fallback("NEW_SESSIONS_PER_IP_PER_MINUTE", "600"),
  };
}

/** The address to print: `localhost` for a loopback HOST, brackets around IPv6. */
export function browserUrl(scheme: "http" | "https", host: string, port: number): string {
  const loopback = host === "127.0.0.1" || host === "::1" || host === "localhost";
  const name = loopback ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `${scheme}://${name}:${port}`;
}
