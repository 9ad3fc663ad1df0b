/**
 * Who the client is (G12). `X-Forwarded-For` and `X-Forwarded-Proto` are believed only when the TCP
 * peer is a configured proxy; then the client is the right-most address in the chain that is not
 * itself a trusted proxy (entries further left could have been written by the client).
 */
import { BlockList, isIP } from "node:net";
import { addLoopback, inBlockList, normalizeIp } from "./net-util.js";

/** Resolves the client address and scheme of a request, honouring trusted proxies only. */
export class ClientIdentity {
  private readonly trusted = new BlockList();
  private readonly enabled: boolean;

  /** @param trustProxy addresses, CIDRs or `loopback`, as validated by the config. */
  constructor(trustProxy: readonly string[]) {
    this.enabled = trustProxy.length > 0;
    for (const entry of trustProxy) {
      if (entry === "loopback") {
        addLoopback(this.trusted);
        continue;
      }
      const [address = "", prefix] = entry.split("/");
      const ip = normalizeIp(address);
      const type = isIP(ip) === 6 ? "ipv6" : "ipv4";
      if (prefix === undefined) this.trusted.addAddress(ip, type);
      else this.trusted.addSubnet(ip, Number(prefix), type);
    }
  }

  /** True when `address` is a configured proxy. */
  isTrusted(address: string): boolean {
    return this.enabled && inBlockList(this.trusted, address);
  }

  /** The client's address: the peer, or from `X-Forwarded-For` when the peer is a trusted proxy. */
  clientIp(peer: string, forwardedFor: string | string[] | undefined): string {
    const ip = normalizeIp(peer);
    if (forwardedFor === undefined || !this.isTrusted(ip)) return ip;
    const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    for (let i = chain.length - 1; i >= 0; i--) {
      const hop = normalizeIp(stripPort(chain[i] as string));
      if (isIP(hop) === 0) return ip; // garbage in the chain: fall back to the proxy itself
      if (!this.isTrusted(hop)) return hop;
    }
    return ip;
  }

  /** `https` or `http`: the gateway's own TLS, else `X-Forwarded-Proto` from a trusted proxy. */
  scheme(peer: string, encrypted: boolean, forwardedProto: string | string[] | undefined): "http" | "https" {
    if (encrypted) return "https";
    if (forwardedProto === undefined || !this.isTrusted(peer)) return "http";
    const first = (Array.isArray(forwardedProto) ? forwardedProto[0] : forwardedProto)?.split(",")[0]?.trim();
    return first?.toLowerCase() === "https" ? "https" : "http";
  }
}

/** `1.2.3.4:5678` → `1.2.3.4`, `[::1]:80` → `::1`; bare addresses unchanged. */
function stripPort(hop: string): string {
  if (hop.startsWith("[")) {
    const end = hop.indexOf("]");
    return end > 0 ? hop.slice(1, end) : hop;
  }
  const colon = hop.indexOf(":");
  return colon > 0 && hop.indexOf(":", colon + 1) < 0 ? hop.slice(0, colon) : hop;
}
