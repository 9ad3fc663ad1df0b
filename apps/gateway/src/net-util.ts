import { BlockList, isIP } from "node:net";

/** True for an IPv4 or IPv6 address literal (no brackets). */
export function isIpLiteral(host: string): boolean {
  return isIP(host) !== 0;
}

/** Strips the IPv4-mapped IPv6 prefix (`::ffff:1.2.3.4` → `1.2.3.4`) and lower-cases. */
export function normalizeIp(address: string): string {
  const lower = address.toLowerCase();
  if (lower.startsWith("::ffff:") && isIP(lower.slice(7)) === 4) return lower.slice(7);
  return lower;
}

/** Adds 127.0.0.0/8 and ::1 to `list`. */
export function addLoopback(list: BlockList): void {
  list.addSubnet("127.0.0.0", 8, "ipv4");
  list.addAddress("::1", "ipv6");
}

/** True when `address` (an IPv4-mapped IPv6 address counts as IPv4) is in `list`; false for a non-address. */
export function inBlockList(list: BlockList, address: string): boolean {
  const ip = normalizeIp(address);
  const family = isIP(ip);
  return family !== 0 && list.check(ip, family === 4 ? "ipv4" : "ipv6");
}

const LOOPBACK = new BlockList();
addLoopback(LOOPBACK);

/** `localhost`, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = stripBrackets(host).toLowerCase();
  if (h === "localhost") return true;
  return isLoopbackAddress(h);
}

/** 127.0.0.0/8, ::1, or an IPv4-mapped loopback address. */
export function isLoopbackAddress(address: string): boolean {
  return inBlockList(LOOPBACK, address);
}

/** Wildcard listen addresses: they accept connections on every interface. */
export function isWildcardHost(host: string): boolean {
  const h = stripBrackets(host);
  return h === "0.0.0.0" || h === "::" || h === "0:0:0:0:0:0:0:0";
}

/** `[::1]` → `::1`. */
export function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

// Loopback, private, link-local, carrier-grade NAT, unspecified and unique-local ranges: where an
// attacker who controls a public DNS name would like to point the gateway (DNS rebinding, G2).
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
] as const) {
  PRIVATE.addSubnet(net, prefix, "ipv4");
}
PRIVATE.addAddress("::", "ipv6");
PRIVATE.addAddress("::1", "ipv6");
PRIVATE.addSubnet("fc00::", 7, "ipv6");
PRIVATE.addSubnet("fe80::", 10, "ipv6");

/** True when the address is loopback, private, link-local or otherwise not publicly routable. */
export function isPrivateAddress(address: string): boolean {
  return inBlockList(PRIVATE, address);
}

/**
 * The key per-IP limits count under: the IPv4 address, or the /64 prefix of an IPv6 address (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would be no limit at all).
 */
export function limitKey(address: string): string {
  const ip = normalizeIp(address);
  if (isIP(ip) !== 6) return ip;
  return `${expandIpv6(ip).slice(0, 4).join(":")}::/64`;
}

/** Eight 16-bit groups of an IPv6 address, each as lower-case hex without leading zeros. */
function expandIpv6(ip: string): string[] {
  let text = ip;
  const groups: string[] = [];
  // A trailing dotted IPv4 part counts as two groups.
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    const parts = tail.split(".").map(Number);
    const [a = 0, b = 0, c = 0, d = 0] = parts;
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = rest === undefined || rest === "" ? [] : rest.split(":");
  const fill = rest === undefined ? 0 : 8 - left.length - right.length;
  groups.push(...left, ...Array.from({ length: fill }, () => "0"), ...right);
  return groups.map((g) => Number.parseInt(g, 16).toString(16));
}

/** A `Host` header split into a lower-case hostname (no brackets, no trailing dot) and an optional port. */
export interface HostHeader {
  hostname: string;
  port: string | null;
}

/** Parses `example.org`, `example.org:8080`, `[::1]:8080`; null when malformed. */
export function parseHostHeader(value: string): HostHeader | null {
  const v = value.trim().toLowerCase();
  if (v === "" || /[\s/?#@\\]/.test(v)) return null;
  let hostname: string;
  let port: string | null = null;
  if (v.startsWith("[")) {
    const end = v.indexOf("]");
    if (end < 0) return null;
    hostname = v.slice(1, end);
    const after = v.slice(end + 1);
    if (after !== "") {
      if (!after.startsWith(":")) return null;
      port = after.slice(1);
    }
    if (isIP(hostname) !== 6) return null;
  } else {
    const colon = v.indexOf(":");
    if (colon >= 0) {
      if (v.indexOf(":", colon + 1) >= 0) return null;
      hostname = v.slice(0, colon);
      port = v.slice(colon + 1);
    } else {
      hostname = v;
    }
  }
  if (port !== null && !/^\d{1,5}$/.test(port)) return null;
  if (hostname.endsWith(".")) hostname = hostname.slice(0, -1);
  if (hostname === "") return null;
  return { hostname, port };
}

/** `host` or `host:port`, IPv6 in brackets, as `Host` headers are compared. */
export function formatHost(hostname: string, port: string | null): string {
  const h = hostname.includes(":") ? `[${hostname}]` : hostname;
  return port === null ? h : `${h}:${port}`;
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

/** An IP address, a CIDR (`10.0.0.0/8`) or `loopback`: the entries `TRUST_PROXY` accepts. */
export function isProxyEntry(entry: string): boolean {
  if (entry === "loopback") return true;
  const [address = "", prefix, extra] = entry.split("/");
  if (extra !== undefined || !isIpLiteral(address)) return false;
  if (prefix === undefined) return true;
  const max = address.includes(":") ? 128 : 32;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= max;
}
