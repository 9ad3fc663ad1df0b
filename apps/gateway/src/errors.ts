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

/**
 * Codes of configuration problems, each with what it means (the README's list is generated from this
 * table). A problem's text says what to fix; its code is what tests and scripts match.
 */
export const CONFIG_PROBLEMS = {
  GW_ERR_CONFIG_RANGE: "A number that is not whole or lies outside the option's bounds.",
  GW_ERR_CONFIG_FORMAT:
    "A value of the wrong form: a flag that is not 1 or 0, a malformed origin, host, CIDR, URL or server id.",
  GW_ERR_CONFIG_MISSING:
    "Something required is not set: a mail server, ALLOWED_HOSTS, a server's id or imap.",
  GW_ERR_CONFIG_CONFLICT:
    "Settings that contradict each other, or a server id defined twice, or half of a pair set.",
  GW_ERR_CONFIG_INSECURE: "Passwords would cross the network in clear (plain HTTP or a plaintext upstream).",
  GW_ERR_CONFIG_FILE: "A named file or folder is missing, unreadable, or does not hold what it must.",
  GW_ERR_CONFIG_UNKNOWN_KEY: "A key of the TAGWIRE_CONFIG file that the gateway does not know (a typo).",
} as const;

/** The stable code of one configuration problem. */
export type ConfigProblemCode = keyof typeof CONFIG_PROBLEMS;

/** One configuration problem: a code, the setting it concerns, and one line saying what to fix. */
export interface ConfigProblem {
  readonly code: ConfigProblemCode;
  /** The variable (`PORT`) or file location (`TAGWIRE_CONFIG servers[0].imap`) at fault. */
  readonly setting: string;
  readonly message: string;
}

/** The configuration is invalid; `problems` lists every problem found. */
export class ConfigError extends Error {
  readonly code = "GW_ERR_CONFIG" as const;
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[]) {
    super(
      `Invalid gateway configuration:\n${problems.map((p) => `  - [${p.code}] ${p.message}`).join("\n")}`,
    );
    this.problems = problems;
    this.name = "ConfigError";
  }
}
