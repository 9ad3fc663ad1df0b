/**
 * The document a mail's HTML is shown in: `srcdoc` of a frame sandboxed without scripts and without
 * same-origin. Its own CSP allows inline styles and local images only, plus remote images once the
 * person asked for them; no fonts, media, frames, fetches or form posts ever.
 */

export function frameCsp(allowRemote: boolean): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `img-src data: blob:${allowRemote ? " https: http:" : ""}`,
    "form-action 'none'",
  ].join("; ");
}

/** Base styles: the mail's own white page, readable defaults, nothing wider than the pane. */
const BASE_CSS = [
  "html{background:#fff;color:#1d1d1f;color-scheme:light}",
  "body{margin:0;padding:16px 20px;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;overflow-wrap:anywhere}",
  "img{max-width:100%;height:auto}",
  "table{max-width:100%}",
  "pre{white-space:pre-wrap}",
  "a{color:#2f62d9}",
].join("");

export function frameDocument(sanitizedHtml: string, allowRemote: boolean): string {
  return (
    "<!doctype html><html><head>" +
    `<meta http-equiv="Content-Security-Policy" content="${frameCsp(allowRemote)}">` +
    '<meta charset="utf-8"><meta name="referrer" content="no-referrer">' +
    `<style>${BASE_CSS}</style></head><body>${sanitizedHtml}</body></html>`
  );
}

/** Plain text as HTML for a frame (a message mixing plain and HTML parts is shown as one document). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
