import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

function manifest(path: string): Record<string, Record<string, string> | undefined> {
  return JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8"));
}

describe("runtime dependencies (G15)", () => {
  it("keeps the gateway's runtime dependencies to ws and the optional bufferutil", () => {
    const gateway = manifest("../package.json");
    expect(Object.keys(gateway.dependencies ?? {})).toEqual(["ws"]);
    expect(Object.keys(gateway.optionalDependencies ?? {})).toEqual(["bufferutil"]);
    expect(gateway.peerDependencies).toBeUndefined();
  });

  it("keeps the protocol core free of runtime dependencies", () => {
    const imap = manifest("../../../packages/imap/package.json");
    expect(imap.dependencies).toBeUndefined();
    expect(imap.optionalDependencies).toBeUndefined();
    expect(imap.peerDependencies).toBeUndefined();
  });

  it("pins every runtime dependency in the committed lockfile", () => {
    const lock = readFileSync(new URL("../../../pnpm-lock.yaml", import.meta.url), "utf8");
    const start = lock.indexOf("\n  apps/gateway:\n");
    expect(start).toBeGreaterThan(0);
    const end = lock.indexOf("\n\n", start + 1);
    const importer = lock.slice(start, end);
    for (const name of ["ws", "bufferutil"]) {
      expect(importer).toMatch(
        new RegExp(`\\n {6}${name}:\\n {8}specifier: [^\\n]+\\n {8}version: \\d+\\.\\d+\\.\\d+`),
      );
    }
  });
});
