import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_OPTIONS, loadConfig } from "../src/config.js";
import { ConfigError } from "../src/errors.js";
import { parseServerUrl } from "../src/server-url.js";
import { makeCerts } from "./helpers.js";

const NO_WEB = { defaultWebRoot: "/nonexistent" };

/** The problems loadConfig reports for `env` (empty when it loads). */
function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env, NO_WEB);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig({ IMAP_URL: "imaps://imap.example.org" }, NO_WEB);
    expect(config).toMatchObject({
      port: 8080,
      host: "127.0.0.1",
      allowedOrigins: [],
      allowedHosts: ["127.0.0.1", "localhost", "[::1]"],
      trustProxy: [],
      demoLatencyMs: 0,
      maxSessions: 10_000,
      maxSessionsPerIp: 32,
      newSessionsPerIpPerMinute: 30,
      newSessionsPerIpBurst: 10,
      maxPayload: 256 * 1024,
      highWatermark: 1024 * 1024,
      lowWatermark: 256 * 1024,
      upstreamConnectTimeoutMs: 10_000,
      heartbeatIntervalMs: 30_000,
      idleTimeoutMs: 35 * 60_000,
      perMessageDeflate: false,
      webRoot: null,
      tls: null,
      denyPrivateUpstream: false,
    });
    expect(config.servers).toEqual([
      {
        id: "default",
        label: "imap.example.org",
        imap: { protocol: "imap", host: "imap.example.org", port: 993, security: "tls" },
      },
    ]);
  });

  it("parses every IMAP_URL and SMTP_URL form", () => {
    const cases: [string, "imap" | "smtp", string, number, string][] = [
      ["imaps://imap.example.org", "imap", "imap.example.org", 993, "tls"],
      ["imaps://IMAP.Example.org:1993", "imap", "imap.example.org", 1993, "tls"],
      ["imap://imap.example.org:143?starttls", "imap", "imap.example.org", 143, "starttls"],
      ["imap://imap.example.org?starttls", "imap", "imap.example.org", 143, "starttls"],
      ["imap://127.0.0.1:1143", "imap", "127.0.0.1", 1143, "plain"],
      ["imap://[::1]:1143", "imap", "::1", 1143, "plain"],
      ["imap://localhost", "imap", "localhost", 143, "plain"],
      ["imap://mail.lan:143?insecure", "imap", "mail.lan", 143, "plain"],
      ["smtps://smtp.example.org", "smtp", "smtp.example.org", 465, "tls"],
      ["smtp://smtp.example.org:587?starttls", "smtp", "smtp.example.org", 587, "starttls"],
      ["smtp://127.0.0.1:2525", "smtp", "127.0.0.1", 2525, "plain"],
    ];
    for (const [url, protocol, host, port, security] of cases) {
      expect(parseServerUrl("URL", url, protocol, false), url).toEqual({
        ok: true,
        endpoint: { protocol, host, port, security },
      });
    }
  });

  it("refuses a plaintext upstream to a non-loopback host unless explicitly insecure (G9)", () => {
    const [problem] = problems({ IMAP_URL: "imap://imap.example.org:143" });
    expect(problem).toContain("IMAP_URL");
    expect(problem).toContain("in clear");
    expect(problem).toContain("imaps://imap.example.org");
    expect(problems({ SMTP_URL: "smtp://smtp.example.org", IMAP_URL: "imaps://x.example.org" })[0]).toContain(
      "SMTP_URL",
    );
    expect(problems({ IMAP_URL: "imap://imap.example.org:143?insecure" })).toEqual([]);
    expect(problems({ IMAP_URL: "imap://imap.example.org:143", ALLOW_INSECURE_UPSTREAM: "1" })).toEqual([]);
  });

  it("explains malformed server URLs", () => {
    const bad: [string, RegExp][] = [
      ["imap://user:pw@imap.example.org?starttls", /must not contain credentials/],
      ["https://imap.example.org", /scheme "https:" is not allowed/],
      ["smtps://imap.example.org", /scheme "smtps:" is not allowed/],
      ["imaps://imap.example.org?starttls", /implicit TLS already/],
      ["imap://imap.example.org?tls", /unknown option "\?tls"/],
      ["imap://imap.example.org?starttls=no", /flags take no value/],
      ["imaps://imap.example.org/INBOX", /unexpected path/],
      ["imaps://bad_host!", /not a URL|not a valid host name/],
      ["not a url", /not a URL/],
    ];
    for (const [url, pattern] of bad) {
      expect(problems({ IMAP_URL: url }).join("\n"), url).toMatch(pattern);
    }
  });

  it("reports every problem at once, each naming the setting", () => {
    const found = problems({
      IMAP_URL: "imap://imap.example.org",
      PORT: "eighty",
      MAX_SESSIONS: "0",
      IDLE_TIMEOUT_MS: "60000",
      LOW_WATERMARK: "2000000",
      ALLOWED_ORIGINS: "https://ok.example.org,not-an-origin,https://x.example.org/path",
      TRUST_PROXY: "10.0.0.0/8,bogus",
      WS_PER_MESSAGE_DEFLATE: "maybe",
      TLS_CERT_FILE: "/nonexistent/cert.pem",
    });
    const text = found.join("\n");
    for (const name of [
      "IMAP_URL",
      "PORT",
      "MAX_SESSIONS",
      "IDLE_TIMEOUT_MS",
      "LOW_WATERMARK",
      '"not-an-origin"',
      '"https://x.example.org/path"',
      '"bogus"',
      "WS_PER_MESSAGE_DEFLATE",
      "TLS_CERT_FILE and TLS_KEY_FILE go together",
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain("1800001"); // the idle timeout must exceed IMAP's 30-minute autologout
  });

  it("asks for a server when none is configured", () => {
    expect(problems({})).toEqual([expect.stringMatching(/no mail server configured: set IMAP_URL/)]);
  });

  it("refuses plain HTTP on a non-loopback address without TLS or the explicit flag (G14)", () => {
    const refusal = problems({
      IMAP_URL: "imaps://imap.example.org",
      HOST: "0.0.0.0",
      ALLOWED_HOSTS: "mail.example.org",
    });
    expect(refusal).toHaveLength(1);
    expect(refusal[0]).toMatch(/HOST=0\.0\.0\.0 would serve plain HTTP/);
    expect(refusal[0]).toMatch(/TLS_CERT_FILE and TLS_KEY_FILE/);
    expect(refusal[0]).toMatch(/ALLOW_INSECURE_HTTP=1/);
    expect(problems({ IMAP_URL: "imaps://imap.example.org", HOST: "192.0.2.10" })[0]).toMatch(/plain HTTP/);
    expect(
      problems({
        IMAP_URL: "imaps://imap.example.org",
        HOST: "0.0.0.0",
        ALLOWED_HOSTS: "mail.example.org",
        ALLOW_INSECURE_HTTP: "1",
      }),
    ).toEqual([]);
    const certs = makeCerts();
    const dir = mkdtempSync(join(tmpdir(), "tagwire-gw-tls-"));
    writeFileSync(join(dir, "cert.pem"), certs.cert);
    writeFileSync(join(dir, "key.pem"), certs.key);
    const config = loadConfig(
      {
        IMAP_URL: "imaps://imap.example.org",
        HOST: "0.0.0.0",
        ALLOWED_HOSTS: "mail.example.org",
        TLS_CERT_FILE: join(dir, "cert.pem"),
        TLS_KEY_FILE: join(dir, "key.pem"),
      },
      NO_WEB,
    );
    expect(config.tls?.cert).toBe(certs.cert);
    writeFileSync(join(dir, "other.pem"), certs.selfSignedKey);
    expect(
      problems({
        IMAP_URL: "imaps://imap.example.org",
        TLS_CERT_FILE: join(dir, "cert.pem"),
        TLS_KEY_FILE: join(dir, "other.pem"),
      })[0],
    ).toMatch(/unusable certificate or key/);
  });

  it("requires ALLOWED_HOSTS when listening on every address", () => {
    const found = problems({ IMAP_URL: "imaps://imap.example.org", HOST: "::", ALLOW_INSECURE_HTTP: "1" });
    expect(found).toEqual([expect.stringMatching(/set ALLOWED_HOSTS/)]);
  });

  it("normalises allowed origins and hosts", () => {
    const config = loadConfig(
      {
        IMAP_URL: "imaps://imap.example.org",
        ALLOWED_ORIGINS: "https://Mail.Example.org:443, http://localhost:5173/",
        ALLOWED_HOSTS: "Mail.Example.org, localhost:5173, [::1]",
      },
      NO_WEB,
    );
    expect(config.allowedOrigins).toEqual(["https://mail.example.org", "http://localhost:5173"]);
    expect(config.allowedHosts).toEqual(["mail.example.org", "localhost:5173", "[::1]"]);
  });

  it("reads several servers from TAGWIRE_CONFIG, CA files relative to the file", () => {
    const certs = makeCerts();
    const dir = mkdtempSync(join(tmpdir(), "tagwire-gw-config-"));
    writeFileSync(join(dir, "work-ca.pem"), certs.ca);
    const file = join(dir, "servers.json");
    writeFileSync(
      file,
      JSON.stringify({
        servers: [
          {
            id: "work",
            label: "Work",
            imap: "imaps://imap.work.example",
            smtp: "smtp://smtp.work.example:587?starttls",
            caFile: "work-ca.pem",
          },
          { id: "home", imap: "imap://127.0.0.1:1143" },
        ],
      }),
    );
    const config = loadConfig({ TAGWIRE_CONFIG: file, IMAP_URL: "imaps://imap.example.org" }, NO_WEB);
    expect(
      config.servers.map((s) => [s.id, s.label, s.imap.security, s.smtp?.security, s.ca === certs.ca]),
    ).toEqual([
      ["default", "imap.example.org", "tls", undefined, false],
      ["work", "Work", "tls", "starttls", true],
      ["home", "home", "plain", undefined, false],
    ]);
  });

  it("explains mistakes in TAGWIRE_CONFIG", () => {
    const dir = mkdtempSync(join(tmpdir(), "tagwire-gw-config-"));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    expect(problems({ TAGWIRE_CONFIG: write("a.json", "{") })[0]).toMatch(/cannot read .* as JSON/);
    expect(problems({ TAGWIRE_CONFIG: write("b.json", "[]") })[0]).toMatch(/"servers" array/);
    write("e.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
    const text = problems({
      TAGWIRE_CONFIG: write(
        "c.json",
        JSON.stringify({
          servers: [
            { id: "a", imap: "imaps://a.example.org", port: 993 },
            { id: "a", imap: "imaps://b.example.org" },
            { id: "bad id", imap: "imaps://c.example.org" },
            { id: "d", imap: "imaps://d.example.org", caFile: "missing.pem" },
            { id: "e", imap: "imaps://e.example.org", caFile: "e.pem" },
          ],
        }),
      ),
    }).join("\n");
    expect(text).toMatch(/servers\[0\]: unknown key "port"/);
    expect(text).toMatch(/server id "a" is defined twice/);
    expect(text).toMatch(/servers\[2\]\.id: required/);
    expect(text).toMatch(/servers\[3\]\.caFile: .*missing\.pem does not exist/);
    expect(text).toMatch(/servers\[4\]\.caFile: .*e\.pem holds an unreadable certificate/);
    expect(problems({ TAGWIRE_CA_FILE: join(dir, "e.pem"), IMAP_URL: "imaps://x.example.org" })[0]).toMatch(
      /unreadable certificate/,
    );
  });

  it("names every option in the README with its default", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const [name, defaultValue] of ENV_OPTIONS) {
      expect(readme, name).toContain(`\`${name}\``);
      expect(readme, `${name} default`).toContain(defaultValue);
    }
  });
});
