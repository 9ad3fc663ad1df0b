import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REMOTE_ERROR_CODES } from "../errors.js";
import {
  CLEAN_CLOSE_CODES,
  CONNECTION_ENDS,
  type ConnectionEndReason,
  describeConnectionEnd,
  endOfClose,
  reasonForCloseCode,
  reasonForLabel,
} from "./connection-end.js";
import { ImapTransportError } from "./transport-error.js";

/** The gateway's README: its two tables are the source of the mapping. */
const README = readFileSync(new URL("../../../../apps/gateway/README.md", import.meta.url), "utf8");

/** The body of the section that starts with `heading`, up to the next heading of any level. */
function section(heading: string): string {
  const start = README.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`apps/gateway/README.md has no "${heading}"`);
  const rest = README.slice(start + heading.length + 1);
  const next = rest.search(/^#{1,6} /m);
  return next < 0 ? rest : rest.slice(0, next);
}

/** Table rows (not the header or the rule) as trimmed cells. */
function rows(markdown: string): string[][] {
  return markdown
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|[\s|:-]+\|$/.test(line))
    .slice(1)
    .map((line) =>
      line
        .slice(1, -1)
        .split("|")
        .map((cell) => cell.trim()),
    );
}

const labels = (cell: string) => [...cell.matchAll(/`([a-z_]+)`/g)].map((m) => m[1] as string);

/** [status, label] of every row of "Upgrade refusals" (`ip_cap` / `ip_rate` share one row). */
const REFUSALS = rows(
  section("### Upgrade refusals (plain HTTP, before the handshake, no upstream contact)"),
).flatMap(([status, label]) => labels(label ?? "").map((l) => [Number(status), l] as const));

/** Every code of "Close codes". */
const CLOSE_CODES = rows(section("### Close codes")).map(([code]) => Number(code));

/** The labels the probe subsection says it answers with. */
const PROBE_LABELS = labels(
  /`X-Tagwire-Refusal: <reason label>`\s*\(([^)]*)\)/.exec(
    section("#### Why was my upgrade refused? GET the same URL without Upgrade"),
  )?.[1] ?? "",
);

const REASONS = Object.keys(CONNECTION_ENDS) as ConnectionEndReason[];

describe("the connection-end table", () => {
  it("reads both tables of the gateway README", () => {
    expect(REFUSALS.length).toBeGreaterThanOrEqual(12);
    expect(REFUSALS).toContainEqual([429, "ip_rate"]);
    expect(CLOSE_CODES.length).toBeGreaterThanOrEqual(9);
    expect(CLOSE_CODES.every(Number.isInteger)).toBe(true);
    expect(PROBE_LABELS).toContain("ip_rate");
  });

  it.each(REFUSALS)("maps refusal %i %s to a reason with that status", (status, label) => {
    const reason = reasonForLabel(label);
    expect(reason, `no reason for the README's label ${label}`).not.toBeNull();
    expect(CONNECTION_ENDS[reason as ConnectionEndReason]).toMatchObject({ label, httpStatus: status });
  });

  it.each(CLOSE_CODES)("maps close code %i to a reason", (code) => {
    const reason = reasonForCloseCode(code);
    expect(reason, `no reason for the README's close code ${code}`).not.toBeNull();
    expect(CONNECTION_ENDS[reason as ConnectionEndReason].closeCode).toBe(code);
  });

  it("maps every label the probe answers with", () => {
    for (const label of PROBE_LABELS) expect(reasonForLabel(label), label).not.toBeNull();
  });

  it("has no label or close code the README does not document", () => {
    const documented = new Set(REFUSALS.map(([, label]) => label));
    for (const reason of REASONS) {
      const { label, closeCode } = CONNECTION_ENDS[reason];
      if (label !== null) expect(documented, reason).toContain(label);
      if (closeCode !== null) expect(CLOSE_CODES, reason).toContain(closeCode);
    }
  });

  it("names each label and close code once, camelCase", () => {
    const keys = REASONS.flatMap((r) => [CONNECTION_ENDS[r].label, CONNECTION_ENDS[r].closeCode]);
    const set = keys.filter((k) => k !== null);
    expect(new Set(set).size).toBe(set.length);
    for (const reason of REASONS) expect(reason).toMatch(/^[a-z][a-zA-Z]*$/);
    expect(reasonForLabel("shutting_down")).toBe("shuttingDown");
    expect(reasonForLabel("ip_cap")).toBe("ipCap");
  });

  it("gives every reason a remote error code and a sentence", () => {
    for (const reason of REASONS) {
      const row = CONNECTION_ENDS[reason];
      expect(REMOTE_ERROR_CODES).toContain(row.code);
      expect(describeConnectionEnd(reason)).toMatch(/^[A-Z].*\.$/);
    }
  });

  it("codes TLS failures IMAP_ERR_TLS and the gateway's deadlines IMAP_ERR_TIMEOUT", () => {
    const codes = Object.fromEntries(REASONS.map((r) => [r, CONNECTION_ENDS[r].code]));
    expect(codes).toMatchObject({
      upstreamTls: "IMAP_ERR_TLS",
      upstreamTimeout: "IMAP_ERR_TIMEOUT",
      idleTimeout: "IMAP_ERR_TIMEOUT",
      upstreamUnreachable: "IMAP_ERR_TRANSPORT",
      goingAway: "IMAP_ERR_TRANSPORT",
    });
    const others = REASONS.filter((r) => !["upstreamTls", "upstreamTimeout", "idleTimeout"].includes(r));
    for (const reason of others) expect(CONNECTION_ENDS[reason].code, reason).toBe("IMAP_ERR_TRANSPORT");
  });

  it("treats 1000 and 1005 as clean, 1001 and the rest not", () => {
    expect([...CLEAN_CLOSE_CODES].sort()).toEqual([1000, 1005]);
    expect(endOfClose(1005)).toEqual({
      reason: "serverClosed",
      closeCode: 1005,
      httpStatus: null,
      retryAfterS: null,
    });
    expect(endOfClose(1001).reason).toBe("goingAway");
    expect(endOfClose(1006).reason).toBe("unknown");
    expect(endOfClose(4999).reason).toBe("unknown");
  });
});

describe("ImapTransportError", () => {
  it("carries the end's fields, the row's code and the sentence with the detail", () => {
    const error = new ImapTransportError(
      { reason: "upstreamTls", closeCode: 4526, httpStatus: null, retryAfterS: null },
      "close 4526: TLS to imap.example.org failed: DEPTH_ZERO_SELF_SIGNED_CERT",
    );
    expect(error).toMatchObject({
      name: "ImapTransportError",
      code: "IMAP_ERR_TLS",
      reason: "upstreamTls",
      closeCode: 4526,
      httpStatus: null,
      retryAfterS: null,
    });
    expect(error.message).toBe(
      `${describeConnectionEnd("upstreamTls")} (close 4526: TLS to imap.example.org failed: DEPTH_ZERO_SELF_SIGNED_CERT)`,
    );
  });
});
