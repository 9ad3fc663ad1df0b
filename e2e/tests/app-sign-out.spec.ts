/** Signing out brings the form back, and the next account sees nothing of the previous one. */

import { SUBJECTS } from "../support/app-mail.js";
import { expect, fillSignIn, rowWithSubject, test } from "../support/app-test.js";
import { runInfo } from "../support/run-info.js";

test("after Sign out the form is back and another account sees none of the first one's mail", async ({
  page,
  signIn,
}) => {
  const { app } = runInfo();
  await signIn(app.mailUrl, app.hostile);
  await expect(rowWithSubject(page, SUBJECTS.hostile)).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByLabel("Username")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expect(page.getByRole("tree", { name: "Folders" })).toHaveCount(0);
  await expect(page.getByLabel("Password")).toHaveValue("");

  await fillSignIn(page, app.other);
  await expect(page.getByRole("tree", { name: "Folders" })).toBeVisible({ timeout: 15_000 });
  await expect(rowWithSubject(page, app.otherSubject)).toBeVisible();
  const text = (await page.locator("body").textContent()) ?? "";
  for (const subject of Object.values(SUBJECTS)) expect(text).not.toContain(subject);
  expect(text).not.toContain(app.hostile.username);
});
