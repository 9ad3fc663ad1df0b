/**
 * The README's configuration tables, generated from the schema so that there is one source:
 * `ENV_SCHEMA` (variables), `SERVER_FIELDS` (keys of a `TAGWIRE_CONFIG` server) and `CONFIG_PROBLEMS`
 * (problem codes). Each table sits between `<!-- BEGIN name -->` and `<!-- END name -->` markers.
 *
 * `pnpm --filter @tagwire/gateway config-docs` rewrites the README; `test/config-docs.test.ts` fails when
 * the README differs from what this renders.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ENV_SCHEMA, SERVER_FIELDS } from "../src/config-schema.js";
import { CONFIG_PROBLEMS } from "../src/errors.js";

/** The gateway's README. */
export const README_PATH = fileURLToPath(new URL("../README.md", import.meta.url));

/** A Markdown table with every column padded to its widest cell. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => (cells[i] ?? "").padEnd(w)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** Every generated table by marker name. */
export const TABLES: Readonly<Record<string, () => string>> = {
  "env-options": () =>
    markdownTable(
      ["Variable", "Default", "Meaning"],
      Object.values(ENV_SCHEMA).map((o) => [`\`${o.env}\``, o.shownDefault, o.doc]),
    ),
  "server-keys": () =>
    markdownTable(
      ["Key", "Required", "Meaning"],
      Object.values(SERVER_FIELDS).map((f) => [`\`${f.key}\``, f.required ? "yes" : "no", f.doc]),
    ),
  "config-problems": () =>
    markdownTable(
      ["Code", "Meaning"],
      Object.entries(CONFIG_PROBLEMS).map(([code, doc]) => [`\`${code}\``, doc]),
    ),
};

/** The lines between the markers of `name` (each ending in a newline); null when absent. */
export function generatedSection(readme: string, name: string): string | null {
  const begin = `<!-- BEGIN ${name} -->\n`;
  const start = readme.indexOf(begin);
  const end = start < 0 ? -1 : readme.indexOf(`<!-- END ${name} -->`, start + begin.length);
  return end < 0 ? null : readme.slice(start + begin.length, end);
}

/** `readme` with every generated table rendered afresh. */
export function renderReadme(readme: string): string {
  let text = readme;
  for (const [name, render] of Object.entries(TABLES)) {
    const old = generatedSection(text, name);
    if (old === null)
      throw new Error(`README.md lacks <!-- BEGIN ${name} --> and <!-- END ${name} --> lines`);
    const at = text.indexOf(`<!-- BEGIN ${name} -->\n`) + `<!-- BEGIN ${name} -->\n`.length;
    text = `${text.slice(0, at)}${render()}\n${text.slice(at + old.length)}`;
  }
  return text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const before = readFileSync(README_PATH, "utf8");
  const after = renderReadme(before);
  if (after !== before) writeFileSync(README_PATH, after);
  process.stdout.write(after === before ? "README.md is up to date\n" : "README.md updated\n");
}
