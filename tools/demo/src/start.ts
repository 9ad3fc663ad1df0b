/**
 * `pnpm start`: builds the web app and serves it with the gateway on http://localhost:8080. Without
 * IMAP_URL (or TAGWIRE_CONFIG) it also starts the demo Dovecot, seeded with the demo mailbox, and
 * offers the demo account; with it, the environment goes to the gateway as it is. SIGINT, SIGTERM,
 * SIGHUP or the end of the parent process stop everything that was started; a second signal stops
 * Dovecot and exits at once.
 */
import type { Dovecot } from "@tagwire/dovecot";
import { ConfigError, createGateway, createJsonLogger, type Gateway, loadConfig } from "@tagwire/gateway";
import { DEMO_USER } from "./account.js";
import { startDemoDovecot } from "./start-demo-dovecot.js";
import { browserUrl, demoEnv, hasOwnServer } from "./start-env.js";
import { buildWeb } from "./web-build.js";

/** sysexits.h EX_CONFIG, as the gateway's own entry point uses. */
const EXIT_CONFIG = 78;

const say = (line: string) => process.stderr.write(`[tagwire] ${line}\n`);

const own = hasOwnServer(process.env);
const build = buildWeb();
const starting: Promise<Dovecot> | null = own ? null : startDemoDovecot();
let gateway: Gateway | null = null;
let stopping = false;

/** Stops what was started (a Dovecot still starting is stopped once it is up). */
async function stopAll(): Promise<void> {
  build.cancel();
  await gateway?.close(starting === null ? {} : { drainMs: 0 }).catch(() => {});
  await starting?.then(
    (dovecot) => dovecot.stop(),
    () => {},
  );
}

function onSignal(signal: string): void {
  if (stopping) {
    void stopDovecotOnly().finally(() => process.exit(130));
    return;
  }
  stopping = true;
  say(`${signal}: stopping`);
  stopAll().then(
    () => process.exit(0),
    (error: unknown) => {
      say(`stop failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}

async function stopDovecotOnly(): Promise<void> {
  await starting?.then(
    (dovecot) => dovecot.stop(),
    () => {},
  );
}

async function main(): Promise<void> {
  const began = performance.now();
  const [, demo] = await Promise.all([build.done, starting]);
  if (stopping) return;
  const env = demo === null ? process.env : demoEnv(process.env, demo.imapPort);
  const config = loadConfig(env);
  gateway = createGateway(config, { logger: createJsonLogger(process.stderr) });
  const address = await gateway.listen();
  const url = browserUrl(config.tls === null ? "http" : "https", config.host, address.port);
  const ready = `ready in ${((performance.now() - began) / 1000).toFixed(1)} s, Ctrl-C stops`;
  if (demo !== null) {
    process.stdout.write(
      `Tagwire demo: open ${url} and sign in as ${DEMO_USER.username} / ${DEMO_USER.password} (${ready})\n`,
    );
  } else {
    const servers = config.servers.map((s) => `${s.imap.host}:${s.imap.port}`).join(", ");
    process.stdout.write(`Tagwire: open ${url} to read mail on ${servers} (${ready})\n`);
  }
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);
// `pnpm start` runs this under a shell; when pnpm is killed alone the shell goes and this process is
// orphaned without a signal: stop then too.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent && !stopping) onSignal("parent process gone");
}, 500).unref();
main().catch(async (error: unknown) => {
  if (stopping) return;
  stopping = true;
  if (error instanceof ConfigError) say(error.message);
  else if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
    say("the port is in use: choose another one, e.g. PORT=8081 pnpm start");
  else say((error as Error).message);
  await stopAll().catch(() => {});
  process.exit(error instanceof ConfigError ? EXIT_CONFIG : 1);
});
