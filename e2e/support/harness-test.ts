/**
 * The Playwright `test` of this package: `openHarness(url)` loads the harness page from a gateway and
 * waits until its script is ready, and every test fails if the page threw an uncaught error.
 */
import { test as base, expect, type Response } from "@playwright/test";
import { collectPageErrors } from "./page-errors.js";
import { runInfo } from "./run-info.js";

export { expect };

interface HarnessFixtures {
  /** Loads the harness from `url` (default: the plain gateway) and waits for `window.tagwire`. */
  openHarness(url?: string): Promise<Response>;
  /** Uncaught errors of the page; checked to be empty after each test. */
  pageErrors: Error[];
}

export const test = base.extend<HarnessFixtures>({
  pageErrors: [collectPageErrors, { auto: true }],
  openHarness: async ({ page }, use) => {
    await use(async (url = runInfo().gatewayUrl) => {
      const response = await page.goto(url);
      if (response === null) throw new Error(`no response for ${url}`);
      await expect(page.getByRole("status", { name: "Harness" })).toHaveText("ready");
      return response;
    });
  },
});
