import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "imap",
    include: ["src/**/*.test.ts", "node/**/*.test.ts", "test/**/*.test.ts"],
  },
});
