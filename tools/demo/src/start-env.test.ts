import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "@tagwire/gateway";
import { describe, expect, it } from "vitest";
import { browserUrl, DEMO_LATENCY_MS, demoEnv, hasOwnServer, REPO_ROOT, WEB_DIST } from "./start-env.js";

describe("pnpm start's environment", () => {
  it("starts the demo unless IMAP_URL or TAGWIRE_CONFIG names a server", () => {
    expect(hasOwnServer({})).toBe(false);
    expect(hasOwnServer({ IMAP_URL: "  " })).toBe(false);
    expect(hasOwnServer({ IMAP_URL: "imaps://imap.example.org" })).toBe(true);
    expect(hasOwnServer({ TAGWIRE_CONFIG: "/etc/tagwire.json" })).toBe(true);
  });

  it("gives the gateway the demo Dovecot, the demo account, demo latency and the built web app", () => {
    const env = demoEnv({ PATH: "/bin" }, 41_143);
    expect(env).toMatchObject({
      PATH: "/bin",
      HOST: "127.0.0.1",
      PORT: "8080",
      WEB_ROOT: WEB_DIST,
      IMAP_URL: "imap://127.0.0.1:41143",
      DEMO_ACCOUNT: "demo:demo",
      DEMO_LATENCY_MS: String(DEMO_LATENCY_MS),
    });
    const config = loadConfig({ ...env, WEB_ROOT: "" }, { defaultWebRoot: "/nonexistent" });
    expect(config.demoAccount).toEqual({ username: "demo", password: "demo" });
    expect(config.demoLatencyMs).toBe(25);
    expect(config.servers.map((s) => [s.id, s.label, s.imap.port, s.imap.security])).toEqual([
      ["default", "Tagwire demo", 41_143, "plain"],
    ]);
  });

  it("lets PORT, HOST and DEMO_LATENCY_MS override the defaults, but not the demo server", () => {
    const env = demoEnv({ PORT: "9000", HOST: "::1", DEMO_LATENCY_MS: "0", IMAP_URL: "" }, 1143);
    expect(env).toMatchObject({
      PORT: "9000",
      HOST: "::1",
      DEMO_LATENCY_MS: "0",
      IMAP_URL: "imap://127.0.0.1:1143",
    });
    expect(demoEnv({ PORT: " " }, 1143).PORT).toBe("8080");
  });

  it("prints localhost for loopback addresses", () => {
    expect(browserUrl("http", "127.0.0.1", 8080)).toBe("http://localhost:8080");
    expect(browserUrl("http", "::1", 8080)).toBe("http://localhost:8080");
    expect(browserUrl("https", "mail.example.org", 443)).toBe("https://mail.example.org:443");
    expect(browserUrl("http", "fd00::1", 80)).toBe("http://[fd00::1]:80");
  });

  it("knows where the repository and the web app's build are", () => {
    expect(existsSync(join(REPO_ROOT, "pnpm-workspace.yaml"))).toBe(true);
    expect(WEB_DIST).toBe(join(REPO_ROOT, "apps/web/dist"));
  });
});
