/** Plain HTTP answers of the gateway's API: small text or JSON bodies, never cached. */
import type { ServerResponse } from "node:http";
import { SECURITY_HEADERS } from "./static-files.js";

/** Headers of every API answer: the web app's security headers, and no caching. */
export const API_HEADERS = { ...SECURITY_HEADERS, "Cache-Control": "no-store" };

/** Answers with `status` and a text body (none for HEAD); `headers` override the defaults. */
export function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...API_HEADERS,
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}
