/**
 * `@tagwire/imap/node`: the Node-only parts — the TCP/TLS driver (implicit TLS or STARTTLS), IMAP
 * URLs, and a one-call connect-and-login for scripts, tests and benchmarks.
 *
 * @example
 * import { openImap } from "@tagwire/imap/node";
 * const client = await openImap("imap://alice:secret@127.0.0.1:1143");
 * console.log(await client.list("", "*"));
 * await client.logout();
 */
/** Moved to `@tagwire/imap` and `@tagwire/imap/trace`; re-exported here for existing imports. */
export { parseCommandText } from "../src/index.js";
export { bytesToJson, describeData, formatTraceEvent, type Json, toJson } from "../src/trace/index.js";
export { isLoopbackHost, type OpenImapOptions, openImap } from "./open.js";
export {
  CLOSE_GRACE_MS,
  connectTcp,
  DEFAULT_CONNECT_TIMEOUT_MS,
  type TcpOptions,
  TcpTransport,
  type TlsOptions,
} from "./tcp.js";
export { type ImapUrl, parseImapUrl, redactUrl } from "./url.js";
