import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { ConfigError, type ConfigProblemCode } from "../src/errors.js";
import { serverUrl } from "../src/server-url.js";
import { NO_WEB, problems } from "./config-problems.js";
import { makeCerts } from "./helpers.js";

/** `[setting, code]` of every problem. */
const found = (env: Record<string, string>) => problems(env).map((p) => [p.setting, p.code]);

/** A problem of `setting` with `code`, whatever its text. */
const problem = (setting: string, code: ConfigProblemCode) => ({
  setting,
  code,
  message: expect.any(String),
});

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
      expect(serverUrl(protocol)(url), url).toMatchObject({
        ok: true,
        value: { endpoint: { protocol, host, port, security } },
      });
    }
  });

  it("refuses a plaintext upstream to a non-loopback host unless explicitly insecure (G9)", () => {
    const [refusal] = problems({ IMAP_URL: "imap://imap.example.org:143" });
    expect(refusal).toEqual(problem("IMAP_URL", "GW_ERR_CONFIG_INSECURE"));
    expect(refusal?.message).toContain("imaps://imap.example.org"); // says what to use instead
    expect(found({ SMTP_URL: "smtp://smtp.example.org", IMAP_URL: "imaps://x.example.org" })).toEqual([
      ["SMTP_URL", "GW_ERR_CONFIG_INSECURE"],
    ]);
    expect(problems({ IMAP_URL: "imap://imap.example.org:143?insecure" })).toEqual([]);
    expect(problems({ IMAP_URL: "imap://imap.example.org:143", ALLOW_INSECURE_UPSTREAM: "1" })).toEqual([]);
  });

  it("explains malformed server URLs", () => {
    const bad: [string, ConfigProblemCode][] = [
      ["imap://user:pw@imap.example.org?starttls", "GW_ERR_CONFIG_FORMAT"], // credentials
      ["https://imap.example.org", "GW_ERR_CONFIG_FORMAT"], // scheme
      ["smtps://imap.example.org", "GW_ERR_CONFIG_FORMAT"], // SMTP scheme for IMAP
      ["imaps://imap.example.org?starttls", "GW_ERR_CONFIG_CONFLICT"], // implicit TLS already
      ["imap://imap.example.org?starttls&insecure", "GW_ERR_CONFIG_CONFLICT"],
      ["imap://imap.example.org?tls", "GW_ERR_CONFIG_FORMAT"], // unknown option
      ["imap://imap.example.org?starttls=no", "GW_ERR_CONFIG_FORMAT"], // flags take no value
      ["imaps://imap.example.org/INBOX", "GW_ERR_CONFIG_FORMAT"], // path
      ["imaps://bad_host!", "GW_ERR_CONFIG_FORMAT"],
      ["not a url", "GW_ERR_CONFIG_FORMAT"],
    ];
    for (const [url, code] of bad) {
      expect(found({ IMAP_URL: url }), url).toEqual([["IMAP_URL", code]]);
    }
  });

  it("reports every problem at once, each naming the setting", () => {
    const all = problems({
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
    expect(all.map((p) => [p.setting, p.code]).sort()).toEqual(
      [
        ["IMAP_URL", "GW_ERR_CONFIG_INSECURE"],
        ["PORT", "GW_ERR_CONFIG_RANGE"],
        ["MAX_SESSIONS", "GW_ERR_CONFIG_RANGE"],
        ["IDLE_TIMEOUT_MS", "GW_ERR_CONFIG_RANGE"],
        ["LOW_WATERMARK", "GW_ERR_CONFIG_CONFLICT"],
        ["ALLOWED_ORIGINS", "GW_ERR_CONFIG_FORMAT"],
        ["ALLOWED_ORIGINS", "GW_ERR_CONFIG_FORMAT"],
        ["TRUST_PROXY", "GW_ERR_CONFIG_FORMAT"],
        ["WS_PER_MESSAGE_DEFLATE", "GW_ERR_CONFIG_FORMAT"],
        ["TLS_KEY_FILE", "GW_ERR_CONFIG_CONFLICT"], // TLS_CERT_FILE without its key
      ].sort(),
    );
    for (const p of all) expect(p.message).toContain(p.setting); // each line names what to change
    const idle = all.find((p) => p.setting === "IDLE_TIMEOUT_MS");
    expect(idle?.message).toContain("1800001"); // the idle timeout must exceed IMAP's 30-minute autologout
    const origins = all.filter((p) => p.setting === "ALLOWED_ORIGINS").map((p) => p.message);
    expect(origins.join()).toMatch(/"not-an-origin".*"https:\/\/x\.example\.org\/path"/);
    const error = new ConfigError(all);
    expect(error.code).toBe("GW_ERR_CONFIG");
    expect(error.message.split("\n")).toHaveLength(all.length + 1); // one line per problem
  });

  it("asks for a server when none is configured", () => {
    expect(found({})).toEqual([["IMAP_URL", "GW_ERR_CONFIG_MISSING"]]);
    expect(found({ SMTP_URL: "smtps://smtp.example.org" })).toEqual([["IMAP_URL", "GW_ERR_CONFIG_MISSING"]]);
  });

  it("refuses plain HTTP on a non-loopback address without TLS or the explicit flag (G14)", () => {
    const [refusal, ...rest] = problems({
      IMAP_URL: "imaps://imap.example.org",
      HOST: "0.0.0.0",
      ALLOWED_HOSTS: "mail.example.org",
    });
    expect(rest).toEqual([]);
    expect(refusal).toEqual(problem("HOST", "GW_ERR_CONFIG_INSECURE"));
    // It names all three ways out.
    for (const fix of ["TLS_CERT_FILE and TLS_KEY_FILE", "HOST=127.0.0.1", "ALLOW_INSECURE_HTTP=1"]) {
      expect(refusal?.message).toContain(fix);
    }
    expect(found({ IMAP_URL: "imaps://imap.example.org", HOST: "192.0.2.10" })).toEqual([
      ["HOST", "GW_ERR_CONFIG_INSECURE"],
    ]);
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
      found({
        IMAP_URL: "imaps://imap.example.org",
        TLS_CERT_FILE: join(dir, "cert.pem"),
        TLS_KEY_FILE: join(dir, "other.pem"),
      }),
    ).toEqual([["TLS_CERT_FILE", "GW_ERR_CONFIG_FILE"]]); // a key that does not match the certificate
  });

  it("requires ALLOWED_HOSTS when listening on every address", () => {
    expect(found({ IMAP_URL: "imaps://imap.example.org", HOST: "::", ALLOW_INSECURE_HTTP: "1" })).toEqual([
      ["ALLOWED_HOSTS", "GW_ERR_CONFIG_MISSING"],
    ]);
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
    expect(found({ TAGWIRE_CONFIG: write("a.json", "{") })).toEqual([
      ["TAGWIRE_CONFIG", "GW_ERR_CONFIG_FILE"],
    ]);
    expect(found({ TAGWIRE_CONFIG: write("b.json", "[]") })).toEqual([
      ["TAGWIRE_CONFIG", "GW_ERR_CONFIG_FILE"],
    ]);
    expect(found({ TAGWIRE_CONFIG: join(dir, "missing.json") })).toEqual([
      ["TAGWIRE_CONFIG", "GW_ERR_CONFIG_FILE"],
    ]);
    write("e.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
    const servers = [
      { id: "a", imap: "imaps://a.example.org", port: 993 },
      { id: "a", imap: "imaps://b.example.org" },
      { id: "bad id", imap: "imaps://c.example.org" },
      { id: "d", imap: "imaps://d.example.org", caFile: "missing.pem" },
      { id: "e", imap: "imaps://e.example.org", caFile: "e.pem" },
      { imap: "imaps://f.example.org", label: 7 },
      { id: "g", smtp: "smtps://g.example.org" },
      "work",
    ];
    const file = write("c.json", JSON.stringify({ servers, version: 2 }));
    expect(found({ TAGWIRE_CONFIG: file })).toEqual([
      ["TAGWIRE_CONFIG version", "GW_ERR_CONFIG_UNKNOWN_KEY"],
      ["TAGWIRE_CONFIG servers[0].port", "GW_ERR_CONFIG_UNKNOWN_KEY"],
      ["TAGWIRE_CONFIG servers[2].id", "GW_ERR_CONFIG_FORMAT"],
      ["TAGWIRE_CONFIG servers[3].caFile", "GW_ERR_CONFIG_FILE"], // does not exist
      ["TAGWIRE_CONFIG servers[4].caFile", "GW_ERR_CONFIG_FILE"], // an unreadable certificate
      ["TAGWIRE_CONFIG servers[5].id", "GW_ERR_CONFIG_MISSING"],
      ["TAGWIRE_CONFIG servers[5].label", "GW_ERR_CONFIG_FORMAT"],
      ["TAGWIRE_CONFIG servers[6].imap", "GW_ERR_CONFIG_MISSING"],
      ["TAGWIRE_CONFIG servers[7]", "GW_ERR_CONFIG_FORMAT"],
      ["TAGWIRE_CONFIG", "GW_ERR_CONFIG_CONFLICT"], // id "a" twice
    ]);
    expect(found({ TAGWIRE_CA_FILE: join(dir, "e.pem"), IMAP_URL: "imaps://x.example.org" })).toEqual([
      ["TAGWIRE_CA_FILE", "GW_ERR_CONFIG_FILE"],
    ]);
  });
});
