/**
 * Plain text as blocks to render: consecutive lines of the same `>` quote depth form one block (the
 * quote marks removed), and http, https and mailto URLs become links. format=flowed is already
 * unfolded by the decoder; this only reads the quote levels that remain.
 */

export type Segment = { readonly text: string; readonly href?: string };

export interface TextBlock {
  /** 0 for the author's own text, 1 for `>`, 2 for `>>`... */
  readonly depth: number;
  readonly lines: readonly (readonly Segment[])[];
}

export function textBlocks(text: string): TextBlock[] {
  const blocks: { depth: number; lines: Segment[][] }[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  for (const line of lines) {
    const match = /^((?:> ?)*)/.exec(line)?.[1] ?? "";
    const depth = match.replace(/ /g, "").length;
    const content = depth === 0 ? line : line.slice(match.length);
    const last = blocks[blocks.length - 1];
    const segments = linkify(content);
    if (last !== undefined && last.depth === depth) last.lines.push(segments);
    else blocks.push({ depth, lines: [segments] });
  }
  return blocks;
}

const URL_PATTERN = /\b(?:https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+)/gi;

/** Splits text into plain runs and links; trailing punctuation and unbalanced `)` stay text. */
export function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (const found of text.matchAll(URL_PATTERN)) {
    const start = found.index;
    const url = trimUrl(found[0]);
    if (url === "" || /^(https?:\/\/|mailto:)$/i.test(url)) continue;
    if (start > at) segments.push({ text: text.slice(at, start) });
    segments.push({ text: url, href: url });
    at = start + url.length;
  }
  if (at < text.length || segments.length === 0) segments.push({ text: text.slice(at) });
  return segments;
}

function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const c = url[end - 1];
    if (c === undefined) break;
    if (".,;:!?'*".includes(c)) {
      end--;
      continue;
    }
    if (c === ")" || c === "]") {
      const open = c === ")" ? "(" : "[";
      const body = url.slice(0, end);
      if (count(body, open) < count(body, c)) {
        end--;
        continue;
      }
    }
    break;
  }
  return url.slice(0, end);
}

function count(s: string, c: string): number {
  let n = 0;
  for (const ch of s) if (ch === c) n++;
  return n;
}
