import { defineConfig } from "@playwright/test";

/**
 * Debian's Chromium (`apt-get install chromium`), never a downloaded browser: `playwright install` is
 * not part of this project. Global setup starts Dovecot and the gateways (support/global-setup.ts).
 */
export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  globalSetup: "./support/global-setup.ts",
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  fullyParallel: false,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  // Failures keep a trace in test-results/ (`pnpm exec playwright show-trace <zip>`); no HTML report.
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    headless: true,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
