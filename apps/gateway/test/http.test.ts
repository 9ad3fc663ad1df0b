import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMMUTABLE, NO_CACHE } from "../src/static-files.js";
import { makeCerts, sleep, startGateway, type TestGateway, testConfig } from "./helpers.js";

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; " +
  "img-src 'self' data: blob: https: http:; frame-src 'self'; object-src 'none'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

let gw: TestGateway;
let apiOnly: TestGateway;
let root: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "tagwire-gw-web-"));
  root = join(dir, "dist");
  mkdirSync(join(root, "assets"), { recursive: true });
  writeFileSync(join(root, "index.html"), "<!doctype html><title>Tagwire</title>");
  writeFileSync(join(root, "assets", "index-3fA9b_7c.js"), "console.log(1)");
  writeFileSync(join(root, "assets", "plain.css"), "body{}");
  writeFileSync(join(root, "favicon.svg"), "<svg/>");
  writeFileSync(join(root, ".env"), "SECRET=1");
  writeFileSync(join(dir, "secret.txt"), "outside the root");
  symlinkSync(join(dir, "secret.txt"), join(root, "link.txt"));
  const base = testConfig(1, { webRoot: root, headersTimeoutMs: 400, requestTimeoutMs: 1000 });
  gw = await startGateway({
    ...base,
    servers: [
      {
        id: "default",
        label: "Example Mail",
        imap: { protocol: "imap", host: "imap.example.org", port: 993, security: "tls" },
        smtp: { protocol: "smtp", host: "smtp.example.org", port: 587, security: "starttls" },
        ca: makeCerts().ca,
      },
    ],
  });
  apiOnly = await startGateway(testConfig(1, { webRoot: null }));
});
afterAll(async () => {
  await gw.close();
  await apiOnly.close();
});

const get = (path: string, init: RequestInit = {}) => fetch(`${gw.origin}${path}`, init);

/** A raw request, for paths fetch() would normalise. */
function rawGet(port: number, path: string, host = `127.0.0.1:${port}`): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.on("data", (d) => {
      text += d.toString("latin1");
      if (text.includes("\r\n")) {
        resolve(Number(text.slice(9, 12)));
        socket.destroy();
      }
    });
    socket.on("error", reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  });
}

describe("static files", () => {
  it("serves index.html with the strict security headers and no-cache (W1, W4)", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe(CSP);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("cache-control")).toBe(NO_CACHE);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toContain("<title>Tagwire</title>");
  });

  it("caches hashed assets for a year as immutable, and other files not", async () => {
    const hashed = await get("/assets/index-3fA9b_7c.js");
    expect(hashed.headers.get("cache-control")).toBe(IMMUTABLE);
    expect(hashed.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(hashed.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(hashed.headers.get("content-security-policy")).toBe(CSP);
    expect((await get("/assets/plain.css")).headers.get("cache-control")).toBe(NO_CACHE);
    expect((await get("/favicon.svg")).headers.get("cache-control")).toBe(NO_CACHE);
  });

  it("answers a revalidation with 304", async () => {
    const first = await get("/index.html");
    const etag = first.headers.get("etag") ?? "";
    expect(etag).not.toBe("");
    const again = await get("/index.html", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
  });

  it("falls back to index.html for client routes that accept HTML, and 404s missing files", async () => {
    const route = await get("/mail/inbox", { headers: { Accept: "text/html" } });
    expect(route.status).toBe(200);
    expect(route.headers.get("cache-control")).toBe(NO_CACHE);
    expect((await get("/assets/missing-12345678.js")).status).toBe(404);
  });

  it("never serves files outside the root, dotfiles or symlinks leaving the root", async () => {
    for (const path of [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/..%5csecret.txt",
      "/%2e%2e%2fsecret.txt",
      "/.env",
      "/link.txt",
      "/index.html%00.js",
      "/%E0%A4%A",
    ]) {
      expect(await rawGet(gw.port, path), path).toBe(404);
    }
  });

  it("serves only the API when there is no web app", async () => {
    expect((await fetch(`${apiOnly.origin}/`)).status).toBe(404);
    expect((await fetch(`${apiOnly.origin}/api/servers`)).status).toBe(200);
  });
});

describe("API", () => {
  it("lists servers by id, label, host, port and security, never secrets", async () => {
    const res = await get("/api/servers");
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    expect(JSON.parse(text)).toEqual([
      {
        id: "default",
        label: "Example Mail",
        imap: { host: "imap.example.org", port: 993, security: "tls" },
        smtp: { host: "smtp.example.org", port: 587, security: "starttls" },
      },
    ]);
    expect(text).not.toContain("CERTIFICATE");
  });

  it("answers /healthz", async () => {
    const res = await get("/healthz");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok\n");
  });

  it("exposes Prometheus metrics", async () => {
    const res = await get("/metrics");
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await res.text();
    for (const name of [
      "tagwire_gateway_sessions_active 0",
      'tagwire_gateway_sessions_total{protocol="imap"} 0',
      'tagwire_gateway_bytes_total{direction="up"} 0',
      'tagwire_gateway_bytes_total{direction="down"} 0',
      "# TYPE tagwire_gateway_refusals_total counter",
      "# TYPE tagwire_gateway_upstream_connect_seconds histogram",
      'tagwire_gateway_upstream_connect_seconds_bucket{le="+Inf"} 0',
    ]) {
      expect(text).toContain(name);
    }
  });

  it("answers a plain GET on a WebSocket path with 426 and other methods with 405", async () => {
    expect((await get("/ws/imap?server=default")).status).toBe(426);
    expect((await get("/api/servers", { method: "POST" })).status).toBe(405);
  });

  it("refuses a foreign Host header on plain requests too (G3)", async () => {
    expect(await rawGet(gw.port, "/api/servers", "evil.test")).toBe(421);
    expect(await rawGet(gw.port, "/", `evil.test:${gw.port}`)).toBe(421);
    expect(await rawGet(gw.port, "/api/servers", `localhost:${gw.port}`)).toBe(200);
  });
});

describe("HTTP deadlines (G6)", () => {
  it("cuts a client that drips its headers at the header deadline", async () => {
    const socket = connect(gw.port, "127.0.0.1");
    socket.on("error", () => {});
    socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const drip = setInterval(() => socket.write("X-Drip: 1\r\n"), 100);
    const started = Date.now();
    await new Promise((resolve) => socket.once("close", resolve));
    clearInterval(drip);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(2000);
  });

  it("keeps a normal keep-alive client working meanwhile", async () => {
    await sleep(10);
    expect((await get("/healthz")).status).toBe(200);
  });
});
