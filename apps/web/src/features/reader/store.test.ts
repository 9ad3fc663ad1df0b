import { beforeAll, describe, expect, it, vi } from "vitest";
import type { MessageSummary, MimePart } from "../../lib/imap-client/types";
import { testWindow } from "../../lib/sanitize/test-window";
import { mimeLeaf as leaf, messageSummary } from "../../testing/mail";
import type { MessageSource } from "./message-source";
import { createReaderStore } from "./store";

beforeAll(async () => {
  await testWindow();
});

const bytes = (s: string) => new TextEncoder().encode(s);

function summary(structure: MimePart | null, flags: string[] = []): MessageSummary {
  return messageSummary({ structure, flags });
}

function fakeSource(
  parts: Record<string, string | Uint8Array>,
  stream?: { chunks: Uint8Array[]; decoded: boolean },
) {
  const calls: string[] = [];
  const source: MessageSource = {
    fetchBodies: vi.fn(async (_uid: number, specs: readonly string[]) => {
      calls.push(`fetch ${specs.join(" ")}`);
      const found = new Map<string, Uint8Array>();
      for (const spec of specs) {
        const value = parts[spec];
        if (value !== undefined) found.set(spec, typeof value === "string" ? bytes(value) : value);
      }
      return found;
    }),
    streamBody: vi.fn(async (_uid: number, section: string, onChunk: (b: Uint8Array) => void) => {
      calls.push(`stream ${section}`);
      for (const chunk of stream?.chunks ?? []) onChunk(chunk);
      return { decoded: stream?.decoded ?? true };
    }),
    markSeen: vi.fn(async () => {
      calls.push("seen");
    }),
  };
  return { source, calls };
}

const settled = async (store: ReturnType<typeof createReaderStore>) => {
  await vi.waitFor(() => expect(store.getState().status).not.toBe("loading"));
};

describe("reader store", () => {
  it("fetches every part in one call, marks seen in the same tick, and shows plain text", async () => {
    const store = createReaderStore();
    const { source, calls } = fakeSource({
      HEADER: "Content-Type: text/plain; charset=utf-8\r\n\r\n",
      "1": "Hi there\r\n> quoted\r\n",
    });
    const onSeen = vi.fn();
    store.getState().attach(source, { onSeen });
    store.getState().open(summary(leaf("1", "text/plain")), "INBOX");
    expect(store.getState()).toMatchObject({ status: "loading", folderPath: "INBOX" });
    expect(source.fetchBodies).toHaveBeenCalledTimes(1);
    expect(source.markSeen).toHaveBeenCalledWith(42);
    await settled(store);
    expect(calls).toEqual(["fetch HEADER 1", "seen"]);
    expect(store.getState().body).toEqual({ kind: "plain", texts: ["Hi there\n> quoted"] });
    expect(onSeen).toHaveBeenCalledWith(42, "INBOX");
  });

  it("does not mark a seen message again", async () => {
    const store = createReaderStore();
    const { source } = fakeSource({ HEADER: "\r\n", "1": "x" });
    store.getState().attach(source);
    store.getState().open(summary(leaf("1", "text/plain"), ["\\Seen"]), "INBOX");
    await settled(store);
    expect(source.markSeen).not.toHaveBeenCalled();
  });

  it("sanitizes HTML into a frame document, blocking remote images until Show images", async () => {
    const store = createReaderStore();
    const root: MimePart = {
      ...leaf("", "multipart/related"),
      size: 0,
      children: [leaf("1", "text/html"), leaf("2", "image/png", { contentId: "logo", encoding: "base64" })],
    };
    const { source } = fakeSource({
      "1.MIME": "Content-Type: text/html; charset=utf-8\r\n\r\n",
      "1": '<p onclick="x()">Hi</p><img src="cid:logo"><img src="https://tracker.test/p.gif"><script>x()</script>',
      "2.MIME": "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n",
      "2": "iVBORw0KGgo=",
    });
    store.getState().attach(source);
    store.getState().open(summary(root), "INBOX");
    await settled(store);
    const body = store.getState().body;
    if (body?.kind !== "html") throw new Error(`expected html, got ${body?.kind}`);
    expect(body.blockedRemote).toBe(true);
    expect(body.doc).toContain("img-src data: blob:; form-action 'none'");
    expect(body.doc).toContain('<img src="data:image/png;base64,iVBORw0KGgo=">');
    expect(body.doc).not.toContain("tracker.test");
    expect(body.doc).not.toMatch(/script|onclick/);

    store.getState().showImages();
    await vi.waitFor(() => {
      const shown = store.getState().body;
      expect(shown?.kind === "html" && shown.doc.includes("https://tracker.test/p.gif")).toBe(true);
    });
    expect(store.getState().allowRemote).toBe(true);
  });

  it("reports a failed fetch as a sentence and tries again without marking seen twice", async () => {
    const store = createReaderStore();
    const { source } = fakeSource({ HEADER: "\r\n", "1": "back" });
    vi.mocked(source.fetchBodies).mockRejectedValueOnce(
      new Error("The connection to the mail server closed."),
    );
    store.getState().attach(source);
    store.getState().open(summary(leaf("1", "text/plain")), "INBOX");
    await settled(store);
    expect(store.getState()).toMatchObject({
      status: "failed",
      problem: "The connection to the mail server closed.",
    });
    store.getState().retry();
    await settled(store);
    expect(store.getState().body).toEqual({ kind: "plain", texts: ["back"] });
    expect(source.markSeen).toHaveBeenCalledTimes(1);
  });

  it("ignores a late answer for a message no longer open", async () => {
    const store = createReaderStore();
    let release: (v: Map<string, Uint8Array>) => void = () => undefined;
    const { source } = fakeSource({});
    vi.mocked(source.fetchBodies).mockImplementationOnce(() => new Promise((r) => (release = r)));
    store.getState().attach(source);
    store.getState().open(summary(leaf("1", "text/plain")), "INBOX");
    store.getState().close();
    release(new Map([["1", bytes("late")]]));
    await new Promise((r) => setTimeout(r, 20));
    expect(store.getState()).toMatchObject({ status: "idle", summary: null, body: null });
  });

  it("lists attachments with safe names and never fetches them to show the text", async () => {
    const store = createReaderStore();
    const root: MimePart = {
      ...leaf("", "multipart/mixed"),
      size: 0,
      children: [
        leaf("1", "text/plain"),
        leaf("2", "application/pdf", {
          filename: "../re\u202Eport.pdf",
          disposition: "attachment",
          size: 9_000_000,
        }),
      ],
    };
    const { source, calls } = fakeSource({ "1.MIME": "\r\n", "1": "see attached" });
    store.getState().attach(source);
    store.getState().open(summary(root), "INBOX");
    await settled(store);
    expect(calls[0]).toBe("fetch 1.MIME 1");
    expect(store.getState().attachments.map((a) => [a.section, a.name, a.type])).toEqual([
      ["2", "_re_port.pdf", "application/pdf"],
    ]);
  });

  it("downloads an attachment byte for byte, decoding it when the server could not", async () => {
    const store = createReaderStore();
    const file = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);
    const encoded = bytes(Buffer.from(file).toString("base64").replace(/.{76}/g, "$&\r\n"));
    const root: MimePart = {
      ...leaf("", "multipart/mixed"),
      size: 0,
      children: [
        leaf("1", "text/plain"),
        leaf("2", "text/html", { filename: "page.html", encoding: "base64", disposition: "attachment" }),
      ],
    };
    const { source } = fakeSource(
      { "1.MIME": "\r\n", "1": "x" },
      { chunks: [encoded.slice(0, 333), encoded.slice(333, 334), encoded.slice(334)], decoded: false },
    );
    const saved: { blob: Blob; name: string }[] = [];
    const createObjectURL = vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      saved.push({ blob: blob as Blob, name: "" });
      return "blob:test/1";
    });
    const click = vi.fn();
    const anchor = document.createElement("a");
    vi.spyOn(document, "createElement").mockImplementation(() => Object.assign(anchor, { click }));
    store.getState().attach(source);
    store.getState().open(summary(root), "INBOX");
    await settled(store);
    store.getState().download("2");
    await vi.waitFor(() => expect(click).toHaveBeenCalled());
    const blob = saved.at(-1)?.blob;
    expect(blob?.type).toBe("application/octet-stream");
    expect(new Uint8Array(await (blob as Blob).arrayBuffer())).toEqual(file);
    expect(anchor.download).toBe("page.html");
    expect(store.getState().downloads).toEqual({});
    createObjectURL.mockRestore();
    vi.restoreAllMocks();
  });

  it("forgets everything on reset", async () => {
    const store = createReaderStore();
    const { source } = fakeSource({ HEADER: "\r\n", "1": "x" });
    store.getState().attach(source);
    store.getState().open(summary(leaf("1", "text/plain")), "INBOX");
    await settled(store);
    store.getState().reset();
    expect(store.getState()).toMatchObject({ summary: null, body: null, status: "idle", attachments: [] });
    store.getState().open(summary(leaf("1", "text/plain")), "INBOX");
    expect(store.getState()).toMatchObject({
      status: "failed",
      problem: "Not connected to the mail server.",
    });
  });
});
