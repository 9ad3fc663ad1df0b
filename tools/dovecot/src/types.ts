/** An IMAP account on the throwaway server. */
export interface DovecotUser {
  /** Login name; also the name of the user's home folder (letters, digits and `._@+-`). */
  username: string;
  /** Stored as `{PLAIN}` in the passwd-file; must not contain `:` or control characters. */
  password: string;
}

/** One message written into a Maildir before the server starts. */
export interface SeedMessage {
  username: string;
  /** IMAP mailbox name, hierarchy separator `/` (e.g. `INBOX`, `Archive/2023`, `Entwürfe`). */
  mailbox: string;
  /** Raw RFC 5322 bytes; CRLF is stored as LF, as Maildir expects. */
  message: Uint8Array | string;
  /** System flags (`\Seen`, `\Answered`, `\Flagged`, `\Deleted`, `\Draft`) and keywords (`$Forwarded`...). */
  flags?: readonly string[];
  /** INTERNALDATE; defaults to the message's `Date:` header, else 2024-01-01T00:00:00Z. */
  internalDate?: Date;
}

/** A generated folder of many realistic messages for large-mailbox demos and benchmarks. */
export interface BulkOptions {
  /** How many messages to generate. */
  count: number;
  /** Owner; defaults to the first user. */
  username?: string;
  /** Target mailbox; defaults to `Bulk`. */
  mailbox?: string;
  /** PRNG seed: the same seed and count always give the same bytes. Defaults to 1. */
  seed?: number;
}

/** Fine-grained seeding: fixtures, generated bulk mail and extra messages, combined. */
export interface SeedOptions {
  /** The repository's fixture mail (`tools/dovecot/fixtures`). Defaults to true. */
  fixtures?: boolean;
  /** A generated folder: a message count, or full options. */
  bulk?: number | BulkOptions;
  /** Extra messages, written after the fixtures. */
  messages?: readonly SeedMessage[];
}

/** Options of {@link startDovecot}; every field is optional. */
export interface StartOptions {
  /** Accounts; defaults to the fixture users (alice and bob). */
  users?: readonly DovecotUser[];
  /**
   * What to put in the mailboxes before start: `true` (default) the fixtures, `false` nothing,
   * an array exactly those messages, or {@link SeedOptions} to combine fixtures, bulk mail and messages.
   * Fixture messages of users not in `users` are skipped.
   */
  seed?: boolean | readonly SeedMessage[] | SeedOptions;
  /** Fixed plain IMAP port (e.g. for a demo); defaults to a free port. */
  imapPort?: number;
  /** Fixed implicit-TLS IMAP port; defaults to a free port. */
  imapsPort?: number;
  /**
   * Key of the self-signed certificate: `rsa` (RSA 2048, default) or `ec` (P-256, about 30x faster
   * to generate, for suites that start many instances).
   */
  tlsKey?: "rsa" | "ec";
  /** UIDVALIDITY of the seeded mailboxes; defaults to the start time in seconds, as Dovecot does. */
  uidValidity?: number;
  /** Extra dovecot.conf text appended to the generated file (one setting per line). */
  config?: string;
  /** Parent of the instance folder; defaults to `os.tmpdir()`. Every ancestor must be world-traversable. */
  tmpDir?: string;
  /** Keep the instance folder after stop() for debugging. Also on with `TAGWIRE_DOVECOT_KEEP=1`. */
  keep?: boolean;
  /** Path of the dovecot binary; defaults to `/usr/sbin/dovecot`. */
  binary?: string;
  /** How long to wait for both listeners to greet, in ms. Defaults to 15000. */
  startTimeoutMs?: number;
}

/** Options of {@link Dovecot.deliver}. */
export interface DeliverOptions {
  /** Flags to set on the appended message. */
  flags?: readonly string[];
  /** INTERNALDATE of the appended message. */
  internalDate?: Date;
}

/** A running throwaway Dovecot. */
export interface Dovecot {
  host: "127.0.0.1";
  /** Plain IMAP port (LOGIN and AUTHENTICATE PLAIN allowed without TLS). */
  imapPort: number;
  /** Implicit-TLS IMAP port. */
  imapsPort: number;
  /** PEM of the self-signed certificate (CN and SAN = localhost and 127.0.0.1), to trust in TLS clients. */
  caPem: string;
  /** Path of the same PEM, for tools that take a CA file. */
  caFile: string;
  /** The accounts, with their passwords. */
  users: DovecotUser[];
  /** The instance folder (config, certificate, mail, log); removed by stop(). */
  dir: string;
  /** Dovecot's log file, handy when a test fails. */
  logFile: string;
  /**
   * Append raw RFC 5322 bytes to a user's mailbox, e.g. to trigger IDLE EXISTS (uses IMAP over the plain
   * port, a tiny inline client with node:net, no dependency on @tagwire/imap). Creates the mailbox when
   * missing. Resolves with the new message's UID.
   */
  deliver(
    username: string,
    mailbox: string,
    message: Uint8Array | string,
    options?: DeliverOptions,
  ): Promise<number>;
  /** Kill Dovecot and every process it started, wait for them to exit, remove the folder. Idempotent. */
  stop(): Promise<void>;
}
