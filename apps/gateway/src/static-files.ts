/**
 * Serves the built web app. Paths are decoded once, resolved inside the root and checked again after
 * symlinks are followed, so nothing outside the root is reachable; dotfiles are never served. Hashed
 * build assets (`assets/name-<hash>.ext`) are cached for a year as immutable; everything else, and
 * `index.html` above all, must be revalidated. Unknown extension-less paths fall back to `index.html`
 * so client-side routes survive a reload.
 */
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, sep } from "node:path";

/**
 * Headers sent with every response (W1, W2, W4): a strict CSP and friends.
 *
 * The reading pane shows mail HTML in an `<iframe sandbox srcdoc>` (no `allow-scripts`, no
 * `allow-same-origin`). A srcdoc document inherits this policy, and the frame's own `<meta>` CSP can
 * only narrow it further, so the page policy must allow what the frame needs and no more:
 * - `style-src 'unsafe-inline'`: mail layout lives in `<style>` blocks and `style=""` attributes.
 *   The app's own CSS is files ('self'); inline style cannot run code, and `script-src` stays
 *   `'self'` with no inline script or eval.
 * - `img-src data: blob: https: http:`: cid: images become data: URLs (the page's blob: URLs do
 *   not load in the frame's opaque origin); remote images load only after "Show images": the
 *   frame's own `img-src data: blob:` forbids them until then (W2).
 * - `frame-src 'self'`: about:srcdoc is not subject to it; no blob: frames, since a blob: document
 *   would run in the app's origin and attachments are never rendered there (W6).
 * Everything else falls back to `default-src 'self'`: no remote fonts, media, objects or workers.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self' data: blob: https: http:",
    "frame-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; "),
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
};

export const IMMUTABLE = "public, max-age=31536000, immutable";
export const NO_CACHE = "no-cache";

/** Vite's hashed output: `assets/<name>-<hash of 8+ url-safe chars>.<ext>`. */
const HASHED_ASSET = /^assets\/(?:.+\/)?[^/]+-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/;

/** Static file handler for one root folder. */
export class StaticFiles {
  private rootReal: Promise<string>;

  constructor(root: string) {
    this.rootReal = realpath(root).catch(() => root);
  }

  /**
   * Answers a GET or HEAD for `pathname` (raw, still percent-encoded).
   * @returns false when nothing matched (the caller answers 404).
   */
  async serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return false;
    }
    if (decoded.includes("\0") || decoded.includes("\\")) return false;
    const segments = decoded.split("/").filter((s) => s !== "");
    if (segments.some((s) => s.startsWith(".") || s === "..")) return false;
    let relative = segments.join("/");
    if (relative === "") relative = "index.html";

    let file = await this.resolveFile(relative);
    if (file === null && extname(relative) === "" && (req.headers.accept ?? "").includes("text/html")) {
      relative = "index.html";
      file = await this.resolveFile(relative);
    }
    if (file === null) return false;

    const { path, size, mtime } = file;
    const etag = `W/"${size.toString(16)}-${Math.floor(mtime).toString(16)}"`;
    const headers: Record<string, string | number> = {
      ...SECURITY_HEADERS,
      "Content-Type": CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream",
      "Cache-Control": HASHED_ASSET.test(relative) ? IMMUTABLE : NO_CACHE,
      ETag: etag,
      "Last-Modified": new Date(mtime).toUTCString(),
    };
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, headers).end();
      return true;
    }
    headers["Content-Length"] = size;
    res.writeHead(200, headers);
    if (req.method === "HEAD") {
      res.end();
      return true;
    }
    const stream = createReadStream(path);
    stream.on("error", () => res.destroy());
    res.on("close", () => stream.destroy());
    stream.pipe(res);
    return true;
  }

  private async resolveFile(relative: string): Promise<{ path: string; size: number; mtime: number } | null> {
    const root = await this.rootReal;
    const candidate = join(root, relative);
    if (!candidate.startsWith(root + sep)) return null;
    try {
      const real = await realpath(candidate);
      if (!real.startsWith(root + sep)) return null;
      const info = await stat(real);
      if (!info.isFile()) return null;
      return { path: real, size: info.size, mtime: info.mtimeMs };
    } catch {
      return null;
    }
  }
}
