/** Where the gateway is: the page's own origin (the gateway serves the app). */
import type { ServerInfo } from "./types";

/** `ws(s)://<this origin>/ws/imap?server=<id>[&latency=<ms>]`. */
export function gatewaySocketUrl(serverId: string, latencyMs?: number): string {
  const url = new URL("/ws/imap", window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("server", serverId);
  if (latencyMs !== undefined) url.searchParams.set("latency", String(Math.round(latencyMs)));
  return url.toString();
}

/** `GET /api/servers`. */
export async function fetchServers(signal?: AbortSignal): Promise<ServerInfo[]> {
  const response = await fetch("/api/servers", signal === undefined ? {} : { signal });
  if (!response.ok) throw new Error(`The gateway answered ${response.status} for its server list.`);
  const list: unknown = await response.json();
  return Array.isArray(list) ? list.filter(isServer) : [];
}

function isServer(value: unknown): value is ServerInfo {
  return typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string";
}
