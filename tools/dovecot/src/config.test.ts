import { describe, expect, it } from "vitest";
import type { DovecotAccounts } from "./accounts.js";
import { assertUser, type ConfigParams, renderConfig, renderPasswd } from "./config.js";

const rootAccounts: DovecotAccounts = {
  root: true,
  login: { name: "dovenull", uid: 104, gid: 112, group: "dovenull" },
  internal: { name: "dovecot", uid: 103, gid: 111, group: "dovecot" },
  mail: { name: "dovecot", uid: 103, gid: 111, group: "dovecot" },
};

function params(overrides: Partial<ConfigParams> = {}): ConfigParams {
  return {
    instanceName: "tagwire-test",
    baseDir: "/tmp/x/run",
    stateDir: "/tmp/x/state",
    logFile: "/tmp/x/dovecot.log",
    passwdFile: "/tmp/x/passwd",
    homesDir: "/tmp/x/home",
    certFile: "/tmp/x/tls/cert.pem",
    keyFile: "/tmp/x/tls/key.pem",
    imapPort: 14300,
    imapsPort: 19930,
    accounts: rootAccounts,
    ...overrides,
  };
}

describe("renderConfig", () => {
  it("writes one setting per line, never a block on one line", () => {
    const config = renderConfig(params());
    for (const line of config.split("\n")) {
      expect(line).not.toMatch(/\{.*\S.*\}/);
    }
    expect(config).toMatch(/^ {4}port = 14300$/m);
    expect(config).toMatch(/^ {4}port = 19930\n {4}ssl = yes$/m);
  });

  it("serves only IMAP on loopback with TLS 1.2+ and the settings that work as root", () => {
    const config = renderConfig(params());
    for (const setting of [
      "protocols = imap",
      "listen = 127.0.0.1",
      "ssl_min_protocol = TLSv1.2",
      "default_login_user = dovenull",
      "default_internal_user = dovecot",
      "first_valid_uid = 1",
      "disable_plaintext_auth = no",
      "auth_mechanisms = plain login",
      "  args = uid=103 gid=111 home=/tmp/x/home/%u",
      "  mail_max_userip_connections = 1000",
      "ssl_cert = </tmp/x/tls/cert.pem",
    ]) {
      expect(config).toContain(setting);
    }
    expect(config).not.toMatch(/pop3|lmtp|submission/);
    expect(config).not.toContain("chroot");
  });

  it("declares every special-use mailbox as auto-subscribed", () => {
    const config = renderConfig(params());
    for (const name of ["Drafts", "Sent", "Trash", "Junk", "Archive"]) {
      expect(config).toContain(`  mailbox ${name} {\n    special_use = \\${name}\n    auto = subscribe\n  }`);
    }
  });

  it("drops chroot when not running as root and appends extra settings", () => {
    const self = { name: "me", uid: 1000, gid: 1000, group: "me" };
    const config = renderConfig(
      params({
        accounts: { root: false, login: self, internal: self, mail: self },
        extra: "login_greeting = hi",
      }),
    );
    expect(config).toContain("default_login_user = me");
    expect(config).toMatch(/service anvil \{\n {2}chroot =\n\}/);
    expect(config.trimEnd().endsWith("login_greeting = hi")).toBe(true);
  });

  it("refuses paths that would break the config syntax", () => {
    expect(() => renderConfig(params({ logFile: "/tmp/with space/log" }))).toThrow(/cannot be written/);
  });
});

describe("users", () => {
  it("writes {PLAIN} passwd lines", () => {
    expect(renderPasswd([{ username: "alice", password: "wonderland-pass" }])).toBe(
      "alice:{PLAIN}wonderland-pass\n",
    );
  });

  it("accepts lowercase usernames and rejects what passwd-file or homes cannot hold", () => {
    expect(() => assertUser({ username: "alice.b+test@example.org", password: "p w" })).not.toThrow();
    expect(() => assertUser({ username: "Alice", password: "x" })).toThrow(/lowercase/);
    expect(() => assertUser({ username: "../etc", password: "x" })).toThrow(/lowercase/);
    expect(() => assertUser({ username: "eve", password: "a:b" })).toThrow(/":"/);
    expect(() => assertUser({ username: "eve", password: "a\nb" })).toThrow(/control/);
    expect(() => assertUser({ username: "eve", password: "" })).toThrow(/non-empty/);
  });
});
