/**
 * Why a connection through the gateway ended, as data: one table of every HTTP refusal and close
 * code of `apps/gateway/README.md` ("Upgrade refusals", "Close codes"), plus the ends the driver
 * itself tells apart. Each row gives the reason's error code and a sentence a UI can show; the web
 * app reuses the table rather than keeping its own.
 *
 * Reasons are camelCase: a refusal's gateway label (`ip_rate`) becomes `ipRate`; a close code's
 * reason follows the gateway's own name for it (`CLOSE_CODES` in apps/gateway/src/errors.ts).
 * Error codes: `IMAP_ERR_TLS` for 4526, `IMAP_ERR_TIMEOUT` for the gateway's two deadlines (4504
 * connect, 4408 idle), `IMAP_ERR_TRANSPORT` for everything else.
 */
import type { RemoteErrorCode } from "../errors.js";

/** One way a connection can end. */
export interface ConnectionEndRow {
  /** The gateway's refusal label (`X-Tagwire-Refusal`, the metrics' `reason`), or null. */
  readonly label: string | null;
  /** The HTTP status the gateway refuses the upgrade with, or null. */
  readonly httpStatus: number | null;
  /** The WebSocket close code the gateway sends, or null. */
  readonly closeCode: number | null;
  /** The code of the `ImapTransportError` reporting it. */
  readonly code: RemoteErrorCode;
  /** Trying again later may succeed (a limit, a restart, a network failure), as opposed to a setup fault. */
  readonly transient: boolean;
  /** One English sentence for the user. */
  readonly message: string;
}

const refusal = (label: string, httpStatus: number, transient: boolean, message: string) =>
  ({ label, httpStatus, closeCode: null, code: "IMAP_ERR_TRANSPORT", transient, message }) as const;

const closed = (closeCode: number, code: RemoteErrorCode, transient: boolean, message: string) =>
  ({ label: null, httpStatus: null, closeCode, code, transient, message }) as const;

const local = (transient: boolean, message: string) =>
  ({
    label: null,
    httpStatus: null,
    closeCode: null,
    code: "IMAP_ERR_TRANSPORT",
    transient,
    message,
  }) as const;

const TABLE = {
  // Upgrade refusals: plain HTTP before the handshake (the browser sees them through the probe).
  host: refusal("host", 421, false, "The gateway does not answer to this host name."),
  path: refusal("path", 404, false, "The gateway has no WebSocket endpoint at this address."),
  method: refusal("method", 405, false, "The gateway refused the request method."),
  origin: refusal("origin", 403, false, "The gateway does not accept connections from this page's origin."),
  params: refusal("params", 400, false, "The gateway does not accept the parameters of this address."),
  server: refusal("server", 404, false, "The gateway has no such mail server."),
  subprotocol: refusal("subprotocol", 400, false, "The gateway requires the tagwire.v1 protocol."),
  shuttingDown: refusal("shutting_down", 503, true, "The gateway is shutting down; try again shortly."),
  globalCap: refusal("global_cap", 503, true, "The gateway has too many connections; try again shortly."),
  ipCap: refusal("ip_cap", 429, true, "Too many connections from your address are open."),
  ipRate: refusal("ip_rate", 429, true, "Too many new connections from your address; wait a moment."),
  handshake: refusal("handshake", 400, false, "The gateway rejected a malformed WebSocket handshake."),
  // Close codes the gateway sends once the WebSocket is open.
  serverClosed: closed(1000, "IMAP_ERR_TRANSPORT", false, "The mail server closed the connection."),
  goingAway: closed(1001, "IMAP_ERR_TRANSPORT", true, "The gateway is restarting; reconnect to go on."),
  unsupportedData: closed(1003, "IMAP_ERR_TRANSPORT", false, "The gateway refused data that was not binary."),
  messageTooBig: closed(1009, "IMAP_ERR_TRANSPORT", false, "A message was larger than the gateway accepts."),
  upstreamError: closed(1011, "IMAP_ERR_TRANSPORT", true, "The connection to the mail server failed."),
  idleTimeout: closed(4408, "IMAP_ERR_TIMEOUT", true, "The connection was idle for too long."),
  upstreamUnreachable: closed(4502, "IMAP_ERR_TRANSPORT", true, "The mail server could not be reached."),
  upstreamTimeout: closed(4504, "IMAP_ERR_TIMEOUT", true, "Connecting to the mail server took too long."),
  upstreamTls: closed(
    4526,
    "IMAP_ERR_TLS",
    false,
    "A secure connection to the mail server failed: its certificate could not be verified.",
  ),
  // Ends the driver tells apart without a gateway code.
  unreachable: local(true, "The gateway could not be reached or refused the connection."),
  textFrame: local(false, "The gateway sent a text frame; it may not be a Tagwire gateway."),
  subprotocolMismatch: local(false, "The server does not speak tagwire.v1; it may not be a Tagwire gateway."),
  unknown: local(true, "The connection ended unexpectedly."),
} satisfies Readonly<Record<string, ConnectionEndRow>>;

/** Why a connection ended: a key of `CONNECTION_ENDS`. */
export type ConnectionEndReason = keyof typeof TABLE;

/** Every reason with its label, status, close code, error code and sentence. */
export const CONNECTION_ENDS: Readonly<Record<ConnectionEndReason, ConnectionEndRow>> = TABLE;

/** Close codes reported as a clean close (no error): 1000, and 1005 (a close frame without a code). */
export const CLEAN_CLOSE_CODES: ReadonlySet<number> = new Set([1000, 1005]);

/** What is known about one ended connection; `ImapTransportError` carries the same fields. */
export interface ConnectionEnd {
  readonly reason: ConnectionEndReason;
  /** The close code the WebSocket reported; null when the driver ended it (text frame, subprotocol). */
  readonly closeCode: number | null;
  /** The status of a refused upgrade, as the refusal probe answered it; else null. */
  readonly httpStatus: number | null;
  /** Seconds to wait before trying again (`Retry-After`), when the gateway said. */
  readonly retryAfterS: number | null;
}

/** Reasons by a column of the table, built once. */
function indexBy<K>(column: (row: ConnectionEndRow) => K | null): ReadonlyMap<K, ConnectionEndReason> {
  const map = new Map<K, ConnectionEndReason>();
  for (const reason of Object.keys(TABLE) as ConnectionEndReason[]) {
    const key = column(TABLE[reason]);
    if (key !== null) map.set(key, reason);
  }
  return map;
}

const BY_LABEL = indexBy((row) => row.label);
const BY_CLOSE_CODE = indexBy((row) => row.closeCode);

/** The reason of a gateway refusal label (`ip_rate` → `ipRate`), or null for a label it does not know. */
export function reasonForLabel(label: string): ConnectionEndReason | null {
  return BY_LABEL.get(label) ?? null;
}

/** The reason of a close code the gateway sends, or null. 1005 counts as 1000. */
export function reasonForCloseCode(code: number): ConnectionEndReason | null {
  return BY_CLOSE_CODE.get(code === 1005 ? 1000 : code) ?? null;
}

/** The end of a WebSocket that was open and closed with `code`: its reason, or `unknown`. */
export function endOfClose(code: number): ConnectionEnd {
  return {
    reason: reasonForCloseCode(code) ?? "unknown",
    closeCode: code,
    httpStatus: null,
    retryAfterS: null,
  };
}

/** The sentence for `reason`, for a UI. */
export function describeConnectionEnd(reason: ConnectionEndReason): string {
  return TABLE[reason].message;
}
