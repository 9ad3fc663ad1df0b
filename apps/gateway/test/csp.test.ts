/**
 * The page CSP directive by directive (W1, W2, W4, W6): what the reading pane's sandboxed srcdoc
 * frame inherits and needs (inline mail styles, data: images, remote images once allowed) is open,
 * and nothing that could run code or navigate is.
 */
import { describe, expect, it } from "vitest";
import { SECURITY_HEADERS } from "../src/static-files.js";

function directives(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name !== undefined && name !== "") out.set(name.toLowerCase(), values);
  }
  return out;
}

const csp = directives(SECURITY_HEADERS["Content-Security-Policy"] ?? "");

describe("the page's Content-Security-Policy", () => {
  it("runs only the app's own script files: no inline script, no eval, no plugins", () => {
    expect(csp.get("script-src")).toEqual(["'self'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.has("script-src-elem")).toBe(false);
    expect(csp.has("script-src-attr")).toBe(false);
    expect(csp.has("worker-src")).toBe(false);
  });

  it("cannot be framed, cannot change its base URL and submits no form", () => {
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'none'"]);
    expect(SECURITY_HEADERS["X-Frame-Options"]).toBe("DENY");
    expect(SECURITY_HEADERS["Referrer-Policy"]).toBe("no-referrer");
    expect(SECURITY_HEADERS["X-Content-Type-Options"]).toBe("nosniff");
  });

  it("lets the mail frame use inline styles and data: images, and remote images once allowed", () => {
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(new Set(csp.get("img-src"))).toEqual(new Set(["'self'", "data:", "blob:", "https:", "http:"]));
  });

  it("talks only to its own gateway and frames no blob: or data: documents", () => {
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(csp.get("frame-src")).toEqual(["'self'"]);
    for (const name of ["font-src", "media-src", "child-src", "manifest-src"])
      expect(csp.has(name)).toBe(false);
  });
});
