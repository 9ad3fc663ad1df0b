import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "dovecot",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Integration tests start real Dovecot instances; the machine may be shared and slow.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
