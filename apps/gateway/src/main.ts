/**
 * Entry point: `pnpm --filter @tagwire/gateway start`. Loads and validates the configuration (exit
 * code 78, EX_CONFIG, with the list of problems on stderr), starts the gateway, and shuts it down
 * gracefully on SIGINT/SIGTERM (a second signal exits at once).
 */
import { loadConfig } from "./config.js";
import { ConfigError } from "./errors.js";
import { openFileLimitWarning } from "./fd-limit.js";
import { createJsonLogger } from "./log.js";
import { createGateway } from "./server.js";

/** sysexits.h EX_CONFIG: the configuration is wrong. */
const EXIT_CONFIG = 78;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw err;
  }
  const logger = createJsonLogger();
  // Sessions are independent: an unexpected error in one must not take the others down.
  process.on("uncaughtException", (err) => logger.error("uncaught exception", { error: String(err) }));
  process.on("unhandledRejection", (err) => logger.error("unhandled rejection", { error: String(err) }));

  const fdWarning = openFileLimitWarning(config.maxSessions);
  if (fdWarning !== null) logger.warn(fdWarning);

  const gateway = createGateway(config, { logger });
  const address = await gateway.listen();
  const scheme = config.tls === null ? "http" : "https";
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  logger.info("listening", {
    url: `${scheme}://${shown}:${address.port}`,
    servers: config.servers.map((s) => s.id).join(","),
    webRoot: config.webRoot ?? "(none: API only)",
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info("shutting down", { signal, sessions: gateway.sessionCount });
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  const code = (err as NodeJS.ErrnoException).code;
  process.stderr.write(`gateway failed to start: ${code ?? ""} ${(err as Error).message}\n`);
  process.exit(1);
});
