/*
 * Renders the instance's dovecot.conf and passwd-file. Dovecot 2.3 is picky: one setting per line (it
 * rejects `{ port = N }` on one line), and as root its login processes must run as an unprivileged user.
 * The config only serves IMAP, on 127.0.0.1, from one plain and one implicit-TLS listener, with limits
 * raised for tests that open many connections and no delay after a failed login.
 */
import type { DovecotAccounts } from "./accounts.js";
import { hasControlCharacter } from "./text-checks.js";
import type { DovecotUser } from "./types.js";

/** Everything the config refers to. */
export interface ConfigParams {
  instanceName: string;
  baseDir: string;
  stateDir: string;
  logFile: string;
  passwdFile: string;
  /** Parent of the users' homes (`<homesDir>/<username>`). */
  homesDir: string;
  certFile: string;
  keyFile: string;
  imapPort: number;
  imapsPort: number;
  accounts: DovecotAccounts;
  /** Appended verbatim. */
  extra?: string;
}

/** Special-use mailboxes, auto-created and auto-subscribed. */
export const SPECIAL_USE: ReadonlyArray<readonly [string, string]> = [
  ["Drafts", "\\Drafts"],
  ["Sent", "\\Sent"],
  ["Trash", "\\Trash"],
  ["Junk", "\\Junk"],
  ["Archive", "\\Archive"],
];

/** Connections one user may hold from one IP (Dovecot's default, 10, is too low for tests). */
export const MAX_USERIP_CONNECTIONS = 1000;

const SAFE_PATH = /^[^\s"'\\#{}$%]+$/;

function path(value: string): string {
  if (!SAFE_PATH.test(value))
    throw new Error(`Path ${JSON.stringify(value)} cannot be written into dovecot.conf`);
  return value;
}

/**
 * Check a user for the passwd-file and the home folder: a lowercase username (Dovecot lowercases logins)
 * of letters, digits and `._@+-`; a password without `:` or control characters.
 */
export function assertUser(user: DovecotUser): void {
  if (!/^[a-z0-9][a-z0-9._@+-]{0,63}$/.test(user.username)) {
    throw new Error(
      `Username ${JSON.stringify(user.username)} must be 1-64 lowercase letters, digits or ._@+- (starting with a letter or digit)`,
    );
  }
  if (user.password.length === 0 || user.password.includes(":") || hasControlCharacter(user.password)) {
    throw new Error(`Password of ${user.username} must be non-empty, without ":" or control characters`);
  }
}

/** The passwd-file: `user:{PLAIN}password` per line. */
export function renderPasswd(users: readonly DovecotUser[]): string {
  return users
    .map((user) => {
      assertUser(user);
      return `${user.username}:{PLAIN}${user.password}\n`;
    })
    .join("");
}

/** The complete dovecot.conf. */
export function renderConfig(p: ConfigParams): string {
  const { login, internal, mail, root } = p.accounts;
  const chroot = root ? [] : ["  chroot ="];
  const lines = [
    `# Generated for a throwaway instance; removed when it stops.`,
    `instance_name = ${p.instanceName}`,
    `base_dir = ${path(p.baseDir)}`,
    `state_dir = ${path(p.stateDir)}`,
    `log_path = ${path(p.logFile)}`,
    `protocols = imap`,
    `listen = 127.0.0.1`,
    `shutdown_clients = yes`,
    "",
    `default_login_user = ${login.name}`,
    `default_internal_user = ${internal.name}`,
    `default_internal_group = ${internal.group}`,
    `first_valid_uid = 1`,
    `first_valid_gid = 1`,
    "",
    `disable_plaintext_auth = no`,
    `auth_mechanisms = plain login`,
    `auth_failure_delay = 0`,
    `passdb {`,
    `  driver = passwd-file`,
    `  args = scheme=PLAIN username_format=%u ${path(p.passwdFile)}`,
    `}`,
    `userdb {`,
    `  driver = static`,
    `  args = uid=${mail.uid} gid=${mail.gid} home=${path(p.homesDir)}/%u`,
    `}`,
    "",
    `ssl = yes`,
    `ssl_cert = <${path(p.certFile)}`,
    `ssl_key = <${path(p.keyFile)}`,
    `ssl_min_protocol = TLSv1.2`,
    "",
    `mail_location = maildir:~/Maildir`,
    `mail_fsync = never`,
    `namespace inbox {`,
    `  inbox = yes`,
    `  separator = /`,
    ...SPECIAL_USE.flatMap(([name, use]) => [
      `  mailbox ${name} {`,
      `    special_use = ${use}`,
      `    auto = subscribe`,
      `  }`,
    ]),
    `}`,
    "",
    `protocol imap {`,
    `  mail_max_userip_connections = ${MAX_USERIP_CONNECTIONS}`,
    `}`,
    // High-performance login mode: one process serves every pre-login and TLS-proxied connection, so
    // many parallel connections cost no fork each.
    `service imap-login {`,
    `  service_count = 0`,
    `  process_min_avail = 1`,
    `  client_limit = 2000`,
    `  inet_listener imap {`,
    `    address = 127.0.0.1`,
    `    port = ${p.imapPort}`,
    `  }`,
    `  inet_listener imaps {`,
    `    address = 127.0.0.1`,
    `    port = ${p.imapsPort}`,
    `    ssl = yes`,
    `  }`,
    ...chroot,
    `}`,
    `service imap {`,
    `  process_limit = 2048`,
    `}`,
    ...(root ? [] : [`service anvil {`, ...chroot, `}`]),
    "",
  ];
  if (p.extra !== undefined && p.extra.trim().length > 0) lines.push("# Extra settings", p.extra.trim(), "");
  return lines.join("\n");
}
