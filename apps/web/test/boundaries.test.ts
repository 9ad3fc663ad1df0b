/**
 * The web app's layers: `app` → `features/<name>` → `lib`, `components/ui`. Features never import
 * each other or the app, `lib` and `components` import neither, and only `lib/imap-client` imports
 * the protocol core. The sources are checked here, and the Biome rules that say the same
 * (`biome.json`, `noRestrictedImports` overrides) are proven to catch a violation.
 */
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = join(WEB, "src");
const ROOT = resolve(WEB, "../..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [
    ...text.matchAll(/(?:import|export)[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => (m[1] ?? m[2]) as string);
}

/** `features/<name>`, `app`, `lib/<name>`, `components`, or `testing` for a file under src. */
function layerOf(path: string): string {
  const parts = relative(SRC, path).split(/[\\/]/);
  if (parts[0] === "features" || parts[0] === "lib") return `${parts[0]}/${parts[1]}`;
  return parts[0] as string;
}

const files = sources(SRC).filter((f) => !/\.test\.tsx?$/.test(f));

describe("apps/web layers", () => {
  it("has sources in every layer", () => {
    const layers = new Set(files.map(layerOf));
    expect(layers).toContain("app");
    expect(layers).toContain("lib/imap-client");
    expect([...layers].filter((l) => l.startsWith("features/")).length).toBeGreaterThanOrEqual(3);
  });

  it.each(files.map((f) => [relative(SRC, f), f]))("%s imports only what its layer may", (_, file) => {
    const layer = layerOf(file);
    for (const specifier of imports(file)) {
      if (specifier.startsWith("@tagwire/imap")) expect(layer, specifier).toBe("lib/imap-client");
      if (!specifier.startsWith(".")) continue;
      const target = layerOf(resolve(dirname(file), specifier));
      if (layer.startsWith("features/")) {
        expect(target === layer || target.startsWith("lib/") || target === "components", specifier).toBe(
          true,
        );
      }
      if (layer.startsWith("lib/") || layer === "components") {
        expect(target.startsWith("features/") || target === "app", specifier).toBe(false);
      }
    }
  });
});

describe("the lint rules for the layers", () => {
  const probe = (path: string, specifier: string): string => {
    const dir = mkdtempSync(join(tmpdir(), "tagwire-boundaries-"));
    try {
      copyFileSync(join(ROOT, "biome.json"), join(dir, "biome.json"));
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `import { x } from "${specifier}";\n\nexport const y = x;\n`);
      try {
        execFileSync(join(ROOT, "node_modules/.bin/biome"), ["lint", "--vcs-enabled=false", path], {
          cwd: dir,
          encoding: "utf8",
          stdio: "pipe",
        });
        return "";
      } catch (error) {
        const { stdout, stderr } = error as { stdout: string; stderr: string };
        return `${stdout}${stderr}`;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it.each([
    ["apps/web/src/features/folders/probe.ts", "../messages/store", "Features never import each other"],
    ["apps/web/src/features/folders/probe.ts", "../../app/wiring", "Features never import"],
    ["apps/web/src/features/reader/probe.ts", "@tagwire/imap", "Only src/lib/imap-client"],
    ["apps/web/src/app/probe.ts", "@tagwire/imap/trace", "Only src/lib/imap-client"],
    [
      "apps/web/src/lib/mime/probe.ts",
      "../../features/reader/store",
      "lib/ and components/ are below features",
    ],
  ])("%s importing %s fails the lint", (path, specifier, message) => {
    expect(probe(path, specifier)).toContain(message);
  });

  it.each([
    ["apps/web/src/features/folders/probe.ts", "./store"],
    ["apps/web/src/features/folders/probe.ts", "../../lib/format/dates"],
    ["apps/web/src/lib/imap-client/probe.ts", "@tagwire/imap"],
  ])("%s importing %s passes", (path, specifier) => {
    expect(probe(path, specifier)).not.toMatch(/noRestrictedImports/);
  });
});
