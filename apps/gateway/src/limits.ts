/**
 * Admission limits (G5): a global session cap, a per-client concurrency cap and a per-client token
 * bucket for new sessions. Clients are keyed by `limitKey` (IPv4 address or IPv6 /64). Entries are
 * dropped by `sweep()` once a client has no session and a full bucket, so memory follows activity.
 */
import type { RefusalReason } from "./metrics.js";

/** Limit settings (see the README for defaults). */
export interface LimitOptions {
  maxSessions: number;
  maxSessionsPerIp: number;
  newSessionsPerIpPerMinute: number;
  newSessionsPerIpBurst: number;
}

interface ClientEntry {
  active: number;
  tokens: number;
  updatedAt: number;
}

/** Per-client counters and token buckets. */
export class SessionLimits {
  private readonly clients = new Map<string, ClientEntry>();
  private total = 0;

  constructor(
    private readonly options: LimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Decides whether `key` may open one more session; on success takes a token from its bucket.
   * Call `acquire` once the session exists.
   * @returns null when admitted, else the refusal reason.
   */
  admit(key: string): RefusalReason | null {
    if (this.total >= this.options.maxSessions) return "global_cap";
    const entry = this.entry(key);
    if (entry.active >= this.options.maxSessionsPerIp) return "ip_cap";
    this.refill(entry);
    if (entry.tokens < 1) return "ip_rate";
    entry.tokens -= 1;
    return null;
  }

  /**
   * What `admit` would answer for `key` now, changing nothing: no token is taken, no entry is
   * created or refilled (the refusal probe asks this).
   */
  peek(key: string): RefusalReason | null {
    if (this.total >= this.options.maxSessions) return "global_cap";
    const entry = this.clients.get(key);
    if (entry === undefined) return null; // a client not seen yet has a full bucket (burst >= 1)
    if (entry.active >= this.options.maxSessionsPerIp) return "ip_cap";
    return this.tokensNow(entry) < 1 ? "ip_rate" : null;
  }

  /** Counts a session that started. */
  acquire(key: string): void {
    this.entry(key).active++;
    this.total++;
  }

  /** Uncounts a session that ended. */
  release(key: string): void {
    const entry = this.clients.get(key);
    if (entry === undefined || entry.active === 0) return;
    entry.active--;
    this.total--;
  }

  /** Forgets clients with no session and a full bucket. */
  sweep(): void {
    for (const [key, entry] of this.clients) {
      if (entry.active > 0) continue;
      this.refill(entry);
      if (entry.tokens >= this.options.newSessionsPerIpBurst) this.clients.delete(key);
    }
  }

  /** Number of clients tracked (for tests and metrics). */
  get trackedClients(): number {
    return this.clients.size;
  }

  private entry(key: string): ClientEntry {
    let entry = this.clients.get(key);
    if (entry === undefined) {
      entry = { active: 0, tokens: this.options.newSessionsPerIpBurst, updatedAt: this.now() };
      this.clients.set(key, entry);
    }
    return entry;
  }

  private refill(entry: ClientEntry): void {
    const now = this.now();
    if (now <= entry.updatedAt) return;
    entry.tokens = this.tokensNow(entry, now);
    entry.updatedAt = now;
  }

  /** The tokens `entry` holds at `now`, refilled since its last update (the entry is not changed). */
  private tokensNow(entry: ClientEntry, now = this.now()): number {
    const elapsed = now - entry.updatedAt;
    if (elapsed <= 0) return entry.tokens;
    const refill = (elapsed * this.options.newSessionsPerIpPerMinute) / 60_000;
    return Math.min(this.options.newSessionsPerIpBurst, entry.tokens + refill);
  }
}
