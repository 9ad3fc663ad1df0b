import { describe, expect, it } from "vitest";
import { DEFAULT_DOVECOT_BINARY, findDovecot, INSTALL_COMMAND } from "./binary.js";

describe("findDovecot", () => {
  it("finds Debian's binary", async () => {
    expect(await findDovecot()).toBe(DEFAULT_DOVECOT_BINARY);
  });

  it("reports a missing explicit binary without trying to install", async () => {
    await expect(findDovecot("/nonexistent/dovecot")).rejects.toThrow(/\/nonexistent\/dovecot is missing/);
  });

  it("names the exact install command", () => {
    expect(INSTALL_COMMAND).toBe("sudo apt-get install -y dovecot-imapd");
  });
});
