/**
 * Against a Dovecot that offers only IMAP4rev1 and a few extensions (no SORT, ESEARCH, LIST-STATUS,
 * SPECIAL-USE, BINARY, ...): the folder counts, the list and reading still work.
 */
import { BULK_COUNT, DEMO_USER, FOLDERS } from "@tagwire/demo";
import { envelopes, folderOrder } from "../support/app-imap.js";
import { expect, messageGrid, openFolder, rowAt, test } from "../support/app-test.js";
import { runInfo } from "../support/run-info.js";

test("folders with unread counts, the list in UID order and a message open", async ({
  page,
  signIn,
  imap,
}) => {
  const { app } = runInfo();
  const client = await imap(app.reducedImap, DEMO_USER);
  expect(client.capabilities?.has("SORT")).toBe(false);
  const { unseen } = await client.status(FOLDERS.inbox, ["UNSEEN"]);
  const { unseen: overseasUnseen } = await client.status(FOLDERS.travel, ["UNSEEN"]);
  const order = await folderOrder(client, FOLDERS.inbox);
  const first = await envelopes(client, order.slice(0, 3));

  await signIn(app.reducedUrl, DEMO_USER);
  const tree = page.getByRole("tree", { name: "Folders" });
  const inbox = tree.getByRole("treeitem", { name: "Inbox", exact: true });
  await expect(inbox).toHaveAttribute("aria-description", `${unseen} unread`);
  await expect(tree.getByRole("treeitem", { name: "Sent", exact: true })).toBeVisible();
  await expect(tree.getByRole("treeitem", { name: "Design", exact: true })).toBeVisible();
  const overseas = tree.getByRole("treeitem", { name: "Übersee", exact: true });
  await expect(overseas).toBeVisible();
  if ((overseasUnseen ?? 0) > 0)
    await expect(overseas).toHaveAttribute("aria-description", `${overseasUnseen} unread`);

  await expect(messageGrid(page)).toHaveAttribute("aria-rowcount", String(order.length));
  for (const [i, message] of first.entries()) {
    const row = rowAt(page, i + 1);
    await expect(row).not.toHaveAttribute("aria-busy", "true", { timeout: 10_000 });
    await expect(row.getByRole("gridcell").nth(1)).toContainText(message.subject);
  }

  const subject = first[0]?.subject ?? "";
  await rowAt(page, 1).click();
  const region = page.getByRole("region", { name: "Message" });
  await expect(region.getByRole("heading", { name: subject })).toBeVisible({ timeout: 10_000 });

  await openFolder(page, "Bulk");
  await expect(messageGrid(page)).toHaveAttribute("aria-rowcount", String(BULK_COUNT));
  await expect(rowAt(page, 1)).not.toHaveAttribute("aria-busy", "true", { timeout: 10_000 });
});
