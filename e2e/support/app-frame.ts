/**
 * Watching what a message's HTML does: every request that leaves the app's origin (intercepted,
 * recorded and refused, or answered with a 1×1 GIF for remote images), every message a script would
 * post to the top page, every dialog. Plus the reading pane's frame and its attachment controls.
 */
import { type BrowserContext, expect, type Frame, type Locator, type Page } from "@playwright/test";
import { SCRIPT_MARKER } from "./app-mail.js";

const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
const IMAGE_PATH = /\.(gif|png|jpe?g|webp|svg)(\?|$)/i;

export interface NetworkGuard {
  /** Every request for another origin so far, in order. */
  readonly offOrigin: string[];
  /** Host names of those requests. */
  hosts(): string[];
}

/**
 * Routes every request of `context`: the app's `origin` goes through; anything else is recorded,
 * then answered with a GIF when it asks for an image (so that "Show images" can succeed) or aborted.
 */
export async function guardNetwork(context: BrowserContext, origin: string): Promise<NetworkGuard> {
  const offOrigin: string[] = [];
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    let requestOrigin: string;
    try {
      requestOrigin = new URL(url).origin;
    } catch {
      requestOrigin = "";
    }
    if (requestOrigin === origin) return route.continue();
    offOrigin.push(url);
    if (IMAGE_PATH.test(new URL(url).pathname))
      return route.fulfill({ status: 200, contentType: "image/gif", body: GIF });
    return route.abort("blockedbyclient");
  });
  return { offOrigin, hosts: () => offOrigin.map((url) => new URL(url).hostname) };
}

export interface ScriptWatch {
  /** `postMessage` data that reached the top page carrying the marker. */
  marker(): Promise<string[]>;
  /** Dialogs (alert, confirm, prompt, beforeunload) that opened, by type and message. */
  readonly dialogs: string[];
}

/** Installs, before the app loads, a listener for the marker a hostile script would post to the top. */
export async function watchScripts(page: Page): Promise<ScriptWatch> {
  await page.addInitScript((marker) => {
    const seen: string[] = [];
    (window as unknown as { __tagwireMarker: string[] }).__tagwireMarker = seen;
    window.addEventListener("message", (event) => {
      if (String(event.data).includes(marker)) seen.push(String(event.data));
    });
  }, SCRIPT_MARKER);
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  return {
    dialogs,
    marker: () =>
      page.evaluate(() => [...(window as unknown as { __tagwireMarker: string[] }).__tagwireMarker]),
  };
}

/** The frame the reading pane renders the message's HTML in, once its document has loaded. */
export async function messageFrame(region: Locator): Promise<Frame> {
  const element = region.locator("iframe").first();
  await expect(element).toBeAttached({ timeout: 10_000 });
  const handle = await element.elementHandle();
  const frame = await handle?.contentFrame();
  if (frame === null || frame === undefined) throw new Error("the reading pane's iframe has no frame");
  await expect.poll(() => frame.evaluate(() => document.readyState)).toBe("complete");
  return frame;
}

/** The control (link or button) that downloads the attachment called `filename`. */
export function attachmentControl(region: Locator, filename: string): Locator {
  const name = new RegExp(filename.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return region.getByRole("link", { name }).or(region.getByRole("button", { name })).first();
}
