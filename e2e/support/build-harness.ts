/**
 * Builds the harness page into a folder the gateway serves as its web root: `index.html` and
 * `harness.js`, the esbuild bundle of `harness/main.ts` with `@tagwire/imap` inside, unchanged. The
 * script is a file, never inline, because the gateway's CSP allows scripts from its own origin only.
 */
import { copyFile, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const HARNESS_DIR = fileURLToPath(new URL("../harness/", import.meta.url));

/** Writes the harness into `outDir` (emptied first). */
export async function buildHarness(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [join(HARNESS_DIR, "main.ts")],
    outfile: join(outDir, "harness.js"),
    bundle: true,
    format: "esm",
    // The core must run in the browser as it is: no Node built-ins, no shims.
    platform: "browser",
    target: "es2022",
    sourcemap: "linked",
    logLevel: "warning",
  });
  await copyFile(join(HARNESS_DIR, "index.html"), join(outDir, "index.html"));
}
