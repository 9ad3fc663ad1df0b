import { describe, expect, it } from "vitest";
import { descriptorsNeeded, openFileLimitWarning, parseOpenFileLimit } from "../src/fd-limit.js";

const limits = (soft: string) =>
  `Limit                     Soft Limit           Hard Limit           Units     \nMax open files            ${soft}                20000                files     \n`;

describe("open-file limit check", () => {
  it("reads the soft limit", () => {
    expect(parseOpenFileLimit(limits("1024"))).toBe(1024);
    expect(parseOpenFileLimit(limits("unlimited"))).toBeNull();
  });

  it("warns when the limit cannot hold MAX_SESSIONS, saying what to set", () => {
    const warning = openFileLimitWarning(10_000, limits("20000"));
    expect(warning).toContain(`raise it to ${descriptorsNeeded(10_000)}`);
    expect(warning).toContain("holds about 9968 sessions");
  });

  it("stays quiet when the limit is enough", () => {
    expect(openFileLimitWarning(10_000, limits("65536"))).toBeNull();
    expect(openFileLimitWarning(100, limits("1024"))).toBeNull();
  });
});
