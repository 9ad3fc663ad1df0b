/**
 * Gateway errors carry a stable code (tests and the log assert codes, never message text) and, when they
 * end a WebSocket session, the close code and short reason the browser receives.
 */
export type GatewayErrorCode =
  | "GW_ERR_CONFIG"
  | "GW_ERR_UPSTREAM_DNS"
  | "GW_ERR_UPSTREAM_PRIVATE_ADDRESS"
  | "GW_ERR_UPSTREAM_UNREACHABLE"
  | "GW_ERR_UPSTREAM_TIMEOUT"
  | "GW_ERR_UPSTREAM_CLOSED"
  | "GW_ERR_UPSTREAM_TLS"
  | "GW_ERR_STARTTLS_REFUSED"
  | "GW_ERR_STARTTLS_INJECTION"
  | "GW_ERR_UPSTREAM_PROTOCOL"
  | "GW_ERR_ABORTED";

/**
 * WebSocket close codes the gateway sends (4000-4999 is the application range of RFC 6455 §7.4.2).
 * Documented in the README; the web app maps them to messages.
 */
export const CLOSE_CODES = {
  /** The upstream closed the connection normally (every byte it sent was delivered first). */
  normal: 1000,
  /** The gateway is shutting down; reconnect. */
  goingAway: 1001,
  /** A text frame arrived: the relay carries binary frames only. */
  unsupportedData: 1003,
  /** The upstream connection failed after it was established (reset, TLS error). */
  upstreamError: 1011,
  /** No byte either way for longer than the idle timeout. */
  idleTimeout: 4408,
  /** The upstream server could not be reached (DNS, refused, unreachable, closed during set-up). */
  upstreamUnreachable: 4502,
  /** Connecting to the upstream (TCP, TLS and STARTTLS) took longer than the connect timeout. */
  upstreamTimeout: 4504,
  /** TLS to the upstream failed: untrusted certificate, handshake failure, STARTTLS refused or tampered with. */
  upstreamTls: 4526,
} as const;

/** An error with a stable code; `closeCode` is what the WebSocket session is closed with. */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  constructor(code: GatewayErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = "GatewayError";
  }

  /** The WebSocket close code for a session that fails with this error. */
  get closeCode(): number {
    switch (this.code) {
      case "GW_ERR_UPSTREAM_TIMEOUT":
        return CLOSE_CODES.upstreamTimeout;
      case "GW_ERR_UPSTREAM_TLS":
      case "GW_ERR_STARTTLS_REFUSED":
      case "GW_ERR_STARTTLS_INJECTION":
        return CLOSE_CODES.upstreamTls;
      default:
        return CLOSE_CODES.upstreamUnreachable;
    }
  }
}

/** The configuration is invalid; `problems` lists every problem found, each saying what to fix. */
export class ConfigError extends Error {
  readonly code = "GW_ERR_CONFIG" as const;
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid gateway configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.problems = problems;
    this.name = "ConfigError";
  }
}
