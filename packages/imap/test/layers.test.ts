/**
 * The layers of `@tagwire/imap`, enforced: a file may import only from the layers below its own (and
 * its own). `errors.ts` and `text/` are leaves; `types/` (the model) cannot import its codec;
 * `trace/` renders session events but may import only their types; the Node entry and the CLI go
 * through the public entries only.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMAND_ERROR_CODES, LOCAL_ERROR_CODES, REMOTE_ERROR_CODES } from "../src/errors.js";

const ROOT = resolve(import.meta.dirname, "..");

/** Layer of each source path (relative to the package), and what it may import. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  errors: [],
  text: ["errors"],
  types: ["errors", "text"],
  codec: ["errors", "text", "types"],
  "command-text": ["errors", "text", "types", "codec"],
  session: ["errors", "text", "types", "codec"],
  trace: ["errors", "text", "types"],
  client: ["errors", "text", "types", "codec", "session"],
  drivers: ["errors", "client"],
  index: ["errors", "text", "types", "codec", "command-text", "session", "trace", "client", "drivers"],
};

/** Imports allowed as `import type` only: trace renders session events. */
const TYPE_ONLY: Readonly<Record<string, readonly string[]>> = { trace: ["session"] };

/** Entries that code outside `src/` (node/, the CLI) may import. */
const PUBLIC_ENTRIES = ["src/index.ts", "src/trace/index.ts"];

function layerOf(path: string): string | null {
  const parts = path.split("/");
  if (parts[0] !== "src") return null;
  if (parts.length === 2) return (parts[1] as string).replace(/\.ts$/, "");
  return parts[1] as string;
}

interface Import {
  readonly from: string;
  readonly target: string;
  readonly typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const out: Import[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^;"]*?\s+from\s+)?"([^"]+)"/g;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const specifier = m[2] as string;
    if (!specifier.startsWith(".")) continue;
    const target = relative(ROOT, resolve(ROOT, file, "..", specifier)).replace(/\.js$/, ".ts");
    out.push({ from: file, target, typeOnly: m[1] !== undefined });
  }
  return out;
}

/** The rule an import breaks, or null. */
function violation(imp: Import): string | null {
  const from = layerOf(imp.from);
  const to = layerOf(imp.target);
  if (from === null) {
    if (imp.target.startsWith("src/") && !PUBLIC_ENTRIES.includes(imp.target)) {
      return `${imp.from} imports ${imp.target}; outside src/ use ${PUBLIC_ENTRIES.join(" or ")}`;
    }
    return null;
  }
  if (to === null || to === from) return null;
  if (ALLOWED[from]?.includes(to) === true) return null;
  if (imp.typeOnly && TYPE_ONLY[from]?.includes(to) === true) return null;
  return `${imp.from} (${from}) imports ${imp.target} (${to})`;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sources(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

describe("layers of @tagwire/imap", () => {
  it("knows every folder of src/", () => {
    const layers = new Set(sources("src").map((f) => layerOf(f)));
    for (const layer of layers) expect(Object.keys(ALLOWED)).toContain(layer);
  });

  it("has no import from a layer above", () => {
    const broken = [...sources("src"), ...sources("node")]
      .flatMap(importsOf)
      .map(violation)
      .filter((v) => v !== null);
    expect(broken).toEqual([]);
  });

  it("reads multi-line and type-only imports", () => {
    const imports = importsOf("src/session/session.ts");
    expect(imports.map((i) => i.target)).toContain("src/codec/decoder.ts");
    expect(imports.find((i) => i.target === "src/session/events.ts")?.typeOnly).toBe(true);
    expect(
      importsOf("src/trace/format.ts").every((i) => i.target !== "src/session/events.ts" || i.typeOnly),
    ).toBe(true);
  });

  it("catches the imports it is meant to catch", () => {
    const check = (from: string, target: string, typeOnly = false) => violation({ from, target, typeOnly });
    expect(check("src/types/values.ts", "src/codec/text.ts")).not.toBeNull();
    expect(check("src/errors.ts", "src/types/command.ts")).not.toBeNull();
    expect(check("src/session/session.ts", "src/client/client.ts")).not.toBeNull();
    expect(check("src/trace/format.ts", "src/session/events.ts")).not.toBeNull();
    expect(check("src/trace/format.ts", "src/session/events.ts", true)).toBeNull();
    expect(check("node/cli.ts", "src/session/capabilities.ts")).not.toBeNull();
    expect(check("node/cli.ts", "src/index.ts")).toBeNull();
    expect(check("src/client/client.ts", "src/session/session.ts")).toBeNull();
  });
});

describe("error classes", () => {
  it("give every code to exactly one class", () => {
    const all = [...LOCAL_ERROR_CODES, ...REMOTE_ERROR_CODES, ...COMMAND_ERROR_CODES];
    expect(new Set(all).size).toBe(all.length);
  });

  it("are constructed with codes of their own class only", () => {
    const wrong: string[] = [];
    const pattern = /new (ImapLocalError|ImapRemoteError)\(\s*"(IMAP_ERR_[A-Z_]+)"/g;
    for (const file of [...sources("src"), ...sources("node")]) {
      const text = readFileSync(join(ROOT, file), "utf8");
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        const codes: readonly string[] = m[1] === "ImapLocalError" ? LOCAL_ERROR_CODES : REMOTE_ERROR_CODES;
        if (!codes.includes(m[2] as string)) wrong.push(`${file}: ${m[1]} ${m[2]}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
