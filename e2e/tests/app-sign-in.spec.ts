/** Signing in through the form: the folder tree on success, the server's words on failure, no trace of the password. */
import { expect, fillSignIn, test } from "../support/app-test.js";
import { runInfo } from "../support/run-info.js";

test("a good password opens the folder tree", async ({ page, signIn }) => {
  const { app } = runInfo();
  await signIn(app.mailUrl, app.hostile);
  await expect(page.getByRole("treeitem", { name: "Inbox" })).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveCount(0);
});

test("a wrong password shows the server's refusal and keeps the form", async ({ page, submitSignIn }) => {
  const { app } = runInfo();
  await submitSignIn(app.mailUrl, {
    username: app.hostile.username,
    password: `${app.hostile.password}-wrong`,
  });
  // Dovecot's words: "[AUTHENTICATIONFAILED] Authentication failed."
  await expect(page.getByRole("alert")).toContainText(/Authentication failed/i, { timeout: 10_000 });
  await expect(page.getByLabel("Username")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await expect(page.getByRole("tree", { name: "Folders" })).toHaveCount(0);
});

test("the password is nowhere in storage, cookies, the URL or the console", async ({ page, context }) => {
  const { app } = runInfo();
  const consoleText: string[] = [];
  page.on("console", (message) => consoleText.push(message.text()));
  const urls: string[] = [];
  page.on("framenavigated", (frame) => urls.push(frame.url()));
  page.on("request", (request) => urls.push(request.url()));

  await page.goto(app.mailUrl);
  await fillSignIn(page, app.hostile);
  await expect(page.getByRole("tree", { name: "Folders" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("grid", { name: "Messages" }).getByRole("row").first()).toBeVisible();
  await page.reload();

  const storage = await page.evaluate(() => {
    const dump = (store: Storage) => {
      const out: string[] = [];
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i) ?? "";
        out.push(key, store.getItem(key) ?? "");
      }
      return out.join("\n");
    };
    return {
      local: dump(localStorage),
      session: dump(sessionStorage),
      cookie: document.cookie,
      url: location.href,
    };
  });
  const cookies = JSON.stringify(await context.cookies());
  const password = app.hostile.password;
  expect(storage.local).not.toContain(password);
  expect(storage.session).not.toContain(password);
  expect(storage.cookie).not.toContain(password);
  expect(storage.url).not.toContain(password);
  expect(cookies).not.toContain(password);
  expect(urls.join("\n")).not.toContain(password);
  expect(consoleText.join("\n")).not.toContain(password);
});
