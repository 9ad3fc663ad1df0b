/** What loadConfig reports, for the configuration tests. */
import { loadConfig } from "../src/config.js";
import { ConfigError, type ConfigProblem } from "../src/errors.js";

/** No web root: tests must not depend on whether the web app was built. */
export const NO_WEB = { defaultWebRoot: "/nonexistent" };

/** The problems loadConfig reports for `env` (empty when it loads). */
export function problems(env: Record<string, string>): readonly ConfigProblem[] {
  try {
    loadConfig(env, NO_WEB);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}
