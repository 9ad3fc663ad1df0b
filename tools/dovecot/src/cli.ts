/*
 * tagwire-dovecot: start a throwaway Dovecot and keep it running until SIGINT/SIGTERM.
 * Prints one JSON line (host, ports, caFile, users, dir, logFile, startupMs) on stdout once both listeners
 * greet, so scripts can read it; progress and errors go to stderr.
 *
 *   pnpm --filter @tagwire/dovecot start [-- --bulk 5000 --bulk-mailbox INBOX --imap-port 1143]
 */
import { parseArgs } from "node:util";
import { startDovecot } from "./start-dovecot.js";
import type { SeedOptions, StartOptions } from "./types.js";
import { dovecotInfo } from "./vitest-setup.js";

const USAGE = `Usage: tagwire-dovecot [options]
  --bulk <n>              add <n> generated messages (default mailbox "Bulk" of the first user)
  --bulk-mailbox <name>   mailbox for the generated messages
  --bulk-user <name>      owner of the generated messages
  --no-fixtures           do not seed the fixture mail
  --imap-port <port>      fixed plain IMAP port (default: a free port)
  --imaps-port <port>     fixed implicit-TLS IMAP port (default: a free port)
  --tls-key <rsa|ec>      key type of the self-signed certificate (default rsa)
  --keep                  keep the instance folder after stopping
  -h, --help              show this help`;

function port(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0 || number > 65535)
    throw new Error(`${name} must be a port number`);
  return number;
}

function options(argv: string[]): StartOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      bulk: { type: "string" },
      "bulk-mailbox": { type: "string" },
      "bulk-user": { type: "string" },
      "no-fixtures": { type: "boolean" },
      "imap-port": { type: "string" },
      "imaps-port": { type: "string" },
      "tls-key": { type: "string" },
      keep: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help === true) return undefined;
  const seed: SeedOptions = { fixtures: values["no-fixtures"] !== true };
  if (values.bulk !== undefined) {
    const count = Number(values.bulk);
    if (!Number.isSafeInteger(count) || count < 0) throw new Error("--bulk must be a whole number");
    seed.bulk = {
      count,
      ...(values["bulk-mailbox"] === undefined ? {} : { mailbox: values["bulk-mailbox"] }),
      ...(values["bulk-user"] === undefined ? {} : { username: values["bulk-user"] }),
    };
  }
  const tlsKey = values["tls-key"];
  if (tlsKey !== undefined && tlsKey !== "rsa" && tlsKey !== "ec")
    throw new Error("--tls-key must be rsa or ec");
  const imapPort = port(values["imap-port"], "--imap-port");
  const imapsPort = port(values["imaps-port"], "--imaps-port");
  return {
    seed,
    ...(imapPort === undefined ? {} : { imapPort }),
    ...(imapsPort === undefined ? {} : { imapsPort }),
    ...(tlsKey === undefined ? {} : { tlsKey }),
    ...(values.keep === true ? { keep: true } : {}),
  };
}

async function main(): Promise<void> {
  let startOptions: StartOptions | undefined;
  try {
    const argv = process.argv.slice(2);
    // `pnpm start -- --flag` passes the "--" through.
    startOptions = options(argv[0] === "--" ? argv.slice(1) : argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (startOptions === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const began = performance.now();
  const dovecot = await startDovecot(startOptions);
  const startupMs = Math.round(performance.now() - began);
  process.stdout.write(
    `${JSON.stringify({ ...dovecotInfo(dovecot), caPem: undefined, dir: dovecot.dir, logFile: dovecot.logFile, startupMs })}\n`,
  );
  process.stderr.write(
    `[dovecot] imap://127.0.0.1:${dovecot.imapPort} and imaps://127.0.0.1:${dovecot.imapsPort} ready in ${startupMs} ms; Ctrl-C stops\n`,
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[dovecot] ${signal}: stopping\n`);
    dovecot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`[dovecot] stop failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`[dovecot] ${(error as Error).message}\n`);
  process.exit(1);
});
