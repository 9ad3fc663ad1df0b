/** The message list: rows with sender, subject and date, and the 2,500-message Bulk folder scrolled to its middle. */

import type { Locator } from "@playwright/test";
import { BULK_COUNT, DEMO_USER, FOLDERS } from "@tagwire/demo";
import { envelopes, folderOrder, type ListedMessage } from "../support/app-imap.js";
import { expect, messageGrid, rowAt, test } from "../support/app-test.js";
import { runInfo } from "../support/run-info.js";

async function expectRow(row: Locator, message: ListedMessage) {
  await expect(row).not.toHaveAttribute("aria-busy", "true", { timeout: 10_000 });
  const cells = row.getByRole("gridcell");
  await expect(cells.nth(0)).toContainText(message.sender);
  await expect(cells.nth(1)).toContainText(message.subject);
  const time = cells.nth(2).locator("time");
  await expect(time).toHaveAttribute("datetime", new Date(message.date).toISOString());
  await expect(time).toHaveText(/\S/);
}

test("the Inbox's first rows show sender, subject and date in the server's order", async ({
  page,
  signIn,
  imap,
}) => {
  const { app } = runInfo();
  const client = await imap(app.demoImap, DEMO_USER);
  const order = await folderOrder(client, FOLDERS.inbox);
  const first = await envelopes(client, order.slice(0, 5));

  await signIn(app.demoUrl, DEMO_USER);
  await expect(messageGrid(page)).toHaveAttribute("aria-rowcount", String(order.length));
  for (const [i, message] of first.entries()) await expectRow(rowAt(page, i + 1), message);
});

test("Bulk scrolled to its middle shows the messages of those positions", async ({ page, signIn, imap }) => {
  const { app } = runInfo();
  const client = await imap(app.demoImap, DEMO_USER);
  const order = await folderOrder(client, FOLDERS.bulk);
  expect(order).toHaveLength(BULK_COUNT);

  await signIn(app.demoUrl, DEMO_USER);
  await page
    .getByRole("tree", { name: "Folders" })
    .getByRole("treeitem", { name: "Bulk", exact: true })
    .click();
  const grid = messageGrid(page);
  await expect(grid).toHaveAttribute("aria-rowcount", String(BULK_COUNT));
  await expect(rowAt(page, 1)).not.toHaveAttribute("aria-busy", "true");

  await grid.evaluate((element) => {
    element.scrollTop = element.scrollHeight / 2;
  });
  const middle = Math.floor(BULK_COUNT / 2);
  await expect(rowAt(page, middle)).toBeAttached();
  const positions = (
    await grid
      .locator('[role="row"]')
      .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute("aria-rowindex"))))
  ).filter((position) => Math.abs(position - middle) < 40);
  expect(positions.length).toBeGreaterThan(5);
  const expected = await envelopes(
    client,
    positions.map((position) => order[position - 1] as number),
  );
  for (const [i, position] of positions.entries()) {
    const message = expected[i] as ListedMessage;
    const row = rowAt(page, position);
    await expect(row).not.toHaveAttribute("aria-busy", "true", { timeout: 10_000 });
    await expect(row.getByRole("gridcell").nth(1)).toContainText(message.subject);
  }
});

test("rows not fetched yet are busy placeholders, then fill in", async ({ page, signIn }) => {
  const { app } = runInfo();
  // Demo latency holds each FETCH for a round trip, so the placeholders are there to see.
  await signIn(app.latencyUrl, DEMO_USER);
  await page
    .getByRole("tree", { name: "Folders" })
    .getByRole("treeitem", { name: "Bulk", exact: true })
    .click();
  const grid = messageGrid(page);
  await expect(grid).toHaveAttribute("aria-rowcount", String(BULK_COUNT));
  await expect(rowAt(page, 1)).not.toHaveAttribute("aria-busy", "true");

  const seen = await grid.evaluate(async (element) => {
    element.scrollTop = element.scrollHeight / 2;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return [...element.querySelectorAll('[role="row"]')].map((row) => ({
      position: Number(row.getAttribute("aria-rowindex")),
      busy: row.getAttribute("aria-busy") === "true",
      text: (row.textContent ?? "").trim(),
    }));
  });
  const middle = Math.floor(BULK_COUNT / 2);
  const busy = seen.filter((row) => row.busy && Math.abs(row.position - middle) < 40);
  expect(busy.length, "placeholders near the middle right after the scroll").toBeGreaterThan(0);
  for (const row of busy) expect(row.text).toBe("");
  const placeholder = rowAt(page, busy[0]?.position ?? middle);
  await expect(placeholder).not.toHaveAttribute("aria-busy", "true", { timeout: 10_000 });
  await expect(placeholder.getByRole("gridcell").nth(1)).toHaveText(/\S/);
});
