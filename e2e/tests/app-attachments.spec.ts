/**
 * Parts of a message other than its text: an inline `cid:` image shown in the frame, a 5 MiB
 * attachment downloaded byte for byte, and an `.html` attachment that downloads instead of rendering
 * in the app's origin (W6).
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { DEMO_USER } from "@tagwire/demo";
import { attachmentControl, guardNetwork, messageFrame, watchScripts } from "../support/app-frame.js";
import {
  CID_ALT,
  CID_SIZE,
  HTML_FILENAME,
  LARGE_FILENAME,
  LARGE_SIZE,
  SUBJECTS,
} from "../support/app-mail.js";
import { expect, openMessage, test } from "../support/app-test.js";
import { runInfo } from "../support/run-info.js";

async function sha256Of(path: string): Promise<{ sha256: string; size: number }> {
  const bytes = await readFile(path);
  return { sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length };
}

test("an inline cid: image shows in the message frame without Show images", async ({
  page,
  context,
  signIn,
}) => {
  const { app } = runInfo();
  const network = await guardNetwork(context, new URL(app.mailUrl).origin);
  await signIn(app.mailUrl, app.hostile);
  const region = await openMessage(page, SUBJECTS.cid);
  const frame = await messageFrame(region);
  const image = frame.getByRole("img", { name: CID_ALT });
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
    .toBe(CID_SIZE);
  expect(await image.getAttribute("src")).not.toMatch(/^cid:/);
  expect(network.offOrigin).toEqual([]);
});

test("the demo's multipart/related newsletter shows both cid: images", async ({ page, signIn }) => {
  await signIn(runInfo().app.demoUrl, DEMO_USER);
  await page
    .getByRole("tree", { name: "Folders" })
    .getByRole("treeitem", { name: "Design", exact: true })
    .click();
  const region = await openMessage(page, "Mockups: reading pane density");
  const frame = await messageFrame(region);
  for (const alt of ["Mockup of the reading pane", "Row heights, compact to roomy"]) {
    const image = frame.getByRole("img", { name: alt });
    await expect(image).toBeVisible();
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)), {
        message: alt,
      })
      .toBeGreaterThan(0);
  }
});

test("the 5 MiB attachment downloads byte for byte", async ({ page, signIn }) => {
  test.setTimeout(60_000);
  const { app } = runInfo();
  await signIn(app.mailUrl, app.hostile);
  const region = await openMessage(page, SUBJECTS.large);
  const control = attachmentControl(region, LARGE_FILENAME);
  await expect(control).toBeVisible();

  const download = page.waitForEvent("download", { timeout: 45_000 });
  await control.click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(LARGE_FILENAME);
  const path = await file.path();
  expect(await sha256Of(path)).toEqual({ sha256: app.mail.largeSha256, size: LARGE_SIZE });
});

test("an .html attachment downloads and never renders in the app's origin", async ({
  page,
  context,
  signIn,
}) => {
  const { app } = runInfo();
  const origin = new URL(app.mailUrl).origin;
  const network = await guardNetwork(context, origin);
  const scripts = await watchScripts(page);
  await signIn(app.mailUrl, app.hostile);
  const region = await openMessage(page, SUBJECTS.htmlAttachment);
  const control = attachmentControl(region, HTML_FILENAME);
  await expect(control).toBeVisible();
  const pagesBefore = context.pages().length;

  const download = page.waitForEvent("download");
  await control.click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(HTML_FILENAME);
  expect((await sha256Of(await file.path())).sha256).toBe(app.mail.htmlAttachmentSha256);

  expect(context.pages()).toHaveLength(pagesBefore);
  expect(new URL(page.url()).origin).toBe(origin);
  expect(await page.title()).toBe("Tagwire");
  for (const frame of page.frames())
    expect(await frame.title().catch(() => ""), `frame ${frame.url()}`).not.toBe("Invitation");
  await expect(page.getByRole("heading", { name: "You are invited" })).toHaveCount(0);
  expect(await scripts.marker()).toEqual([]);
  expect(network.offOrigin).toEqual([]);
});
