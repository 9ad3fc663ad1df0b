/**
 * Screenshots of a running Tagwire (`pnpm start`) in Debian's Chromium: sign in as the demo account,
 * open a message, at 1400 and 390 px wide, light and dark. `tsx scripts/screenshots.ts [url] [outDir]`.
 */
import { mkdir } from "node:fs/promises";
import { chromium } from "playwright-core";

const url = process.argv[2] ?? "http://localhost:8080/";
const out = process.argv[3] ?? "screenshots";

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
await mkdir(out, { recursive: true });
try {
  for (const scheme of ["light", "dark"] as const) {
    for (const width of [1400, 390]) {
      const page = await browser.newPage({
        viewport: { width, height: width > 800 ? 900 : 844 },
        colorScheme: scheme,
      });
      page.on("console", (m) => m.type() === "error" && console.log(`console: ${m.text()}`));
      page.on("pageerror", (e) => console.log(`pageerror: ${e.message}`));
      await page.goto(url);
      await page.getByLabel("Username").fill("demo");
      await page.getByLabel("Password").fill("demo");
      await page.screenshot({ path: `${out}/sign-in-${width}-${scheme}.png` });
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("grid", { name: "Messages" }).getByRole("row").first().waitFor();
      await page.waitForTimeout(600);
      await page.screenshot({ path: `${out}/inbox-${width}-${scheme}.png` });
      await page.getByRole("grid", { name: "Messages" }).getByRole("row").nth(1).click();
      await page.waitForTimeout(800);
      await page.screenshot({ path: `${out}/message-${width}-${scheme}.png` });
      await page.close();
    }
  }
} finally {
  await browser.close();
}
