/*
 * startDovecot: one throwaway Dovecot per call, fully isolated in its own temp folder.
 *
 *   <tmp>/tagwire-dovecot-XXXXXX/     mode 755 (Dovecot's mail user must traverse it)
 *     dovecot.conf  passwd            generated config; passwd-file with {PLAIN} passwords
 *     tls/cert.pem  tls/key.pem       self-signed, made by openssl at start
 *     run/  state/  dovecot.log       base_dir, state_dir, log_path
 *     home/<user>/Maildir/            seeded before start, owned by the mail user
 *
 * Start-up runs the slow parts concurrently (key generation, Maildir writing, port discovery), then spawns
 * `dovecot -F -c dovecot.conf` as a process group (see process-group.ts) and waits until both listeners
 * greet. If the server exits or stays silent, the error carries stderr and the log tail. Free ports are found
 * by binding port 0; if another process grabs one first, start-up retries with new ports.
 */
import { chmod, chown, mkdir, mkdtemp, readFile, realpath, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type DovecotAccounts, resolveAccounts } from "./accounts.js";
import { findDovecot } from "./binary.js";
import { assertUser, renderConfig, renderPasswd } from "./config.js";
import { deliverMessage } from "./deliver.js";
import { fixtureUsers } from "./fixtures.js";
import { writeMaildir } from "./maildir.js";
import { freePorts } from "./ports.js";
import { type ProcessGroup, spawnGroup } from "./process-group.js";
import { waitForGreeting } from "./readiness.js";
import { resolveSeed } from "./seed.js";
import { makeSelfSignedCertificate } from "./tls-cert.js";
import type { Dovecot, DovecotUser, StartOptions } from "./types.js";

const HOST = "127.0.0.1";
const PORT_ATTEMPTS = 3;

/** Lines of dovecot.log quoted in start-up errors. */
const LOG_TAIL_LINES = 30;

async function tail(path: string, lines: number): Promise<string> {
  const text = await readFile(path, "utf8").catch(() => "");
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** As root, every ancestor of the instance folder must let Dovecot's mail user in (o+x). */
async function assertTraversable(dir: string): Promise<void> {
  let current = await realpath(dir);
  for (;;) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `Dovecot's mail user cannot traverse ${current} (mode ${(mode & 0o777).toString(8)}); ` +
          "choose a temp folder whose parents are world-traversable (e.g. TMPDIR=/tmp or the tmpDir option)",
      );
    }
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

function checkUsers(users: readonly DovecotUser[]): DovecotUser[] {
  if (users.length === 0) throw new Error("startDovecot needs at least one user");
  const seen = new Set<string>();
  return users.map((user) => {
    assertUser(user);
    if (seen.has(user.username)) throw new Error(`User ${user.username} is listed twice`);
    seen.add(user.username);
    return { username: user.username, password: user.password };
  });
}

function checkPort(port: number | undefined, name: string): void {
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new Error(`${name} must be a TCP port number, got ${port}`);
  }
}

async function seedMail(
  homesDir: string,
  users: readonly DovecotUser[],
  options: StartOptions,
  accounts: DovecotAccounts,
): Promise<void> {
  const plan = await resolveSeed(options.seed, users);
  const uidValidity = options.uidValidity ?? Math.floor(Date.now() / 1000);
  const owner = accounts.root ? { uid: accounts.mail.uid, gid: accounts.mail.gid } : undefined;
  await Promise.all(
    users.map((user) => {
      const seed = plan.get(user.username);
      return writeMaildir(join(homesDir, user.username), seed?.messages ?? [], {
        uidValidity,
        mailboxes: seed?.mailboxes ?? [],
        ...(owner === undefined ? {} : { owner }),
      });
    }),
  );
}

/**
 * Start a throwaway Dovecot on 127.0.0.1 with a plain and an implicit-TLS IMAP listener, the given users
 * (default: the fixture users alice and bob) and seeded mail (default: the fixtures). Resolves once both
 * listeners greet. Call {@link Dovecot.stop} when done; if the process ends first, Dovecot is killed anyway.
 *
 * @example
 * const dovecot = await startDovecot({ seed: { bulk: 500 } });
 * // connect to dovecot.host:dovecot.imapsPort trusting dovecot.caPem, log in as dovecot.users[0]
 * await dovecot.stop();
 */
export async function startDovecot(options: StartOptions = {}): Promise<Dovecot> {
  checkPort(options.imapPort, "imapPort");
  checkPort(options.imapsPort, "imapsPort");
  const [binary, accounts, users] = await Promise.all([
    findDovecot(options.binary),
    resolveAccounts(),
    options.users === undefined ? fixtureUsers() : Promise.resolve(options.users),
  ]);
  const checkedUsers = checkUsers(users);
  const keep = options.keep ?? process.env.TAGWIRE_DOVECOT_KEEP === "1";
  const parent = options.tmpDir ?? tmpdir();
  if (accounts.root) await assertTraversable(parent);

  const dir = await mkdtemp(join(parent, "tagwire-dovecot-"));
  const paths = {
    config: join(dir, "dovecot.conf"),
    passwd: join(dir, "passwd"),
    tls: join(dir, "tls"),
    baseDir: join(dir, "run"),
    stateDir: join(dir, "state"),
    homes: join(dir, "home"),
    log: join(dir, "dovecot.log"),
  };
  let group: ProcessGroup | undefined;
  try {
    await chmod(dir, 0o755);
    await Promise.all(
      [paths.tls, paths.baseDir, paths.stateDir, paths.homes].map((path) => mkdir(path, { mode: 0o755 })),
    );
    await chmod(paths.homes, 0o755);
    const [certificate] = await Promise.all([
      makeSelfSignedCertificate(paths.tls, options.tlsKey ?? "rsa"),
      seedMail(paths.homes, checkedUsers, options, accounts),
      writeFile(paths.passwd, renderPasswd(checkedUsers), { mode: 0o640 }).then(() =>
        accounts.root ? chown(paths.passwd, 0, accounts.internal.gid) : undefined,
      ),
    ]);

    const fixedPorts = options.imapPort !== undefined && options.imapsPort !== undefined;
    for (let attempt = 1; ; attempt++) {
      const free = fixedPorts ? [] : await freePorts(2, HOST);
      const imapPort = options.imapPort ?? (free[0] as number);
      const imapsPort = options.imapsPort ?? (free[1] as number);
      await writeFile(
        paths.config,
        renderConfig({
          instanceName: `tagwire-${dir.slice(-6)}`,
          baseDir: paths.baseDir,
          stateDir: paths.stateDir,
          logFile: paths.log,
          passwdFile: paths.passwd,
          homesDir: paths.homes,
          certFile: certificate.certFile,
          keyFile: certificate.keyFile,
          imapPort,
          imapsPort,
          accounts,
          ...(options.config === undefined ? {} : { extra: options.config }),
        }),
      );
      if (attempt > 1) await rm(paths.log, { force: true });
      const started = spawnGroup(binary, ["-F", "-c", paths.config], keep ? {} : { cleanupDir: dir });
      group = started;
      const deadline = Date.now() + (options.startTimeoutMs ?? 15_000);
      try {
        await Promise.all([
          waitForGreeting({ host: HOST, port: imapPort }, deadline, started.exited),
          waitForGreeting(
            { host: HOST, port: imapsPort, tlsCa: certificate.certPem },
            deadline,
            started.exited,
          ),
        ]);
      } catch (error) {
        const status = started.hasExited() ? await started.exited : undefined;
        await started.stop();
        group = undefined;
        const log = await tail(paths.log, LOG_TAIL_LINES);
        const stderr = started.stderrTail().trim();
        // Retry only when a port we picked (not one the caller fixed) was taken in the meantime.
        const taken = /listen\(127\.0\.0\.1, (\d+)\) failed: Address already in use/.exec(
          `${log}\n${stderr}`,
        )?.[1];
        const pickedPortTaken =
          taken !== undefined && ![options.imapPort, options.imapsPort].includes(Number(taken));
        if (pickedPortTaken && attempt < PORT_ATTEMPTS) continue;
        const reason =
          status === undefined
            ? (error as Error).message
            : `dovecot exited (${status.signal ?? `code ${status.code}`}) before both listeners greeted`;
        throw new Error(
          `Dovecot failed to start: ${reason}` +
            (stderr.length > 0 ? `\n--- dovecot stderr ---\n${stderr}` : "") +
            `\n--- ${paths.log} (last ${LOG_TAIL_LINES} lines) ---\n${log || "(empty)"}`,
        );
      }
      return instance({
        dir,
        paths,
        group: started,
        users: checkedUsers,
        imapPort,
        imapsPort,
        caPem: certificate.certPem,
        caFile: certificate.certFile,
        keep,
      });
    }
  } catch (error) {
    await group?.stop();
    if (!keep) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    throw error;
  }
}

interface InstanceParts {
  dir: string;
  paths: { log: string };
  group: ProcessGroup;
  users: DovecotUser[];
  imapPort: number;
  imapsPort: number;
  caPem: string;
  caFile: string;
  keep: boolean;
}

function instance(parts: InstanceParts): Dovecot {
  const { dir, group, users, imapPort, keep } = parts;
  let stopping: Promise<void> | undefined;
  return {
    host: HOST,
    imapPort,
    imapsPort: parts.imapsPort,
    caPem: parts.caPem,
    caFile: parts.caFile,
    users: users.map((user) => ({ ...user })),
    dir,
    logFile: parts.paths.log,
    async deliver(username, mailbox, message, deliverOptions) {
      if (stopping !== undefined) throw new Error("deliver() after stop()");
      const user = users.find((candidate) => candidate.username === username);
      if (user === undefined) throw new Error(`deliver(): unknown user ${JSON.stringify(username)}`);
      return deliverMessage({ host: HOST, port: imapPort, user }, mailbox, message, deliverOptions);
    },
    stop() {
      stopping ??= (async () => {
        await group.stop();
        if (!keep) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
      })();
      return stopping;
    },
  };
}
