/**
 * Why an upgrade was refused. A browser's WebSocket API hides the status of a refused upgrade (close
 * 1006 before `open`), so after such a close the driver asks the gateway's refusal probe: a plain GET
 * of the same URL answers 426 when the upgrade would be admitted now, else the refusal's status with
 * `X-Tagwire-Refusal: <label>` and, for limits, `Retry-After` (apps/gateway/README.md, "Why was my
 * upgrade refused?"). The probe is bounded by a timeout and never throws: whatever goes wrong, the
 * reason stays `unreachable`.
 */
import type { Timers } from "../client/timers.js";
import { type ConnectionEnd, reasonForLabel } from "./connection-end.js";

/** How long the driver waits for the probe's answer before leaving the reason unknown. */
export const PROBE_TIMEOUT_MS = 2000;

/** The refusal header the gateway names its reason label in. */
export const REFUSAL_HEADER = "X-Tagwire-Refusal";

/** The parts of a probe's HTTP answer the driver reads. */
export interface RefusalProbeAnswer {
  readonly status: number;
  /** `X-Tagwire-Refusal`, or null. */
  readonly refusal: string | null;
  /** `Retry-After`, as sent, or null. */
  readonly retryAfter: string | null;
}

/** GETs `httpUrl`; null (or a rejection) when there is no answer. */
export type RefusalProbe = (httpUrl: string) => Promise<RefusalProbeAnswer | null>;

/** The part of the WHATWG `fetch` the default probe uses. */
export type FetchLike = (
  url: string,
  init: {
    readonly method: "GET";
    readonly cache: "no-store";
    readonly credentials: "same-origin";
    readonly redirect: "error";
  },
) => Promise<{
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body?: { cancel(): Promise<void> } | null;
}>;

/** The probe's URL for a WebSocket URL (ws → http, wss → https), or null for any other scheme. */
export function probeUrl(webSocketUrl: string): string | null {
  const match = /^(wss?):/i.exec(webSocketUrl);
  if (match === null) return null;
  const scheme = (match[1] as string).toLowerCase() === "wss" ? "https:" : "http:";
  return scheme + webSocketUrl.slice(match[0].length);
}

/**
 * The default probe: `fetch` (by default `globalThis.fetch`) with no cache, same-origin credentials
 * and no redirects; null when there is no `fetch`.
 */
export function fetchRefusalProbe(
  fetch: FetchLike | undefined = (globalThis as { fetch?: FetchLike }).fetch,
): RefusalProbe | null {
  if (fetch === undefined) return null;
  return async (httpUrl) => {
    const response = await fetch(httpUrl, {
      method: "GET",
      cache: "no-store",
      credentials: "same-origin",
      redirect: "error",
    });
    // The one-line body is not needed: let the connection go.
    response.body?.cancel().catch(() => {});
    return {
      status: response.status,
      refusal: response.headers.get(REFUSAL_HEADER),
      retryAfter: response.headers.get("Retry-After"),
    };
  };
}

/** `Retry-After` in seconds (delta-seconds; the gateway never sends a date), else null. */
export function parseRetryAfter(value: string | null): number | null {
  if (value === null || !/^\s*\d{1,9}\s*$/.test(value)) return null;
  return Number(value);
}

/**
 * What a probe's answer says about a refused upgrade. 426 (it would be admitted now), no answer, or
 * a success status leave the reason `unreachable`; an error status without a label the driver knows
 * keeps its `httpStatus` (a proxy's 502, say).
 */
export function endOfRefusal(answer: RefusalProbeAnswer | null, closeCode: number | null): ConnectionEnd {
  const unexplained: ConnectionEnd = {
    reason: "unreachable",
    closeCode,
    httpStatus: null,
    retryAfterS: null,
  };
  if (answer === null || answer.status === 426 || answer.status < 400) return unexplained;
  return {
    reason: (answer.refusal === null ? null : reasonForLabel(answer.refusal.trim())) ?? "unreachable",
    closeCode,
    httpStatus: answer.status,
    retryAfterS: parseRetryAfter(answer.retryAfter),
  };
}

export interface ExplainRefusalOptions {
  /** Null skips the probe. */
  readonly probe: RefusalProbe | null;
  readonly timers: Timers;
  /** Default `PROBE_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
}

/**
 * Asks the probe why the upgrade to `webSocketUrl` was refused; resolves within the timeout and
 * never rejects.
 */
export function explainRefusal(
  webSocketUrl: string,
  closeCode: number | null,
  options: ExplainRefusalOptions,
): Promise<ConnectionEnd> {
  const httpUrl = probeUrl(webSocketUrl);
  const { probe, timers } = options;
  if (httpUrl === null || probe === null) return Promise.resolve(endOfRefusal(null, closeCode));
  return new Promise((resolve) => {
    let done = false;
    const settle = (answer: RefusalProbeAnswer | null): void => {
      if (done) return;
      done = true;
      timers.clearTimeout(timer);
      resolve(endOfRefusal(answer, closeCode));
    };
    const timer = timers.setTimeout(() => settle(null), options.timeoutMs ?? PROBE_TIMEOUT_MS);
    try {
      probe(httpUrl).then(settle, () => settle(null));
    } catch {
      settle(null);
    }
  });
}
