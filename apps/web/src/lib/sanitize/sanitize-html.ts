/**
 * Mail HTML made safe to show (W1, W2): DOMPurify with a closed list of what is dropped, then every
 * URL the mail could load checked against the resource policy. The result is still only ever shown
 * inside a sandboxed frame with its own CSP; this is the first of the layers, not the only one.
 */
import type { DOMPurify as Purifier } from "dompurify";
import { cleanCss, type ResourcePolicy, resolveResource, safeLink } from "./resource-urls";

export interface SanitizeOptions {
  /** Load remote images and CSS resources (the person clicked "Show images"). */
  readonly allowRemote?: boolean;
  /** Content-ID → URL of the decoded part (a data: URL: blob: URLs do not load in the mail frame). */
  readonly cidUrls?: ReadonlyMap<string, string>;
}

export interface SanitizedHtml {
  /** `<style>` elements, then the body's content: ready for the frame document's body. */
  readonly html: string;
  /** The mail asked for something remote that was not loaded. */
  readonly blockedRemote: boolean;
}

const FORBID_TAGS = [
  "script",
  "noscript",
  "base",
  "meta",
  "link",
  "title",
  "form",
  "input",
  "button",
  "select",
  "option",
  "optgroup",
  "textarea",
  "datalist",
  "output",
  "fieldset",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "portal",
  "video",
  "audio",
  "source",
  "track",
  "template",
  "slot",
  "dialog",
  "use",
  "animate",
  "animatemotion",
  "animatetransform",
  "animatecolor",
  "set",
  "foreignobject",
  "feimage",
  "math",
];

const FORBID_ATTR = [
  "action",
  "formaction",
  "ping",
  "srcdoc",
  "poster",
  "lowsrc",
  "dynsrc",
  "autofocus",
  "contenteditable",
  "http-equiv",
  "xmlns:xlink",
];

/** Attributes that load a resource, on any element. */
const RESOURCE_ATTRS = ["src", "background"];

export async function sanitizeHtml(dirty: string, options: SanitizeOptions = {}): Promise<SanitizedHtml> {
  const { default: purify } = await import("dompurify");
  return sanitizeWith(purify, dirty, options);
}

/** The same with a DOMPurify already loaded (tests, or a second render of the same message). */
export function sanitizeWith(
  base: Purifier,
  dirty: string,
  options: SanitizeOptions = {},
  win: Window = window,
): SanitizedHtml {
  const policy: ResourcePolicy = {
    allowRemote: options.allowRemote ?? false,
    cidUrls: options.cidUrls ?? new Map(),
  };
  // A fresh instance per call: hooks are per instance and these close over this call's policy.
  const purify = base(win as unknown as Parameters<Purifier>[0]);
  let blockedRemote = false;
  const note = (remote: boolean, kept: boolean) => {
    if (remote && !kept) blockedRemote = true;
  };

  purify.addHook("uponSanitizeElement", (node, data) => {
    if (data.tagName === "style" && node.textContent !== null) {
      const cleaned = cleanCss(node.textContent, policy);
      note(cleaned.remote, policy.allowRemote);
      node.textContent = cleaned.css;
    }
  });

  purify.addHook("afterSanitizeAttributes", (node) => {
    const el = node as Element;
    if (typeof el.getAttribute !== "function") return;
    const tag = el.localName;

    for (const name of RESOURCE_ATTRS) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      const resolved = resolveResource(value, policy);
      note(resolved.remote, resolved.url !== null);
      if (resolved.url === null) el.removeAttribute(name);
      else el.setAttribute(name, resolved.url);
    }

    const srcset = el.getAttribute("srcset");
    if (srcset !== null) {
      const candidates = srcset.split(",").map((c) => c.trim().split(/\s+/)[0] ?? "");
      const resolved = candidates.map((c) => resolveResource(c, policy));
      const remote = resolved.some((r) => r.remote);
      const keep = policy.allowRemote && resolved.every((r) => r.url !== null);
      note(remote, keep);
      if (!keep) el.removeAttribute("srcset");
    }

    const style = el.getAttribute("style");
    if (style !== null) {
      const cleaned = cleanCss(style, policy);
      note(cleaned.remote, policy.allowRemote);
      el.setAttribute("style", cleaned.css);
    }

    for (const name of ["href", "xlink:href"]) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      if (tag === "a" || tag === "area") {
        const link = safeLink(value);
        if (link === null) el.removeAttribute(name);
        else el.setAttribute(name, link);
      } else {
        // SVG <image>, <pattern>... load what href names: the same rules as src.
        const resolved = resolveResource(value, policy);
        note(resolved.remote, resolved.url !== null);
        if (resolved.url === null) el.removeAttribute(name);
        else el.setAttribute(name, resolved.url);
      }
    }

    if ((tag === "a" || tag === "area") && el.hasAttribute("href")) {
      el.setAttribute("target", "_blank");
      el.setAttribute("rel", "noopener noreferrer");
    } else if (tag === "a" || tag === "area") {
      el.removeAttribute("target");
    }
  });

  const root = purify.sanitize(dirty, {
    WHOLE_DOCUMENT: true,
    RETURN_DOM: true,
    FORBID_TAGS,
    FORBID_ATTR,
    ADD_ATTR: ["target"],
    ALLOW_UNKNOWN_PROTOCOLS: false,
    ALLOW_DATA_ATTR: false,
  }) as unknown as HTMLElement;

  const doc = root.ownerDocument;
  const styles = [...root.querySelectorAll("head style")].map((s) => s.outerHTML).join("");
  const body = root.querySelector("body") ?? doc.body;
  return { html: styles + (body?.innerHTML ?? ""), blockedRemote };
}
