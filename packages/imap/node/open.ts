/**
 * `openImap`: connect, secure, greet and log in from one URL — for scripts, tests and benchmarks.
 *
 * Credentials never travel in clear by accident: over plain `imap://` they go only to a loopback
 * host; anywhere else the URL must say `?starttls` (upgrade first, certificate verified) or
 * `?insecure` (or the option `allowPlaintextLogin`), and otherwise nothing is sent at all.
 */
import { ImapClient, type ImapClientOptions, ImapLocalError } from "../src/index.js";
import { connectTcp, type TlsOptions } from "./tcp.js";
import { type ImapUrl, parseImapUrl } from "./url.js";

export interface OpenImapOptions extends ImapClientOptions {
  /** TLS settings for imaps:// and ?starttls (CA to trust, SNI name). */
  readonly tls?: TlsOptions;
  readonly connectTimeoutMs?: number;
  /** Send credentials in clear to a host that is not loopback (as `?insecure` does). Default false. */
  readonly allowPlaintextLogin?: boolean;
}

/** Whether `host` is this machine: `localhost`, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Connects to an `imap://` / `imaps://` URL, upgrades with STARTTLS when it says `?starttls`,
 * waits for the greeting and, when the URL names a user and password, logs in. Rejects with
 * IMAP_ERR_INSECURE, before connecting, when the password would go in clear to a host that is not
 * loopback. On any failure the connection is closed and the error rethrown.
 */
export async function openImap(url: string | ImapUrl, options: OpenImapOptions = {}): Promise<ImapClient> {
  const target = typeof url === "string" ? parseImapUrl(url) : url;
  const login = target.username !== null && target.password !== null;
  const inClear = !target.secure && !target.starttls;
  if (
    login &&
    inClear &&
    !isLoopbackHost(target.host) &&
    !target.insecure &&
    options.allowPlaintextLogin !== true
  ) {
    throw new ImapLocalError(
      "IMAP_ERR_INSECURE",
      `refusing to send the password in clear to ${target.host}: use imaps://, imap://${target.host}?starttls, or ?insecure`,
    );
  }
  const transport = await connectTcp({
    host: target.host,
    port: target.port,
    ...(target.secure ? { tls: options.tls ?? {} } : {}),
    ...(target.starttls ? { starttls: options.tls ?? {} } : {}),
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
  });
  const client = new ImapClient(transport, options);
  try {
    await client.connect();
    if (target.starttls) await client.startTls();
    if (login) {
      await client.login(target.username as string, target.password as string, {
        mechanism: target.mechanism,
      });
    }
    return client;
  } catch (error) {
    client.disconnect();
    throw error;
  }
}
