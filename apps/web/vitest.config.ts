import { defineProject } from "vitest/config";

// Store and library tests run in Node; files that need a DOM say `// @vitest-environment jsdom`.
export default defineProject({
  test: {
    name: "web",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "test/**/*.test.ts"],
  },
});
