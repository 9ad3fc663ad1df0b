/** The folder tree of the demo mailbox: special folders, nesting, a non-ASCII name, unread counts. */
import { DEMO_USER, FOLDERS } from "@tagwire/demo";
import { expect, test } from "../support/app-test.js";
import { runInfo } from "../support/run-info.js";

test("lists Inbox, Sent, the nested Design and Übersee", async ({ page, signIn }) => {
  const { app } = runInfo();
  await signIn(app.demoUrl, DEMO_USER);
  const tree = page.getByRole("tree", { name: "Folders" });
  await expect(tree.getByRole("treeitem", { name: "Inbox", exact: true })).toBeVisible();
  await expect(tree.getByRole("treeitem", { name: "Sent", exact: true })).toBeVisible();
  // Projects/Tagwire/Design: two levels below the top.
  const design = tree.getByRole("treeitem", { name: "Design", exact: true });
  await expect(design).toBeVisible();
  await expect(design).toHaveAttribute("aria-level", "3");
  await expect(tree.getByRole("treeitem", { name: "Tagwire", exact: true })).toHaveAttribute(
    "aria-level",
    "2",
  );
  // Reisen/Übersee, stored in modified UTF-7 on the server.
  const overseas = tree.getByRole("treeitem", { name: "Übersee", exact: true });
  await expect(overseas).toBeVisible();
  await expect(overseas).toHaveAttribute("aria-level", "2");
});

test("the Inbox's unread count is the server's STATUS UNSEEN", async ({ page, signIn, imap }) => {
  const { app } = runInfo();
  const client = await imap(app.demoImap, DEMO_USER);
  const { unseen } = await client.status(FOLDERS.inbox, ["UNSEEN"]);
  expect(unseen).toBeGreaterThan(0);

  await signIn(app.demoUrl, DEMO_USER);
  const inbox = page
    .getByRole("tree", { name: "Folders" })
    .getByRole("treeitem", { name: "Inbox", exact: true });
  await expect(inbox).toHaveAttribute("aria-description", `${unseen} unread`);
  await expect(inbox).toHaveText(new RegExp(`Inbox\\s*${unseen}$`));
});
