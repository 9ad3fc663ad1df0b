#!/usr/bin/env node
// Runs the compiled CLI; `pnpm --filter @tagwire/imap build` produces it.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cli = new URL("../dist/node/cli.js", import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error("tagwire-imap: not built yet; run `pnpm --filter @tagwire/imap build` first");
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
