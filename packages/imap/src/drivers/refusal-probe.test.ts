import { describe, expect, it } from "vitest";
import { globalTimers } from "../client/timers.js";
import {
  endOfRefusal,
  explainRefusal,
  type FetchLike,
  fetchRefusalProbe,
  parseRetryAfter,
  probeUrl,
} from "./refusal-probe.js";

/** A `fetch` double that records its calls and answers with `status` and `headers`. */
function fakeFetch(status: number, headers: Record<string, string> = {}) {
  const calls: Array<{ url: string; init: unknown }> = [];
  let cancelled = 0;
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      status,
      headers: { get: (name) => lower.get(name.toLowerCase()) ?? null },
      body: {
        cancel: async () => {
          cancelled += 1;
        },
      },
    };
  };
  return { fetch, calls, cancelled: () => cancelled };
}

describe("refusal probe", () => {
  it("turns ws into http and wss into https, keeping path and query", () => {
    expect(probeUrl("ws://127.0.0.1:8080/ws/imap?server=a")).toBe("http://127.0.0.1:8080/ws/imap?server=a");
    expect(probeUrl("WSS://mail.example.org/ws/imap?server=b")).toBe(
      "https://mail.example.org/ws/imap?server=b",
    );
    expect(probeUrl("https://mail.example.org/ws/imap")).toBeNull();
  });

  it("fetches with no cache, same-origin credentials and no redirects, and reads the two headers", async () => {
    const fake = fakeFetch(429, { "x-tagwire-refusal": "ip_rate", "retry-after": "10" });
    const probe = fetchRefusalProbe(fake.fetch);
    expect(await probe?.("http://gw/ws/imap?server=a")).toEqual({
      status: 429,
      refusal: "ip_rate",
      retryAfter: "10",
    });
    expect(fake.calls).toEqual([
      {
        url: "http://gw/ws/imap?server=a",
        init: { method: "GET", cache: "no-store", credentials: "same-origin", redirect: "error" },
      },
    ]);
    expect(fake.cancelled()).toBe(1);
  });

  it("uses the global fetch by default and is skipped without one", () => {
    const globals = globalThis as { fetch?: unknown };
    const saved = globals.fetch;
    delete globals.fetch;
    try {
      expect(fetchRefusalProbe()).toBeNull();
      globals.fetch = fakeFetch(426).fetch;
      expect(fetchRefusalProbe()).not.toBeNull();
    } finally {
      globals.fetch = saved;
    }
  });

  it("reads Retry-After as whole seconds only", () => {
    expect(parseRetryAfter("10")).toBe(10);
    expect(parseRetryAfter(" 0 ")).toBe(0);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT")).toBeNull();
    expect(parseRetryAfter("-1")).toBeNull();
    expect(parseRetryAfter("1.5")).toBeNull();
  });

  it("maps answers to ends", () => {
    const end = (status: number, refusal: string | null, retryAfter: string | null = null) =>
      endOfRefusal({ status, refusal, retryAfter }, 1006);
    expect(end(426, null)).toEqual({
      reason: "unreachable",
      closeCode: 1006,
      httpStatus: null,
      retryAfterS: null,
    });
    expect(end(404, "server")).toEqual({
      reason: "server",
      closeCode: 1006,
      httpStatus: 404,
      retryAfterS: null,
    });
    expect(end(503, "shutting_down", "10")).toMatchObject({ reason: "shuttingDown", retryAfterS: 10 });
    expect(end(403, "origin")).toMatchObject({ reason: "origin", httpStatus: 403 });
    expect(end(200, null)).toMatchObject({ reason: "unreachable", httpStatus: null });
    expect(endOfRefusal(null, 1006)).toMatchObject({ reason: "unreachable", httpStatus: null });
  });

  it("explains through a real timer, and skips a URL that is not ws or wss", async () => {
    const fake = fakeFetch(404, { "X-Tagwire-Refusal": "server" });
    const options = { probe: fetchRefusalProbe(fake.fetch), timers: globalTimers(), timeoutMs: 1000 };
    expect(await explainRefusal("ws://gw/ws/imap?server=nope", 1006, options)).toMatchObject({
      reason: "server",
      httpStatus: 404,
    });
    expect(await explainRefusal("http://gw/ws/imap", 1006, options)).toMatchObject({ reason: "unreachable" });
    expect(fake.calls).toHaveLength(1);
  });

  it("resolves after its timeout when the probe hangs", async () => {
    const started = Date.now();
    const end = await explainRefusal("ws://gw/ws/imap", 1006, {
      probe: () => new Promise(() => {}),
      timers: globalTimers(),
      timeoutMs: 20,
    });
    expect(end.reason).toBe("unreachable");
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
