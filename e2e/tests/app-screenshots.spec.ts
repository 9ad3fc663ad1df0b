/**
 * The signed-in Inbox with a message open, at desktop and phone widths, light and dark, saved to
 * `test-results/screenshots/` for a person to look at. Each run also checks the layout it captures:
 * three panes side by side on a desktop, one at a time on a phone, nothing wider than the window,
 * and the colour scheme followed.
 */
import { fileURLToPath } from "node:url";
import { DEMO_USER } from "@tagwire/demo";
import { expect, messageGrid, openMessage, test } from "../support/app-test.js";
import { runInfo } from "../support/run-info.js";

const SCREENSHOTS = fileURLToPath(new URL("../test-results/screenshots/", import.meta.url));
const SUBJECT = "Welcome to the Tagwire demo";

/** Relative luminance (0 black … 1 white) of a CSS `rgb()`/`rgba()` colour. */
function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).map(Number);
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

for (const colorScheme of ["light", "dark"] as const) {
  for (const width of [1400, 390]) {
    const phone = width < 800;
    test.describe(`${width} px, ${colorScheme}`, () => {
      test.use({ viewport: { width, height: phone ? 844 : 900 }, colorScheme });

      test(`the Inbox with a message open (${width} px, ${colorScheme})`, async ({ page, submitSignIn }) => {
        await submitSignIn(runInfo().app.demoUrl, DEMO_USER);
        await expect(messageGrid(page).getByRole("row").filter({ hasText: SUBJECT })).toBeVisible({
          timeout: 15_000,
        });
        const region = await openMessage(page, SUBJECT);
        await expect(region).toBeInViewport();

        const folders = page.getByRole("tree", { name: "Folders" });
        if (phone) {
          await expect(messageGrid(page)).not.toBeInViewport();
          await expect(folders).not.toBeInViewport();
        } else {
          await expect(messageGrid(page)).toBeInViewport();
          await expect(folders).toBeInViewport();
        }
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, "page wider than the window").toBeLessThanOrEqual(0);
        const background = await page.evaluate(() => {
          for (let el: Element | null = document.elementFromPoint(innerWidth / 2, innerHeight - 2); el; ) {
            const color = getComputedStyle(el).backgroundColor;
            if (color !== "rgba(0, 0, 0, 0)" && color !== "transparent") return color;
            el = el.parentElement;
          }
          return getComputedStyle(document.documentElement).backgroundColor;
        });
        if (colorScheme === "dark") expect(luminance(background), background).toBeLessThan(0.2);
        else expect(luminance(background), background).toBeGreaterThan(0.6);

        await page.screenshot({ path: `${SCREENSHOTS}inbox-message-${width}-${colorScheme}.png` });
      });
    });
  }
}
