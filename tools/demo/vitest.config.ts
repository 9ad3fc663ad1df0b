import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "demo",
    include: ["src/**/*.test.ts"],
    // One test starts a real Dovecot with a few thousand messages; the machine may be shared and slow.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
