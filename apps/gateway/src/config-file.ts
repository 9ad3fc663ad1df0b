/**
 * The `TAGWIRE_CONFIG` file: `{"servers": [...]}`, each entry read through `SERVER_FIELDS`. Unknown
 * keys are problems (typos are caught); `caFile` is relative to the file.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { readCaBundle } from "./config-pem.js";
import type { Problems } from "./config-problems.js";
import { SERVER_FIELDS, type ServerField } from "./config-schema.js";
import type { ServerSpec } from "./config-servers.js";

const EXAMPLE = '{"servers":[{"id":"work","label":"Work","imap":"imaps://imap.example.org"}]}';
const KNOWN = Object.values(SERVER_FIELDS).map((f) => f.key);

/** The servers the file describes; entries with a problem are left out (the problem is recorded). */
export function readConfigFile(file: string, globalCa: string | undefined, problems: Problems): ServerSpec[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    const message = `TAGWIRE_CONFIG: cannot read ${file} as JSON (${(err as Error).message})`;
    problems.add("GW_ERR_CONFIG_FILE", "TAGWIRE_CONFIG", message);
    return [];
  }
  if (!isRecord(data) || !Array.isArray(data.servers)) {
    const message = `TAGWIRE_CONFIG: ${file} must hold an object with a "servers" array, e.g. ${EXAMPLE}`;
    problems.add("GW_ERR_CONFIG_FILE", "TAGWIRE_CONFIG", message);
    return [];
  }
  for (const key of Object.keys(data)) {
    if (key === "servers") continue;
    const message = `TAGWIRE_CONFIG: unknown top-level key "${key}" (only "servers")`;
    problems.add("GW_ERR_CONFIG_UNKNOWN_KEY", `TAGWIRE_CONFIG ${key}`, message);
  }
  return data.servers.flatMap((entry: unknown, i: number) => {
    const spec = readEntry(entry, `TAGWIRE_CONFIG servers[${i}]`, file, globalCa, problems);
    return spec === null ? [] : [spec];
  });
}

function readEntry(
  entry: unknown,
  where: string,
  file: string,
  globalCa: string | undefined,
  problems: Problems,
): ServerSpec | null {
  if (!isRecord(entry)) {
    problems.add("GW_ERR_CONFIG_FORMAT", where, `${where}: must be an object like ${EXAMPLE.slice(12, -2)}`);
    return null;
  }
  for (const key of Object.keys(entry)) {
    if (KNOWN.includes(key)) continue;
    const message = `${where}: unknown key "${key}" (known: ${KNOWN.join(", ")})`;
    problems.add("GW_ERR_CONFIG_UNKNOWN_KEY", `${where}.${key}`, message);
  }
  const before = problems.list.length;
  const read = <T>(f: ServerField<T>) => readField(f, entry[f.key], `${where}.${f.key}`, problems);
  const id = read(SERVER_FIELDS.id);
  const label = read(SERVER_FIELDS.label);
  const imap = read(SERVER_FIELDS.imap);
  const smtp = read(SERVER_FIELDS.smtp);
  const caFile = read(SERVER_FIELDS.caFile);
  const ca =
    caFile === undefined
      ? globalCa
      : readCaBundle(`${where}.caFile`, resolve(dirname(file), caFile), problems);
  if (problems.list.length > before || id === undefined || imap === undefined) return null;
  return {
    id,
    label: label ?? id,
    ca,
    imap: [`${where}.imap`, imap],
    smtp: smtp === undefined ? undefined : [`${where}.smtp`, smtp],
  };
}

/** The parsed value of one key; undefined when absent or invalid (the problem is recorded). */
function readField<T>(
  field: ServerField<T>,
  value: unknown,
  setting: string,
  problems: Problems,
): T | undefined {
  if (value === undefined) {
    if (field.required)
      problems.add("GW_ERR_CONFIG_MISSING", setting, `${setting}: required, ${field.expected}`);
    return undefined;
  }
  if (typeof value !== "string") {
    problems.add("GW_ERR_CONFIG_FORMAT", setting, `${setting}: must be ${field.expected}`);
    return undefined;
  }
  const parsed = field.parse(value);
  if (parsed.ok) return parsed.value;
  problems.flaws(setting, parsed.flaws);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
