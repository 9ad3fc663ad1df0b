/**
 * Reads the environment through `ENV_SCHEMA`: every row is read once, parsed by its parser, and
 * falls back to its default when unset, empty or invalid (the problem is recorded).
 */

import type { Problems } from "./config-problems.js";
import { ENV_SCHEMA, type EnvValues } from "./config-schema.js";

/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** What `readEnv` found. */
export interface EnvReading {
  values: EnvValues;
  /** Rows whose value was set but invalid: rules that involve them are skipped. */
  invalid: ReadonlySet<keyof EnvValues>;
}

/** Reads every row of `ENV_SCHEMA` from `env`; problems go to `problems`. */
export function readEnv(env: Env, problems: Problems): EnvReading {
  const values: Record<string, unknown> = {};
  const invalid = new Set<keyof EnvValues>();
  for (const [key, option] of Object.entries(ENV_SCHEMA) as [
    keyof EnvValues,
    (typeof ENV_SCHEMA)[keyof EnvValues],
  ][]) {
    values[key] = option.default;
    const raw = env[option.env]?.trim();
    if (raw === undefined || raw === "") continue;
    const parsed = option.parse(raw);
    if (parsed.ok) {
      values[key] = parsed.value;
    } else {
      problems.flaws(option.env, parsed.flaws);
      invalid.add(key);
    }
  }
  return { values: values as EnvValues, invalid };
}
