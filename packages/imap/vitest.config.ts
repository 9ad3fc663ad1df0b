import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "imap",
    include: ["src/**/*.test.ts", "node/**/*.test.ts", "test/**/*.test.ts"],
    // One throwaway Dovecot for the files in test/integration (see the file's header).
    globalSetup: ["test/integration/global-setup.ts"],
  },
});
