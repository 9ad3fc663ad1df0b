import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "./open.js";

describe("isLoopbackHost", () => {
  it.each(["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1"])(
    "counts %s as this machine",
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each(["192.0.2.1", "mail.example.org", "127.0.0.1.example.org", "::2", "0.0.0.0"])(
    "does not count %s",
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
});
