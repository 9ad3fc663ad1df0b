/**
 * Plain text as escaped HTML, for a message whose text parts are shown in the same frame as an
 * HTML part (multipart/mixed with both). Links carry `target="_blank" rel="noopener noreferrer"`.
 */
import { quoteRuns } from "./plain-text";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function plainTextHtml(text: string): string {
  const runs = quoteRuns(text).map((run) => {
    const inner = run.segments
      .map((s) =>
        "href" in s
          ? `<a href="${escapeHtml(s.href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(s.text)}</a>`
          : escapeHtml(s.text),
      )
      .join("");
    return run.depth === 0
      ? inner
      : `<span class="tw-quote" data-depth="${Math.min(run.depth, 9)}">${inner}</span>`;
  });
  return `<div class="tw-text">${runs.join("\n")}</div>`;
}
