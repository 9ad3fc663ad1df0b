/**
 * Counters for `/metrics` in the Prometheus text exposition format (version 0.0.4). Plain numbers
 * updated on the hot path; the text is rendered only when scraped.
 */

/** Why an upgrade was refused before the handshake (the `reason` label). */
export type RefusalReason =
  | "host"
  | "path"
  | "method"
  | "origin"
  | "params"
  | "server"
  | "subprotocol"
  | "global_cap"
  | "ip_cap"
  | "ip_rate"
  | "shutting_down"
  | "handshake";

/** Upper bounds (seconds) of the upstream connect latency histogram buckets. */
const CONNECT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** The gateway's counters. */
export class Metrics {
  sessionsActive = 0;
  readonly sessionsTotal = { imap: 0, smtp: 0 };
  /** Bytes browser → mail server. */
  bytesUp = 0;
  /** Bytes mail server → browser. */
  bytesDown = 0;
  readonly refusals = new Map<RefusalReason, number>();
  readonly upstreamFailures = new Map<string, number>();
  private readonly connectCounts = new Array<number>(CONNECT_BUCKETS.length + 1).fill(0);
  private connectSum = 0;
  private connectCount = 0;

  /** Counts a refused upgrade. */
  refused(reason: RefusalReason): void {
    this.refusals.set(reason, (this.refusals.get(reason) ?? 0) + 1);
  }

  /** Counts a failed upstream connection by error code. */
  upstreamFailed(code: string): void {
    this.upstreamFailures.set(code, (this.upstreamFailures.get(code) ?? 0) + 1);
  }

  /** Records how long an upstream connection (DNS + TCP + TLS + STARTTLS) took. */
  observeConnect(seconds: number): void {
    let i = 0;
    while (i < CONNECT_BUCKETS.length && seconds > (CONNECT_BUCKETS[i] as number)) i++;
    this.connectCounts[i] = (this.connectCounts[i] ?? 0) + 1;
    this.connectSum += seconds;
    this.connectCount++;
  }

  /** The Prometheus text exposition. */
  render(): string {
    const out: string[] = [];
    const metric = (name: string, type: string, help: string) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    };
    metric("tagwire_gateway_sessions_active", "gauge", "WebSocket sessions currently open.");
    out.push(`tagwire_gateway_sessions_active ${this.sessionsActive}`);
    metric("tagwire_gateway_sessions_total", "counter", "WebSocket sessions accepted since start.");
    for (const [protocol, n] of Object.entries(this.sessionsTotal)) {
      out.push(`tagwire_gateway_sessions_total{protocol="${protocol}"} ${n}`);
    }
    metric("tagwire_gateway_refusals_total", "counter", "Upgrades refused before the handshake, by reason.");
    for (const [reason, n] of [...this.refusals].sort()) {
      out.push(`tagwire_gateway_refusals_total{reason="${reason}"} ${n}`);
    }
    metric("tagwire_gateway_bytes_total", "counter", "Bytes relayed, by direction.");
    out.push(`tagwire_gateway_bytes_total{direction="up"} ${this.bytesUp}`);
    out.push(`tagwire_gateway_bytes_total{direction="down"} ${this.bytesDown}`);
    metric(
      "tagwire_gateway_upstream_failures_total",
      "counter",
      "Upstream connections that failed, by error code.",
    );
    for (const [code, n] of [...this.upstreamFailures].sort()) {
      out.push(`tagwire_gateway_upstream_failures_total{code="${code}"} ${n}`);
    }
    const h = "tagwire_gateway_upstream_connect_seconds";
    metric(h, "histogram", "Time to connect to the mail server, TLS and STARTTLS included.");
    let cumulative = 0;
    CONNECT_BUCKETS.forEach((le, i) => {
      cumulative += this.connectCounts[i] ?? 0;
      out.push(`${h}_bucket{le="${le}"} ${cumulative}`);
    });
    out.push(`${h}_bucket{le="+Inf"} ${this.connectCount}`);
    out.push(`${h}_sum ${this.connectSum}`, `${h}_count ${this.connectCount}`);
    return `${out.join("\n")}\n`;
  }
}
