/**
 * The Playwright `test` of the app specs: `signIn(url, user)` loads the built web app from a gateway
 * and signs in through the form; every test fails if the page threw an uncaught error. `imap(address,
 * user)` opens a Node-side connection to compare the UI with what the server says.
 */
import { test as base, expect, type Page } from "@playwright/test";
import type { DovecotUser } from "@tagwire/dovecot";
import type { ImapClient } from "@tagwire/imap";
import { openImap } from "@tagwire/imap/node";
import { collectPageErrors } from "./page-errors.js";
import type { ImapAddress } from "./run-info.js";

export { expect };

interface AppFixtures {
  /** Loads the app from `url` and fills and submits the sign-in form (no wait for the result). */
  submitSignIn(url: string, user: DovecotUser): Promise<void>;
  /** Signs in and waits for the folder tree. */
  signIn(url: string, user: DovecotUser): Promise<void>;
  /** Uncaught errors of the page; checked to be empty after each test. */
  pageErrors: Error[];
  /** Node-side IMAP connections, logged out after the test. */
  imap(address: ImapAddress, user: DovecotUser): Promise<ImapClient>;
}

export const test = base.extend<AppFixtures>({
  pageErrors: [collectPageErrors, { auto: true }],
  submitSignIn: async ({ page }, use) => {
    await use(async (url, user) => {
      await page.goto(url);
      await fillSignIn(page, user);
    });
  },
  signIn: async ({ page, submitSignIn }, use) => {
    await use(async (url, user) => {
      await submitSignIn(url, user);
      await expect(page.getByRole("tree", { name: "Folders" })).toBeVisible({ timeout: 15_000 });
    });
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
  imap: async ({}, use) => {
    const clients: ImapClient[] = [];
    await use(async (address, user) => {
      const url = `imap://${encodeURIComponent(user.username)}:${encodeURIComponent(user.password)}@${address.host}:${address.imapPort}`;
      const client = await openImap(url);
      clients.push(client);
      return client;
    });
    await Promise.allSettled(clients.map((client) => client.logout()));
  },
});

export async function fillSignIn(page: Page, user: DovecotUser): Promise<void> {
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The grid "Messages". */
export function messageGrid(page: Page) {
  return page.getByRole("grid", { name: "Messages" });
}

/** A loaded row of the grid whose text contains `subject`. */
export function rowWithSubject(page: Page, subject: string) {
  return messageGrid(page).getByRole("row").filter({ hasText: subject });
}

/** Opens the message with `subject` (visible in the open folder) and waits for the reading pane. */
export async function openMessage(page: Page, subject: string) {
  await rowWithSubject(page, subject).first().click();
  const region = page.getByRole("region", { name: "Message" });
  await expect(region.getByRole("heading", { name: subject })).toBeVisible({ timeout: 10_000 });
  return region;
}

/** Decodes RFC 2047 encoded words (UTF-8 and ISO-8859-1, B and Q), as the app shows a subject. */
export function decodeWords(raw: string): string {
  return raw
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === "B"
          ? Buffer.from(text, "base64")
          : Buffer.from(
              text
                .replace(/_/g, " ")
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
                  String.fromCharCode(Number.parseInt(hex, 16)),
                ),
              "latin1",
            );
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    });
}

/** A row of the grid by its 1-based position (`aria-rowindex`). */
export function rowAt(page: Page, position: number) {
  return messageGrid(page).locator(`[role="row"][aria-rowindex="${position}"]`);
}

/** Scrolls the grid so that `position` (1-based) is rendered, and waits for its row to load. */
export async function scrollToPosition(page: Page, position: number) {
  const grid = messageGrid(page);
  await grid.evaluate((element, at) => {
    const rows = Number(element.getAttribute("aria-rowcount"));
    element.scrollTop = (element.scrollHeight / Math.max(rows, 1)) * (at - 1);
  }, position);
  const row = rowAt(page, position);
  await expect(row).not.toHaveAttribute("aria-busy", "true", { timeout: 10_000 });
  return row;
}

/** Opens a folder by its display name in the tree. */
export async function openFolder(page: Page, name: string) {
  await page.getByRole("tree", { name: "Folders" }).getByRole("treeitem", { name, exact: true }).click();
}
