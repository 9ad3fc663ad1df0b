/**
 * The panel rendered in Chromium (playwright-core, Debian's /usr/bin/chromium): a bundle of
 * `protocol-panel.harness.tsx` served on a made-up origin, driven by role and name.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { type Browser, chromium, type Page } from "playwright-core";
import { build, type Rolldown } from "vite";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { WireEvent } from "../../lib/imap-client/types";
import { PREFS_KEY } from "./panel-prefs";
import type { ProtocolState } from "./store";

const ORIGIN = "http://protocol-panel.test";
const VARS =
  ":root{--bg:#fff;--surface:#f7f7f8;--fg:#1d1d1f;--muted:#6b6b73;--border:#e6e6ea;--hover:#f1f1f4;--accent:#2f62d9}" +
  "html,body{margin:0;height:100%;font:14px system-ui}body{display:flex;flex-direction:column;justify-content:flex-end}";

let browser: Browser;
let html = "";
let page: Page;

declare global {
  interface Window {
    protocol: { store: { getState(): ProtocolState } };
  }
}

async function bundle(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: "silent",
    plugins: [react()],
    define: { "process.env.NODE_ENV": JSON.stringify("development") },
    build: {
      write: false,
      minify: false,
      cssCodeSplit: false,
      rollupOptions: {
        input: fileURLToPath(new URL("./protocol-panel.harness.tsx", import.meta.url)),
        output: { format: "iife" },
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const files = outputs.flatMap((o) => o.output);
  const js = files.flatMap((f) => (f.type === "chunk" ? [f.code] : [])).join("\n");
  const css = files
    .flatMap((f) => (f.type === "asset" && f.fileName.endsWith(".css") ? [String(f.source)] : []))
    .join("\n");
  const safe = (text: string) => text.replaceAll("</", "<\\/");
  return `<!doctype html><html><head><meta charset="utf-8"><style>${VARS}${css}</style></head><body><div id="root"></div><script>${safe(js)}</script></body></html>`;
}

beforeAll(async () => {
  [html, browser] = await Promise.all([
    bundle(),
    chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] }),
  ]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function open(
  prefs: { open: boolean; height: number } | null = { open: true, height: 320 },
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const p = await context.newPage();
  p.setDefaultTimeout(5000);
  await p.route(`${ORIGIN}/**`, (route) =>
    route.fulfill({ contentType: "text/html; charset=utf-8", body: html }),
  );
  await p.addInitScript(
    ({ key, value }: { key: string; value: string | null }) => {
      if (value !== null && sessionStorage.getItem("seeded") === null) {
        localStorage.setItem(key, value);
        sessionStorage.setItem("seeded", "1");
      }
    },
    { key: PREFS_KEY, value: prefs === null ? null : JSON.stringify(prefs) },
  );
  await p.goto(`${ORIGIN}/`);
  await p.getByRole("region", { name: "Protocol" }).waitFor();
  return p;
}

async function ingest(p: Page, events: WireEvent[]): Promise<void> {
  await p.evaluate((batch) => {
    window.protocol.store.getState().ingest("main", batch);
    window.protocol.store.getState().flush();
  }, events);
}

const sent = (tag: string, at: number, text: string): WireEvent => ({
  kind: "sent",
  at,
  tag,
  name: text.split(" ")[1] ?? "NOOP",
  text,
  bytes: 24,
  inFlight: 1,
});
const done = (tag: string, at: number): WireEvent => ({
  kind: "completed",
  at,
  tag,
  status: "OK",
  text: `${tag} OK done`,
  bytes: 14,
});

const dataRows = () => page.locator('[role="grid"] [data-row-key]');

describe("ProtocolPanel in a browser", { timeout: 30_000 }, () => {
  beforeEach(async () => {
    page = await open();
  });

  afterEach(async () => {
    await page.context().close();
  });

  it("collapses and expands, remembering it across a reload", async () => {
    const toggle = page.getByRole("button", { name: "Protocol", exact: true });
    await expect(toggle.getAttribute("aria-expanded")).resolves.toBe("true");
    await toggle.click();
    await expect(toggle.getAttribute("aria-expanded")).resolves.toBe("false");
    expect(await page.getByRole("searchbox", { name: "Filter commands" }).count()).toBe(0);
    await page.reload();
    await expect(
      page.getByRole("button", { name: "Protocol", exact: true }).getAttribute("aria-expanded"),
    ).resolves.toBe("false");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect(toggle.getAttribute("aria-expanded")).resolves.toBe("true");
  });

  it("draws pipelined commands as overlapping bars, filters, shows raw lines and clears", async () => {
    await ingest(page, [
      sent("A1", 1000, "A1 SELECT INBOX"),
      sent("A2", 1001, "A2 UID SEARCH ALL"),
      sent("A3", 1002, "A3 UID FETCH 1:3 (FLAGS)"),
      { kind: "untagged", at: 1020, tags: ["A3"], text: "* 1 FETCH (UID 1 FLAGS (\\Seen))", bytes: 30 },
      done("A1", 1030),
      done("A2", 1031),
      done("A3", 1040),
    ]);
    await expect(dataRows().count()).resolves.toBe(3);
    const ranges = await dataRows().evaluateAll((els) =>
      els.map((el) => [Number(el.getAttribute("data-sent-at")), Number(el.getAttribute("data-done-at"))]),
    );
    expect(ranges).toEqual([
      [1000, 1030],
      [1001, 1031],
      [1002, 1040],
    ]);
    for (const [s1 = 0, d1 = 0] of ranges)
      for (const [s2 = 0, d2 = 0] of ranges) expect(s1 < d2 && s2 < d1).toBe(true);
    // The bars themselves overlap on screen.
    const boxes = await page.locator('[role="grid"] .protocol-bar').evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return [r.left, r.right];
      }),
    );
    expect(boxes).toHaveLength(3);
    const [a, b, c] = boxes as [number[], number[], number[]];
    expect((a[1] ?? 0) > (c[0] ?? 0) && (b[1] ?? 0) > (c[0] ?? 0)).toBe(true);
    expect(await page.locator('[role="grid"] .protocol-tick').count()).toBe(1);
    const header = page.locator(".protocol-stats");
    await expect(header.textContent()).resolves.toBe("0 in flight72 B sent72 B received");

    const filter = page.getByRole("searchbox", { name: "Filter commands" });
    await filter.fill("fetch");
    await expect(dataRows().count()).resolves.toBe(1);
    await filter.fill("");
    await expect(dataRows().count()).resolves.toBe(3);

    await page.getByRole("row").filter({ hasText: "UID FETCH" }).click();
    const detail = page.getByRole("region", { name: "Raw lines of A3" });
    const text = await detail.textContent();
    expect(text).toContain("C: A3 UID FETCH 1:3 (FLAGS)");
    expect(text).toContain("S: * 1 FETCH (UID 1 FLAGS (\\Seen))");
    expect(text).toContain("S: A3 OK done");

    await page.getByRole("button", { name: "Clear" }).click();
    await expect(dataRows().count()).resolves.toBe(0);
    await expect(page.getByText("No commands yet.").isVisible()).resolves.toBe(true);
    expect(await detail.count()).toBe(0);
  });

  it("keeps the DOM small after 10,000 commands and follows the newest", async () => {
    await page.evaluate(() => {
      const events = [];
      for (let i = 0; i < 10_000; i++) {
        events.push({
          kind: "sent",
          at: i,
          tag: `A${i}`,
          name: "NOOP",
          text: `A${i} NOOP`,
          bytes: 10,
          inFlight: 1,
        });
        events.push({
          kind: "completed",
          at: i + 0.5,
          tag: `A${i}`,
          status: "OK",
          text: `A${i} OK`,
          bytes: 10,
        });
      }
      window.protocol.store.getState().ingest("main", events as never);
    });
    await page.waitForFunction(() => window.protocol.store.getState().rows.length === 500);
    await expect(page.getByRole("grid").getAttribute("aria-rowcount")).resolves.toBe("501");
    expect(await dataRows().count()).toBeLessThan(60);
    await expect(page.getByRole("row").filter({ hasText: "A9999" }).isVisible()).resolves.toBe(true);
  });

  it("is driven by the keyboard: rows, raw lines and the resize edge", async () => {
    await ingest(page, [sent("A1", 1, "A1 NOOP"), sent("A2", 2, "A2 CAPABILITY"), done("A1", 3)]);
    const grid = page.getByRole("grid", { name: "Commands" });
    await grid.focus();
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("region", { name: "Raw lines of A2" }).isVisible()).resolves.toBe(true);

    const edge = page.getByRole("separator", { name: "Resize Protocol panel" });
    await edge.focus();
    await page.keyboard.press("ArrowUp");
    const panel = page.getByRole("region", { name: "Protocol" });
    expect(await panel.evaluate((el) => el.getBoundingClientRect().height)).toBe(344);

    const box = await edge.boundingBox();
    if (box === null) throw new Error("no resize edge");
    await page.mouse.move(box.x + 50, box.y + 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 50, box.y - 98, { steps: 4 });
    await page.mouse.up();
    expect(await panel.evaluate((el) => el.getBoundingClientRect().height)).toBe(444);
    const saved = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "{}"), PREFS_KEY);
    expect(saved).toEqual({ open: true, height: 444 });
  });

  it("compares pipelined with one at a time on one time scale, reachable and closable by keyboard", async () => {
    await page.evaluate(() => {
      const calls: unknown[] = [];
      (window as unknown as { calls: unknown[] }).calls = calls;
      const ev = (kind: string, tag: string, at: number) =>
        kind === "sent"
          ? { kind, at, tag, name: "NOOP", text: `${tag} NOOP`, bytes: 10, inFlight: 1 }
          : { kind, at, tag, status: "OK", text: `${tag} OK`, bytes: 8 };
      window.protocol.store.getState().configureCompare({
        latency: { defaultMs: 100, maxMs: 200 },
        run: async (options) => {
          calls.push(options);
          await new Promise((r) => setTimeout(r, 30));
          return (
            options.maxInFlight === 1
              ? [
                  ev("sent", "B1", 0),
                  ev("completed", "B1", 100),
                  ev("sent", "B2", 100),
                  ev("completed", "B2", 200),
                ]
              : [
                  ev("sent", "C1", 50),
                  ev("sent", "C2", 50),
                  ev("completed", "C1", 150),
                  ev("completed", "C2", 150),
                ]
          ) as never;
        },
      });
    });
    const slider = page.getByRole("slider", { name: "Latency" });
    await expect(slider.getAttribute("max")).resolves.toBe("200");
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await expect(slider.inputValue()).resolves.toBe("110");

    const compare = page.getByRole("button", { name: "Compare: pipelined vs one at a time", exact: true });
    await compare.focus();
    await page.keyboard.press("Enter");
    const view = page.getByRole("region", { name: "Pipelined vs one at a time" });
    await page
      .getByText("Pipelined: 100 ms in 1 round trip. One at a time: 200 ms in 2 round trips — 2.0x faster.")
      .waitFor();
    expect(await page.evaluate(() => (window as unknown as { calls: unknown[] }).calls)).toEqual([
      { latencyMs: 110 },
      { maxInFlight: 1, latencyMs: 110 },
    ]);
    const lanes = view.getByRole("table");
    await expect(lanes.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")))).resolves.toEqual([
      "Pipelined: 100 ms, 1 round trip",
      "One at a time: 200 ms, 2 round trips",
    ]);
    // One time scale: the pipelined bars end where the one-at-a-time run is half done.
    const rights = await view
      .locator(".protocol-bar")
      .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().right)));
    const [p1, p2, s1, s2] = rights as [number, number, number, number];
    expect(p1).toBe(p2);
    expect(Math.abs(p1 - s1)).toBeLessThanOrEqual(1);
    expect(s2).toBeGreaterThan(p1 + 100);
    await expect(view.evaluate((el) => el.contains(document.activeElement))).resolves.toBe(true);

    await page.keyboard.press("Escape");
    expect(await view.count()).toBe(0);
    await expect(compare.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  });

  it("states a failed run in a sentence and offers no slider without demo latency", async () => {
    await page.evaluate(() =>
      window.protocol.store.getState().configureCompare({
        latency: null,
        run: async () => {
          throw new Error("Sign in first.");
        },
      }),
    );
    expect(await page.getByRole("slider").count()).toBe(0);
    await page.getByRole("button", { name: "Compare: pipelined vs one at a time" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toBe(
      "The comparison failed: Sign in first.",
    );
    await page.getByRole("button", { name: "Close comparison" }).click();
    await expect(page.getByRole("grid", { name: "Commands" }).isVisible()).resolves.toBe(true);
  });
});
