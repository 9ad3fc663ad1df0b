import { describe, expect, it } from "vitest";
import { parseImapUrl, redactUrl } from "./url.js";

describe("parseImapUrl", () => {
  it.each([
    [
      "imap://alice:secret@127.0.0.1:1143",
      { secure: false, host: "127.0.0.1", port: 1143, username: "alice", password: "secret" },
    ],
    [
      "imaps://mail.example.org",
      { secure: true, host: "mail.example.org", port: 993, username: null, password: null },
    ],
    ["imap://mail.example.org", { secure: false, port: 143 }],
    [
      "IMAPS://bob@[::1]:9993/",
      { secure: true, host: "::1", port: 9993, username: "bob", password: null, mailbox: null },
    ],
    ["imap://a%40b.org:p%3Ass%20w%25rd@h:1", { username: "a@b.org", password: "p:ss w%rd" }],
    ["imap://alice:p@ss@h:1", { username: "alice", password: "p@ss", host: "h" }],
    ["imap://alice;AUTH=LOGIN:x@h", { username: "alice", mechanism: "LOGIN" }],
    ["imap://alice;auth=*@h", { username: "alice", mechanism: "auto" }],
    ["imap://h/Archive%2F2024", { mailbox: "Archive/2024" }],
    ["imap://mail.example.org?starttls", { secure: false, starttls: true, insecure: false, port: 143 }],
    ["imap://a:b@h:1?insecure", { starttls: false, insecure: true, password: "b" }],
    ["imap://h/INBOX?starttls&insecure", { mailbox: "INBOX", starttls: true, insecure: true }],
    ["imaps://h", { starttls: false, insecure: false }],
  ])("parses %s", (text, expected) => {
    expect(parseImapUrl(text)).toMatchObject(expected);
  });

  it.each([
    "http://h",
    "imap://",
    "imap://h:0",
    "imap://h:70000",
    "imap://h:port",
    "imap://a:%zz@h",
    "imap://a;AUTH=GSSAPI@h",
    "imap://h?tls",
    "imaps://h?starttls",
  ])("refuses %s with IMAP_ERR_INVALID_ARGUMENT", (text) => {
    expect(() => parseImapUrl(text)).toThrow(expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }));
  });

  it("never repeats the password in its errors", () => {
    try {
      parseImapUrl("imap://alice:hunter2%zz@h");
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("hunter2");
    }
  });

  it("redacts the password when printing the URL", () => {
    expect(redactUrl(parseImapUrl("imaps://al%20ice:secret@[::1]"))).toBe("imaps://al%20ice:***@[::1]:993");
    expect(redactUrl(parseImapUrl("imap://h:1"))).toBe("imap://h:1");
    expect(redactUrl(parseImapUrl("imap://u:p@h?starttls"))).toBe("imap://u:***@h:143?starttls");
  });
});
