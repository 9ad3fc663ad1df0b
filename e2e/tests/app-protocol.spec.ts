/** The Protocol panel: pipelined commands overlap in time, and the comparison says how much faster that is. */
import type { Page } from "@playwright/test";
import { DEMO_USER } from "@tagwire/demo";
import { expect, openFolder, rowAt, test } from "../support/app-test.js";
import { runInfo } from "../support/run-info.js";

/** The Protocol region, expanded. */
async function protocolPanel(page: Page) {
  const region = page.getByRole("region", { name: "Protocol" });
  await expect(region).toBeVisible();
  const toggle = region.getByRole("button", { name: "Protocol", exact: true });
  if ((await toggle.count()) > 0 && (await toggle.getAttribute("aria-expanded")) === "false")
    await toggle.click();
  return region;
}

test("a folder open shows at least three commands in flight at once", async ({ page, signIn }) => {
  const { app } = runInfo();
  // With demo latency every command takes a round trip, so overlap means pipelining, not a fast server.
  await signIn(app.latencyUrl, DEMO_USER);
  const region = await protocolPanel(page);
  const openedAt = await page.evaluate(() => performance.now());
  await openFolder(page, "Bulk");
  await expect(rowAt(page, 1)).not.toHaveAttribute("aria-busy", "true", { timeout: 10_000 });

  const rows = region.locator("[data-sent-at][data-done-at]");
  await expect(rows.first()).toBeAttached();
  const ranges = await rows.evaluateAll((elements) =>
    elements.map((element) => [
      Number(element.getAttribute("data-sent-at")),
      Number(element.getAttribute("data-done-at")),
    ]),
  );
  // The clock of the attributes is the page's `performance.now()`; keep the commands of the folder open.
  const opened = ranges.filter(([sent]) => (sent ?? 0) >= openedAt - 1);
  const overlap = Math.max(
    0,
    ...opened.map(
      ([at]) => opened.filter(([sent, done]) => (sent ?? 0) <= (at ?? 0) && (at ?? 0) < (done ?? 0)).length,
    ),
  );
  expect(overlap, `commands in flight at once, of ${JSON.stringify(opened)}`).toBeGreaterThanOrEqual(3);
});

test("Compare on the latency gateway says how many times faster pipelining is", async ({ page, signIn }) => {
  const { app } = runInfo();
  await signIn(app.latencyUrl, DEMO_USER);
  const region = await protocolPanel(page);
  await region.getByRole("button", { name: "Compare: pipelined vs one at a time" }).click();
  await expect(region.getByText(/\d+(\.\d+)?x faster/)).toBeVisible({ timeout: 30_000 });
});
