/**
 * Which parts of a message to show, from its BODYSTRUCTURE alone, and the BODY.PEEK specs that fetch
 * them in one round trip. multipart/alternative shows its richest renderable child (html, else
 * plain); multipart/related shows its root and offers its other parts as cid: resources; any other
 * multipart shows its inline text parts in order. Everything else is an attachment, and nothing an
 * attachment holds is ever downloaded to show the text.
 */
import type { MimePart } from "../imap-client/types";

/** A text part larger than this is not fetched to be shown. */
export const MAX_TEXT_OCTETS = 4_000_000;
/** cid: images fetched with the text, at most this many octets in all. */
export const MAX_INLINE_OCTETS = 2_000_000;

export interface TextPart {
  readonly part: MimePart;
  readonly kind: "html" | "plain";
  readonly headerSpec: string;
}

export interface InlinePart {
  readonly part: MimePart;
  readonly contentId: string;
  readonly headerSpec: string;
}

export interface PartPlan {
  /** Text parts to show, in order. */
  readonly texts: readonly TextPart[];
  /** Parts an HTML body may refer to by Content-ID, small enough to fetch with the text. */
  readonly inline: readonly InlinePart[];
  readonly attachments: readonly MimePart[];
  /** Sentences about what could not be shown. */
  readonly notes: readonly string[];
  /** No structure known: the whole message is fetched (`HEADER` + `TEXT`) and parsed as one. */
  readonly whole: boolean;
  /** Every spec for `fetchBodies`, header spec before body spec for each part. */
  readonly specs: readonly string[];
}

export function planParts(root: MimePart | null): PartPlan {
  if (root === null) {
    return {
      texts: [],
      inline: [],
      attachments: [],
      notes: [],
      whole: true,
      specs: ["HEADER", "TEXT"],
    };
  }
  const single = root.children.length === 0 && !root.type.startsWith("multipart/");
  const headerSpec = (part: MimePart) => (single && part === root ? "HEADER" : `${part.section}.MIME`);
  const texts: TextPart[] = [];
  const related: MimePart[] = [];
  const attachments: MimePart[] = [];
  const notes = new Set<string>();

  const walk = (part: MimePart): void => {
    const type = part.type;
    if (type.startsWith("multipart/")) {
      if (part.children.length === 0) {
        notes.add("Part of this message is damaged and could not be shown.");
        return;
      }
      if (type === "multipart/alternative") {
        const choices = part.children.filter((c) => !isAttachment(c));
        const pick =
          findLast(choices, (c) => holds(c, "text/html")) ??
          findLast(choices, (c) => holds(c, "text/plain")) ??
          choices[choices.length - 1];
        if (pick === undefined) notes.add("This message has no text part to show.");
        else walk(pick);
        for (const c of part.children) if (isAttachment(c)) attachments.push(c);
        return;
      }
      if (type === "multipart/related") {
        const start = part.params.start?.replace(/^<|>$/g, "");
        const rootPart = part.children.find((c) => start !== undefined && c.contentId === start);
        const first = rootPart ?? part.children[0];
        if (first !== undefined) walk(first);
        for (const c of part.children) {
          if (c === first) continue;
          if (c.contentId !== null && !c.type.startsWith("multipart/")) related.push(c);
          else walk(c);
        }
        return;
      }
      for (const c of part.children) walk(c);
      return;
    }
    if (isAttachment(part)) {
      attachments.push(part);
      return;
    }
    if (type === "text/html" || type === "text/plain") {
      if (part.size > MAX_TEXT_OCTETS) {
        notes.add("Part of this message's text is too large to show here; it is listed as an attachment.");
        attachments.push(part);
        return;
      }
      texts.push({ part, kind: type === "text/html" ? "html" : "plain", headerSpec: headerSpec(part) });
      return;
    }
    attachments.push(part);
  };
  walk(root);

  const inline: InlinePart[] = [];
  let inlineOctets = 0;
  const hasHtml = texts.some((t) => t.kind === "html");
  for (const part of related) {
    const fits = part.type.startsWith("image/") && inlineOctets + part.size <= MAX_INLINE_OCTETS;
    if (hasHtml && fits && part.contentId !== null) {
      inlineOctets += part.size;
      inline.push({ part, contentId: part.contentId, headerSpec: headerSpec(part) });
    } else {
      attachments.push(part);
    }
  }
  if (texts.length === 0 && notes.size === 0) {
    notes.add(
      attachments.length > 0
        ? "This message has no text, only attachments."
        : "This message has no text part that can be shown.",
    );
  }

  const specs: string[] = [];
  for (const { part, headerSpec: h } of [...texts, ...inline]) specs.push(h, part.section);
  attachments.sort((a, b) => compareSections(a.section, b.section));
  return { texts, inline, attachments, notes: [...notes], whole: false, specs };
}

/** A named part, or one marked as an attachment, is offered for download rather than shown. */
export function isAttachment(part: MimePart): boolean {
  if (part.type.startsWith("multipart/")) return false;
  if (part.disposition === "attachment") return true;
  if (part.type === "message/rfc822") return true;
  return part.filename !== null && part.filename !== "";
}

function holds(part: MimePart, type: string): boolean {
  if (part.type === type) return true;
  return part.type.startsWith("multipart/") && part.children.some((c) => !isAttachment(c) && holds(c, type));
}

function compareSections(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function findLast<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as T;
    if (test(item)) return item;
  }
  return undefined;
}
