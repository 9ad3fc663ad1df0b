/**
 * Hostile HTML mail in the reading pane (W1, W2): no script runs, nothing is fetched from another
 * origin while it is shown, and the remote tracking pixel is requested only after "Show images".
 */

import { guardNetwork, messageFrame, watchScripts } from "../support/app-frame.js";
import { MARKER_HOST, SUBJECTS, TRACKER_URL } from "../support/app-mail.js";
import { expect, openMessage, test } from "../support/app-test.js";
import { runInfo } from "../support/run-info.js";

/** Hosts no message may ever reach, images shown or not: scripts, navigation, forms, frames, styles. */
const NEVER = [
  "script",
  "refresh",
  "base",
  "iframe",
  "form",
  "object",
  "prefetch",
  "svg",
  "link",
  "import",
].map((name) => `${name}.${MARKER_HOST}`);

test("hostile HTML runs no script and calls no other host; the tracking pixel loads only after Show images", async ({
  page,
  context,
  signIn,
}) => {
  const { app } = runInfo();
  const origin = new URL(app.mailUrl).origin;
  const network = await guardNetwork(context, origin);
  const scripts = await watchScripts(page);
  await signIn(app.mailUrl, app.hostile);
  const region = await openMessage(page, SUBJECTS.hostile);

  const iframe = region.locator("iframe").first();
  const sandbox = await iframe.getAttribute("sandbox");
  expect(sandbox, "the message frame is sandboxed").not.toBeNull();
  expect(sandbox).not.toMatch(/allow-scripts/);
  expect(sandbox).not.toMatch(/allow-same-origin/);

  const frame = await messageFrame(region);
  await expect(frame.getByRole("heading", { name: "Hostile sampler" })).toBeVisible();
  // The frame has loaded every subresource it was going to ask for: none went elsewhere.
  expect(network.offOrigin, "requests that left the app's origin").toEqual([]);

  // What a reader might click: the javascript: link and the form's submit button.
  await frame.getByText("A javascript: link").click();
  const submit = frame.getByRole("button", { name: "Submit hostile form" });
  if ((await submit.count()) > 0) await submit.click();

  await expect(frame.locator("[data-pwned]")).toHaveCount(0);
  expect(await scripts.marker(), "messages posted by a script in the mail").toEqual([]);
  expect(scripts.dialogs, "dialogs opened by the mail").toEqual([]);
  expect(await page.title()).toBe("Tagwire");
  expect(new URL(page.url()).origin).toBe(origin);
  expect(context.pages()).toHaveLength(1);
  expect(network.offOrigin, "requests that left the app's origin").toEqual([]);

  await region.getByRole("button", { name: "Show images" }).click();
  await expect.poll(() => network.offOrigin, { timeout: 10_000 }).toContain(TRACKER_URL);
  expect(network.hosts().filter((host) => NEVER.includes(host))).toEqual([]);
  await expect(frame.locator("[data-pwned]")).toHaveCount(0);
  expect(await scripts.marker()).toEqual([]);
  expect(scripts.dialogs).toEqual([]);
});

test("a plain-text message makes no request to another origin and offers no Show images", async ({
  page,
  context,
  signIn,
}) => {
  const { app } = runInfo();
  const network = await guardNetwork(context, new URL(app.mailUrl).origin);
  await signIn(app.mailUrl, app.hostile);
  const region = await openMessage(page, SUBJECTS.plain);
  await expect(region).toContainText("Second paragraph.");
  await expect(region.getByRole("button", { name: "Show images" })).toHaveCount(0);
  expect(network.offOrigin).toEqual([]);
});
