import { defineConfig } from "vitest/config";

// Each workspace package owns its vitest.config.ts; this runs them all in one process.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "tools/*"],
  },
});
