import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generatedSection, README_PATH, renderReadme, TABLES } from "../scripts/config-docs.js";
import { ENV_SCHEMA, SERVER_FIELDS } from "../src/config-schema.js";
import { CONFIG_PROBLEMS } from "../src/errors.js";

const readme = readFileSync(README_PATH, "utf8");

describe("README configuration tables", () => {
  it("match what the schema renders (fix: pnpm --filter @tagwire/gateway config-docs)", () => {
    for (const [name, render] of Object.entries(TABLES)) {
      expect(generatedSection(readme, name), name).toBe(`${render()}\n`);
    }
    expect(renderReadme(readme)).toBe(readme);
  });

  it("list every variable, server key and problem code with its default and sentence", () => {
    const envTable = generatedSection(readme, "env-options") ?? "";
    for (const option of Object.values(ENV_SCHEMA)) {
      const row = envTable.split("\n").find((line) => line.startsWith(`| \`${option.env}\` `)) ?? "";
      expect(
        row.split("|").map((cell) => cell.trim()),
        option.env,
      ).toEqual(["", `\`${option.env}\``, option.shownDefault, option.doc, ""]);
    }
    for (const field of Object.values(SERVER_FIELDS)) {
      expect(generatedSection(readme, "server-keys"), field.key).toContain(field.doc);
    }
    for (const [code, doc] of Object.entries(CONFIG_PROBLEMS)) {
      expect(generatedSection(readme, "config-problems"), code).toContain(`| \`${code}\` `);
      expect(generatedSection(readme, "config-problems"), code).toContain(doc);
    }
  });

  it("refuses a README whose markers are gone", () => {
    expect(() => renderReadme(readme.replace("<!-- END server-keys -->", ""))).toThrow(/server-keys/);
  });
});
