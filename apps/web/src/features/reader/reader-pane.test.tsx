import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { MessageSummary, MimePart } from "../../lib/imap-client/types";
import { testWindow } from "../../lib/sanitize/test-window";
import { ReaderPane } from "./reader-pane";
import { readerStore } from "./store";

let root: Root | null = null;
let host: HTMLElement;

beforeAll(async () => {
  await testWindow();
  (globalThis as Record<string, unknown>).IS_REACT_ACT_ENVIRONMENT = true;
});

afterEach(() => {
  act(() => root?.unmount());
  root = null;
  readerStore.getState().reset();
});

const html: MimePart = {
  section: "1",
  type: "text/html",
  params: { charset: "utf-8" },
  encoding: "7bit",
  size: 200,
  disposition: null,
  filename: null,
  contentId: null,
  children: [],
};

const message: MessageSummary = {
  uid: 7,
  flags: ["\\Seen"],
  date: Date.UTC(2026, 11, 7, 9, 30),
  size: 300,
  from: [{ name: "Ann Example", email: "ann@example.test" }],
  to: [{ name: "Bob", email: "bob@example.test" }],
  cc: [{ name: "", email: "carol@example.test" }],
  replyTo: [],
  subject: "Quarterly numbers",
  preview: null,
  messageId: null,
  inReplyTo: null,
  hasAttachment: false,
  structure: html,
};

function render() {
  host = document.createElement("div");
  document.body.append(host);
  root = createRoot(host);
  act(() => root?.render(<ReaderPane />));
}

describe("ReaderPane", () => {
  it("shows the headers at once, then the sanitized HTML in a sandboxed frame with a Show images bar", async () => {
    readerStore.getState().attach({
      fetchBodies: async () =>
        new Map([
          ["HEADER", new TextEncoder().encode("Content-Type: text/html; charset=utf-8\r\n\r\n")],
          ["1", new TextEncoder().encode('<p>Hi</p><img src="https://marker.test/p.gif">')],
        ]),
      streamBody: async () => ({ decoded: true }),
      markSeen: async () => undefined,
    });
    render();
    act(() => readerStore.getState().open(message, "INBOX"));
    const region = host.querySelector('section[aria-label="Message"]');
    expect(region?.querySelector("h2")?.textContent).toBe("Quarterly numbers");
    expect(region?.querySelector('[title="ann@example.test"]')?.textContent).toBe("Ann Example");
    expect(region?.querySelector(".reader-recipients summary")?.textContent).toBe(
      "to Bob, carol@example.test",
    );
    expect(region?.querySelector(".reader-placeholder")).not.toBeNull();

    await act(async () => {
      await vi.waitFor(() => expect(readerStore.getState().status).toBe("ready"));
    });
    const frame = host.querySelector("iframe");
    expect(frame?.getAttribute("sandbox")).toBe("allow-popups allow-popups-to-escape-sandbox");
    expect(frame?.getAttribute("srcdoc")).toContain("img-src data: blob:;");
    expect(frame?.getAttribute("srcdoc")).not.toContain("marker.test");
    const button = [...host.querySelectorAll("button")].find((b) => b.textContent === "Show images");
    expect(host.querySelector(".reader-remote-bar")?.textContent).toContain("Remote images hidden");

    await act(async () => {
      button?.click();
      await vi.waitFor(() =>
        expect(host.querySelector("iframe")?.getAttribute("srcdoc")).toContain("marker.test"),
      );
    });
    expect(host.querySelector("iframe")?.getAttribute("srcdoc")).toContain(
      "img-src data: blob: https: http:",
    );
    expect(host.querySelector(".reader-remote-bar")).toBeNull();
  });

  it("says what went wrong and offers Try again", async () => {
    readerStore.getState().attach({
      fetchBodies: async () => {
        throw new Error("The mail server did not answer in time.");
      },
      streamBody: async () => ({ decoded: true }),
      markSeen: async () => undefined,
    });
    render();
    act(() => readerStore.getState().open(message, "INBOX"));
    await act(async () => {
      await vi.waitFor(() => expect(readerStore.getState().status).toBe("failed"));
    });
    const alert = host.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain("The mail server did not answer in time.");
    expect(alert?.querySelector("button")?.textContent).toBe("Try again");
  });
});
