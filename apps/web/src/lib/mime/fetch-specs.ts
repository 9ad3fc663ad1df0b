/**
 * The `BODY.PEEK[...]` specs that open a message in one UID FETCH: each text part's MIME header and
 * body, embedded messages' headers, and the `cid:` images of an HTML body while they are small.
 */
import type { MimePart } from "../imap-client/types";
import type { MessagePlan } from "./message-plan";

/** Encoded bytes of inline images fetched with the text; larger sets are streamed after it. */
export const INLINE_BUDGET = 2_000_000;
/** A message without a usable structure is fetched whole up to this size. */
export const WHOLE_LIMIT = 1_000_000;

export interface BodySpecs {
  readonly specs: readonly string[];
  /** Inline images whose bodies are among `specs`. */
  readonly prefetched: readonly MimePart[];
  /** Inline images left for later (fetched once the HTML shows it references them). */
  readonly deferred: readonly MimePart[];
}

export function bodySpecs(plan: MessagePlan, budget: number = INLINE_BUDGET): BodySpecs {
  const specs = new Set<string>();
  for (const item of plan.items) {
    specs.add(item.headerSpec);
    if (item.kind !== "message") specs.add(item.part.section);
  }
  const prefetched: MimePart[] = [];
  const deferred: MimePart[] = [];
  const images = plan.items.some((i) => i.kind === "html")
    ? plan.inline.filter((p) => p.type.startsWith("image/"))
    : [];
  let spent = 0;
  for (const image of images) {
    if (spent + image.size <= budget) {
      spent += image.size;
      specs.add(image.section);
      prefetched.push(image);
    } else deferred.push(image);
  }
  return { specs: [...specs], prefetched, deferred };
}

/**
 * Specs for a message whose structure is unknown: the whole message when small, else its header and
 * first part (which is the body of a single-part message, or the first part of a multipart one).
 */
export function fallbackSpecs(size: number): readonly string[] {
  return size > 0 && size <= WHOLE_LIMIT ? [""] : ["HEADER", "1.MIME", "1"];
}
