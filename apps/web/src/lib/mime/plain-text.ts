/**
 * Plain text as the reading pane shows it: runs of lines grouped by quote depth (`>`, `> >`), and
 * the links in them (http, https and mailto only, and bare addresses as mailto). format=flowed has
 * already been unfolded by the decoder, so a flowed paragraph arrives as one line.
 */

export type TextSegment = { readonly text: string } | { readonly text: string; readonly href: string };

export interface QuoteRun {
  /** 0 for the message's own words, 1 for `> quoted`, 2 for `> > quoted twice`, ... */
  readonly depth: number;
  readonly segments: readonly TextSegment[];
}

const QUOTE = /^(?:> ?)+/;
const LINK = /\b(?:https?:\/\/|mailto:)[^\s<>"]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/gi;
const TRAILING = /[.,;:!?'"*_]+$/;

export function quoteRuns(text: string): QuoteRun[] {
  const runs: { depth: number; lines: string[] }[] = [];
  for (const line of text.replace(/\r\n?/g, "\n").replace(/\s+$/, "").split("\n")) {
    const marks = QUOTE.exec(line)?.[0] ?? "";
    const depth = (marks.match(/>/g) ?? []).length;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.depth === depth) last.lines.push(line);
    else runs.push({ depth, lines: [line] });
  }
  return runs.map((run) => ({ depth: run.depth, segments: linkify(run.lines.join("\n")) }));
}

/** Splits text into plain runs and links; only http(s) and mailto targets ever become links. */
export function linkify(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index;
    const raw = trimUrl(match[0]);
    const href = safeHref(raw);
    if (href === null) continue;
    if (start > at) out.push({ text: text.slice(at, start) });
    out.push({ text: raw, href });
    at = start + raw.length;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at) });
  return out;
}

/** Punctuation that ends a sentence is not part of the link; a `)` is, when it closes a `(` inside. */
function trimUrl(url: string): string {
  let out = url.replace(TRAILING, "");
  while (out.endsWith(")") && count(out, "(") < count(out, ")")) out = out.slice(0, -1).replace(TRAILING, "");
  return out;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function safeHref(raw: string): string | null {
  const candidate = /^(?:https?:|mailto:)/i.test(raw) ? raw : raw.includes("@") ? `mailto:${raw}` : null;
  if (candidate === null) return null;
  try {
    const url = new URL(candidate);
    if (url.protocol !== "http:" && url.protocol !== "https:" && url.protocol !== "mailto:") return null;
    if (url.protocol !== "mailto:" && url.hostname === "") return null;
    return url.href;
  } catch {
    return null;
  }
}
