/**
 * The reading pane: the open message, its body once fetched and decoded, its attachments and their
 * downloads. Opening a message costs one round trip: one UID FETCH of every part to show (MIME
 * header and body of each), pipelined with the STORE that marks it seen.
 */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { MessageSummary, MimePart } from "../../lib/imap-client/types";
import { imageDataUrl } from "../../lib/mime/data-url";
import { decodeParts } from "../../lib/mime/decode-parts";
import { fallbackName, safeFileName } from "../../lib/mime/file-name";
import { type PartPlan, planParts } from "../../lib/mime/part-plan";
import { linkify } from "../../lib/mime/plain-text";
import { escapeHtml, frameDocument } from "../../lib/sanitize/frame-document";
import { sanitizeHtml } from "../../lib/sanitize/sanitize-html";
import { fetchAttachment, saveBlob } from "./download";
import type { MessageSource } from "./message-source";

export type { MessageSource } from "./message-source";

export type ReaderBody =
  /** `doc` is the sanitized frame document; `html` the decoded mail HTML it was made from. */
  | { readonly kind: "html"; readonly html: string; readonly doc: string; readonly blockedRemote: boolean }
  | { readonly kind: "plain"; readonly texts: readonly string[] }
  | { readonly kind: "none" };

export interface AttachmentView {
  readonly section: string;
  /** Sanitized, as it will be saved. */
  readonly name: string;
  readonly type: string;
  /** Octets on the wire (base64 is about 4/3 of the file). */
  readonly size: number;
  readonly part: MimePart;
}

export interface ReaderState {
  readonly summary: MessageSummary | null;
  readonly folderPath: string | null;
  readonly status: "idle" | "loading" | "ready" | "failed";
  /** Why the body could not be loaded, as a sentence. */
  readonly problem: string | null;
  readonly body: ReaderBody | null;
  /** Sentences about parts that could not be shown. */
  readonly notes: readonly string[];
  readonly attachments: readonly AttachmentView[];
  /** "Show images" was clicked for this message. */
  readonly allowRemote: boolean;
  /** Per attachment section: a download under way, or the sentence of one that failed. */
  readonly downloads: Readonly<
    Record<string, { readonly state: "running" | "failed"; readonly problem?: string }>
  >;
  attach(source: MessageSource, options?: AttachOptions): void;
  open(summary: MessageSummary, folderPath: string): void;
  close(): void;
  retry(): void;
  showImages(): void;
  download(section: string): void;
  /** Sign-out: everything forgotten, the source detached. */
  reset(): void;
}

export interface AttachOptions {
  /** The message was marked \Seen (the list can show it read at once). */
  readonly onSeen?: (uid: number, folderPath: string) => void;
}

const idle = {
  summary: null,
  folderPath: null,
  status: "idle",
  problem: null,
  body: null,
  notes: [],
  attachments: [],
  allowRemote: false,
  downloads: {},
} as const;

export function createReaderStore() {
  let source: MessageSource | null = null;
  let hooks: AttachOptions = {};
  let loading: AbortController | null = null;
  const downloads = new Map<string, AbortController>();
  let plan: PartPlan | null = null;
  let cids = new Map<string, string>();

  const dropResources = () => {
    loading?.abort();
    loading = null;
    for (const controller of downloads.values()) controller.abort();
    downloads.clear();
    plan = null;
    cids = new Map();
  };

  return createStore<ReaderState>()((set, get) => {
    const load = (markSeen: boolean) => {
      const { summary, folderPath } = get();
      if (summary === null || folderPath === null || plan === null) return;
      const from = source;
      if (from === null) {
        set({ status: "failed", problem: "Not connected to the mail server." });
        return;
      }
      loading?.abort();
      const controller = new AbortController();
      loading = controller;
      const current = () => loading === controller && get().summary === summary;
      const thePlan = plan;
      set({ status: "loading", problem: null });

      const fetching =
        thePlan.specs.length === 0
          ? Promise.resolve(new Map<string, Uint8Array>())
          : from.fetchBodies(summary.uid, thePlan.specs, { signal: controller.signal });
      // Issued in the same tick as the FETCH, so the two are pipelined.
      if (markSeen) {
        from.markSeen(summary.uid).then(
          () => hooks.onSeen?.(summary.uid, folderPath),
          () => undefined,
        );
      }
      fetching
        .then(async (bodies) => {
          const decoded = await decodeParts(thePlan, bodies);
          if (!current()) return;
          const cidUrls = new Map<string, string>();
          for (const image of decoded.images) {
            const url = imageDataUrl(image.type, image.bytes);
            if (url !== null) cidUrls.set(image.contentId, url);
          }
          const body = await renderBody(decoded.pieces, false, cidUrls);
          if (!current()) return;
          cids = cidUrls;
          set({ status: "ready", body, notes: decoded.notes, problem: null });
        })
        .catch((error: unknown) => {
          if (!current()) return;
          set({ status: "failed", problem: sentence(error) });
        });
    };
    return {
      ...idle,
      attach: (next, options = {}) => {
        source = next;
        hooks = options;
      },
      open: (summary, folderPath) => {
        const same = get().summary;
        if (
          same !== null &&
          same.uid === summary.uid &&
          get().folderPath === folderPath &&
          get().status !== "failed"
        ) {
          set({ summary });
          return;
        }
        dropResources();
        plan = planParts(summary.structure);
        set({
          ...idle,
          summary,
          folderPath,
          status: "loading",
          attachments: plan.attachments.map(attachmentView),
        });
        load(!summary.flags.includes("\\Seen"));
      },
      close: () => {
        dropResources();
        set({ ...idle });
      },
      retry: () => {
        if (get().status === "failed") load(false);
      },
      showImages: () => {
        const { body, summary } = get();
        if (body === null || body.kind !== "html" || get().allowRemote) return;
        set({ allowRemote: true });
        sanitizeHtml(body.html, { allowRemote: true, cidUrls: cids }).then((clean) => {
          if (get().summary !== summary) return;
          set({ body: { ...body, doc: frameDocument(clean.html, true), blockedRemote: false } });
        });
      },
      download: (section) => {
        const { summary, attachments } = get();
        const from = source;
        const item = attachments.find((a) => a.section === section);
        if (summary === null || from === null || item === undefined || downloads.has(section)) return;
        const controller = new AbortController();
        downloads.set(section, controller);
        const mark = (entry: ReaderState["downloads"][string] | null) =>
          set((s) => {
            const next = { ...s.downloads };
            if (entry === null) delete next[section];
            else next[section] = entry;
            return { downloads: next };
          });
        mark({ state: "running" });
        fetchAttachment(from, summary.uid, item.part, controller.signal)
          .then((blob) => {
            if (controller.signal.aborted) return;
            saveBlob(blob, item.name);
            mark(null);
          })
          .catch((error: unknown) => {
            if (controller.signal.aborted) return;
            mark({ state: "failed", problem: sentence(error) });
          })
          .finally(() => {
            if (downloads.get(section) === controller) downloads.delete(section);
          });
      },
      reset: () => {
        dropResources();
        source = null;
        hooks = {};
        set({ ...idle });
      },
    };
  });
}

/** The body to show: plain text as text, anything with HTML as one sanitized frame document. */
async function renderBody(
  pieces: readonly { kind: "html" | "plain"; text: string }[],
  allowRemote: boolean,
  cidUrls: ReadonlyMap<string, string>,
): Promise<ReaderBody> {
  if (pieces.length === 0) return { kind: "none" };
  if (pieces.every((p) => p.kind === "plain")) return { kind: "plain", texts: pieces.map((p) => p.text) };
  const html = pieces.map((p) => (p.kind === "html" ? p.text : plainAsHtml(p.text))).join("<hr>");
  const clean = await sanitizeHtml(html, { allowRemote, cidUrls });
  return {
    kind: "html",
    html,
    doc: frameDocument(clean.html, allowRemote),
    blockedRemote: clean.blockedRemote,
  };
}

function plainAsHtml(text: string): string {
  const inner = linkify(text)
    .map((s) =>
      s.href === undefined ? escapeHtml(s.text) : `<a href="${escapeHtml(s.href)}">${escapeHtml(s.text)}</a>`,
    )
    .join("");
  return `<div style="white-space:pre-wrap">${inner}</div>`;
}

function attachmentView(part: MimePart): AttachmentView {
  return {
    section: part.section,
    name: safeFileName(part.filename, fallbackName(part.type)),
    type: part.type,
    size: part.size,
    part,
  };
}

function sentence(error: unknown): string {
  const message = error instanceof Error ? error.message.trim() : "";
  if (message === "") return "The message could not be loaded.";
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

export const readerStore = createReaderStore();

export function useReaderStore<T>(selector: (state: ReaderState) => T): T {
  return useStore(readerStore, selector);
}
