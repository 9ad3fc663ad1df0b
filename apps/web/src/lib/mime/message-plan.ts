/**
 * Which parts showing a message needs, read from its BODYSTRUCTURE alone, so that one UID FETCH
 * brings the text and nothing else: multipart/alternative shows its richest part we can render
 * (HTML, else plain text), multipart/related its root plus the parts the root may reference by
 * `cid:`, multipart/mixed (and any unknown multipart, RFC 2046 §5.1.7) its inline text parts in
 * order. Everything else with a name, an `attachment` disposition or a type we cannot show is an
 * attachment, fetched only when the person asks for it. An embedded message (message/rfc822) is shown
 * inline with its own header unless it is marked as an attachment.
 */
import type { MimePart } from "../imap-client/types";

/** Larger text parts are offered as downloads rather than shown. */
export const TEXT_LIMIT = 8_000_000;

export type BodyItem =
  | {
      readonly kind: "text" | "html";
      readonly part: MimePart;
      /** `BODY[<spec>]` holding this part's MIME header (Content-Type, Content-Transfer-Encoding). */
      readonly headerSpec: string;
    }
  /** The header of an embedded message, shown above its body. */
  | { readonly kind: "message"; readonly part: MimePart; readonly headerSpec: string };

export interface MessagePlan {
  readonly items: readonly BodyItem[];
  readonly attachments: readonly MimePart[];
  /** Parts an HTML body may reference by `cid:` (the non-root parts of a related group it shows). */
  readonly inline: readonly MimePart[];
  /** Sentences for what cannot be shown (an encrypted message, a text too large). */
  readonly notes: readonly string[];
  /** The structure is missing or holds nothing to show: read the message as a whole instead. */
  readonly fallback: boolean;
}

/** Types that are text for a person to read although not text/plain. */
const READABLE = new Set([
  "text/enriched",
  "text/rfc822-headers",
  "message/delivery-status",
  "message/global-delivery-status",
  "message/disposition-notification",
  "message/feedback-report",
]);

const EMBEDDED = new Set(["message/rfc822", "message/global"]);

interface Collector {
  items: BodyItem[];
  attachments: MimePart[];
  inline: MimePart[];
  notes: string[];
}

export function planMessage(structure: MimePart | null): MessagePlan {
  if (structure === null) return { items: [], attachments: [], inline: [], notes: [], fallback: true };
  const out: Collector = { items: [], attachments: [], inline: [], notes: [] };
  walk(structure, out, structure.children.length === 0 ? "HEADER" : null);
  const fallback = out.items.length === 0 && out.attachments.length === 0 && out.notes.length === 0;
  return { ...out, fallback };
}

/**
 * @param soleHeader the header spec when `part` is the whole body of a message (its MIME header is
 *   that message's header: `HEADER`, or `<section>.HEADER` inside an embedded message).
 */
function walk(part: MimePart, out: Collector, soleHeader: string | null): void {
  if (part.type.startsWith("multipart/")) {
    walkMultipart(part, out);
    return;
  }
  if (EMBEDDED.has(part.type)) {
    if (isMarkedAttachment(part)) {
      out.attachments.push(part);
      return;
    }
    out.items.push({ kind: "message", part, headerSpec: `${part.section}.HEADER` });
    walkEmbeddedBody(part, out);
    return;
  }
  const role = leafRole(part);
  if (role === "attachment") {
    out.attachments.push(part);
    return;
  }
  if (part.size > TEXT_LIMIT) {
    out.notes.push(`Part ${part.section} is too large to show here; it is listed with the attachments.`);
    out.attachments.push(part);
    return;
  }
  out.items.push({ kind: role, part, headerSpec: soleHeader ?? `${part.section}.MIME` });
}

function walkMultipart(part: MimePart, out: Collector): void {
  const children = part.children;
  switch (part.type) {
    case "multipart/alternative":
      walkAlternative(children, out);
      return;
    case "multipart/related": {
      const root = relatedRoot(part);
      if (root === null) return;
      walk(root, out, null);
      for (const child of children) {
        if (child === root) continue;
        if (child.contentId !== null && child.children.length === 0) out.inline.push(child);
        else out.attachments.push(child);
      }
      return;
    }
    case "multipart/signed": {
      const [signed, ...signatures] = children;
      if (signed !== undefined) walk(signed, out, null);
      out.attachments.push(...signatures.filter((c) => c.children.length === 0));
      return;
    }
    case "multipart/encrypted":
      out.notes.push("This message is encrypted, and Tagwire cannot decrypt it.");
      out.attachments.push(...children.filter((c) => c.children.length === 0));
      return;
    default:
      for (const child of children) walk(child, out, null);
  }
}

/** The richest alternative we can render; the others are dropped, except those only a program reads. */
function walkAlternative(children: readonly MimePart[], out: Collector): void {
  let chosen: MimePart | null = null;
  let best = 0;
  for (const child of children) {
    const score = renderScore(child);
    if (score > 0 && score >= best) {
      chosen = child;
      best = score;
    }
  }
  if (chosen === null) {
    for (const child of children) walk(child, out, null);
    return;
  }
  walk(chosen, out, null);
  for (const child of children) {
    if (child !== chosen && renderScore(child) === 0 && child.children.length === 0) {
      out.attachments.push(child);
    }
  }
}

/**
 * The body of an embedded message. The part tree lists the parts of an embedded multipart directly
 * under the message part (its own subtype is not kept), so a text/plain + text/html pair is taken
 * for the alternative it almost always is.
 */
function walkEmbeddedBody(part: MimePart, out: Collector): void {
  const children = part.children;
  if (children.length === 1 && children[0] !== undefined && children[0].children.length === 0) {
    walk(children[0], out, `${part.section}.HEADER`);
    return;
  }
  const looksAlternative =
    children.length >= 2 &&
    children.every((c) => renderScore(c) > 0 && c.disposition === null && c.filename === null) &&
    children.some((c) => renderScore(c) === 2);
  if (looksAlternative) walkAlternative(children, out);
  else for (const child of children) walk(child, out, null);
}

/** 2 when the part renders as HTML, 1 as plain text, 0 when it has nothing to show. */
function renderScore(part: MimePart): number {
  if (part.type === "multipart/related") {
    const root = relatedRoot(part);
    return root === null ? 0 : renderScore(root);
  }
  if (part.type.startsWith("multipart/")) return Math.max(0, ...part.children.map(renderScore));
  if (EMBEDDED.has(part.type)) return 0;
  const role = leafRole(part);
  return role === "html" ? 2 : role === "text" ? 1 : 0;
}

/** RFC 2387: the part named by the `start` parameter, else the first. */
function relatedRoot(part: MimePart): MimePart | null {
  const start = part.params.start?.trim().replace(/^<|>$/g, "");
  if (start !== undefined && start !== "") {
    const named = part.children.find((c) => c.contentId === start);
    if (named !== undefined) return named;
  }
  return part.children[0] ?? null;
}

function leafRole(part: MimePart): "html" | "text" | "attachment" {
  if (isMarkedAttachment(part)) return "attachment";
  if (part.type === "text/html") return "html";
  if (part.type === "text/plain" || READABLE.has(part.type)) return "text";
  return "attachment";
}

/** An `attachment` disposition, or a file name without an `inline` disposition. */
function isMarkedAttachment(part: MimePart): boolean {
  if (part.disposition === "attachment") return true;
  return part.filename !== null && part.disposition !== "inline";
}
