/** Reading demo messages: plain text, an HTML newsletter and a non-ASCII subject, each in region "Message". */
import { DEMO_USER, FOLDERS } from "@tagwire/demo";
import { envelopes, folderOrder } from "../support/app-imap.js";
import { expect, scrollToPosition, test } from "../support/app-test.js";
import { runInfo } from "../support/run-info.js";

const MESSAGES = [
  { kind: "a plain-text letter", subject: "Welcome to the Tagwire demo" },
  { kind: "an HTML-only newsletter", subject: "Spring sale — up to 40 % off 🌲" },
  { kind: "a non-ASCII subject", subject: "Grüße aus Zürich — Übergabe der Schlüssel 🔑" },
] as const;

for (const message of MESSAGES) {
  test(`opens ${message.kind}`, async ({ page, signIn, imap }) => {
    const { app } = runInfo();
    const client = await imap(app.demoImap, DEMO_USER);
    const order = await folderOrder(client, FOLDERS.inbox);
    const listed = await envelopes(client, order);
    const position = listed.findIndex((m) => m.subject === message.subject) + 1;
    expect(position, `"${message.subject}" in the demo Inbox`).toBeGreaterThan(0);

    await signIn(app.demoUrl, DEMO_USER);
    const row = await scrollToPosition(page, position);
    await expect(row).toContainText(message.subject);
    await row.click();
    const region = page.getByRole("region", { name: "Message" });
    await expect(region.getByRole("heading", { name: message.subject })).toBeVisible({ timeout: 10_000 });
    await expect(region.getByRole("heading", { name: message.subject })).toHaveCount(1);
  });
}
