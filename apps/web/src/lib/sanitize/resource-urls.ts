/**
 * What a mail may load, decided per URL: `cid:` becomes the URL given for the fetched part, raster
 * `data:` images stay, `http(s):` (and protocol-relative) URLs are remote and kept only when the
 * person allowed them; anything else (javascript:, relative paths that would hit the app's origin,
 * data: of other types, SVG data) is dropped.
 */

export interface ResourcePolicy {
  readonly allowRemote: boolean;
  /** Content-ID (no angle brackets) → URL of the decoded part. */
  readonly cidUrls: ReadonlyMap<string, string>;
}

export type Resolved = { readonly url: string | null; readonly remote: boolean };

const DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp|avif)[;,]/i;

export function resolveResource(raw: string, policy: ResourcePolicy): Resolved {
  const url = trimControls(raw);
  const lower = compact(url).toLowerCase();
  if (lower.startsWith("cid:")) {
    let id = url.slice(4);
    try {
      id = decodeURIComponent(id);
    } catch {
      // Keep the id as written.
    }
    id = id.replace(/^<|>$/g, "");
    return { url: policy.cidUrls.get(id) ?? null, remote: false };
  }
  if (DATA_IMAGE.test(lower) && !lower.startsWith("data:image/svg")) return { url, remote: false };
  if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("//")) {
    return { url: policy.allowRemote ? url : null, remote: true };
  }
  return { url: null, remote: false };
}

/** Links: only web, mail and phone links survive. */
export function safeLink(raw: string): string | null {
  const url = trimControls(raw);
  const lower = compact(url).toLowerCase();
  if (/^(?:https?:|mailto:|tel:)/.test(lower)) return url;
  if (lower.startsWith("//")) return `https:${url}`;
  return null;
}

/** Browsers drop leading and trailing C0 controls and spaces from a URL... */
function trimControls(url: string): string {
  let start = 0;
  let end = url.length;
  while (start < end && url.charCodeAt(start) <= 0x20) start++;
  while (end > start && url.charCodeAt(end - 1) <= 0x20) end--;
  return url.slice(start, end);
}

/** ...and tabs and line breaks anywhere; the scheme is read with every control removed. */
function compact(url: string): string {
  let out = "";
  for (const ch of url) {
    const code = ch.charCodeAt(0);
    if (code > 0x20 && code !== 0x7f) out += ch;
  }
  return out;
}

const CSS_URL = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)]*?))\s*\)/gi;
const CSS_STRING_IN_IMAGE_SET = /(image-set\([^)]*?)(["'])(.*?)\2/gi;

/**
 * CSS with every `url()` resolved through the policy (blocked ones become `none`), `@import` rules
 * removed, and legacy script hooks (`expression()`, `behavior`, `-moz-binding`) cut.
 */
export function cleanCss(css: string, policy: ResourcePolicy): { css: string; remote: boolean } {
  let remote = false;
  let text = unescapeCss(css).replace(/\/\*[\s\S]*?\*\//g, "");
  text = text.replace(/@import[^;]*;?/gi, (rule) => {
    if (/(?:url\(|["'])\s*(?:https?:)?\/\//i.test(rule)) remote = true;
    return "";
  });
  text = text.replace(CSS_URL, (_m, dq?: string, sq?: string, bare?: string) => {
    const resolved = resolveResource((dq ?? sq ?? bare ?? "").trim(), policy);
    if (resolved.remote) remote = true;
    return resolved.url === null ? "none" : `url("${resolved.url.replace(/["\\\n\r]/g, "")}")`;
  });
  text = text.replace(CSS_STRING_IN_IMAGE_SET, (_m, head: string, _q: string, inner: string) => {
    const resolved = resolveResource(inner, policy);
    if (resolved.remote) remote = true;
    return `${head}"${resolved.url === null ? "" : resolved.url.replace(/["\\\n\r]/g, "")}"`;
  });
  text = text.replace(/expression\s*\(|behavior\s*:|-moz-binding\s*:/gi, "x-blocked(");
  // Raw `<` could end a <style> element once serialized (`</style><img src=...>`); CSS needs none.
  return { css: text.replace(/</g, "\\3c "), remote };
}

/** CSS escapes (`\75 rl(`, `\@import`) spelled out, so the checks above see what the browser sees. */
function unescapeCss(css: string): string {
  if (!css.includes("\\")) return css;
  return css.replace(/\\([0-9a-fA-F]{1,6})[ \t\r\n\f]?|\\([^\r\n\f0-9a-fA-F])|\\\r?\n/g, (_m, hex, ch) => {
    if (hex !== undefined) {
      const code = Number.parseInt(hex, 16);
      return code === 0 || code > 0x10ffff ? "\ufffd" : String.fromCodePoint(code);
    }
    return ch ?? "";
  });
}
