/**
 * `@tagwire/imap/node`: the Node-only parts — the TCP/TLS driver, IMAP URLs, and a one-call
 * connect-and-login for scripts, tests and benchmarks.
 *
 * @example
 * import { openImap } from "@tagwire/imap/node";
 * const client = await openImap("imap://alice:secret@127.0.0.1:1143");
 * console.log(await client.list("", "*"));
 * await client.logout();
 */
import { ImapClient, type ImapClientOptions } from "../src/index.js";
import { connectTcp, type TlsOptions } from "./tcp.js";
import { type ImapUrl, parseImapUrl } from "./url.js";

/** Moved to `@tagwire/imap` and `@tagwire/imap/trace`; re-exported here for existing imports. */
export { parseCommandText } from "../src/index.js";
export { bytesToJson, describeData, formatTraceEvent, type Json, toJson } from "../src/trace/index.js";
export {
  CLOSE_GRACE_MS,
  connectTcp,
  DEFAULT_CONNECT_TIMEOUT_MS,
  type TcpOptions,
  TcpTransport,
  type TlsOptions,
} from "./tcp.js";
export { type ImapUrl, parseImapUrl, redactUrl } from "./url.js";

export interface OpenImapOptions extends ImapClientOptions {
  /** TLS settings for imaps:// (CA to trust, SNI name). */
  readonly tls?: TlsOptions;
  readonly connectTimeoutMs?: number;
}

/**
 * Connects to an `imap://` / `imaps://` URL, waits for the greeting and, when the URL names a user
 * and password, logs in. On failure the connection is closed and the error rethrown.
 */
export async function openImap(url: string | ImapUrl, options: OpenImapOptions = {}): Promise<ImapClient> {
  const target = typeof url === "string" ? parseImapUrl(url) : url;
  const transport = await connectTcp({
    host: target.host,
    port: target.port,
    ...(target.secure ? { tls: options.tls ?? {} } : {}),
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
  });
  const client = new ImapClient(transport, options);
  try {
    await client.connect();
    if (target.username !== null && target.password !== null) {
      await client.login(target.username, target.password, { mechanism: target.mechanism });
    }
    return client;
  } catch (error) {
    client.disconnect();
    throw error;
  }
}
