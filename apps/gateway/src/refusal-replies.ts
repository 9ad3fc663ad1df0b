/**
 * How a refusal reaches the client: as the raw HTTP answer to an upgrade (before any handshake), or
 * as the answer to the refusal probe, a plain GET of the same URL that names the reason in
 * `X-Tagwire-Refusal` (a browser's WebSocket API hides the status of a refused upgrade).
 */
import { type ServerResponse, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { Refusal } from "./admission.js";
import { send } from "./http-reply.js";

/** The header naming a refusal's reason label in a probe's answer. */
export const REFUSAL_HEADER = "X-Tagwire-Refusal";

/** Answers a refused upgrade with a plain HTTP response and closes the connection. */
export function refuseUpgrade(socket: Duplex, refusal: Refusal): void {
  const body = `${refusal.message}\n`;
  const retry = refusal.retryAfterS === null ? "" : `Retry-After: ${refusal.retryAfterS}\r\n`;
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? "Error"}\r\n` +
      "Connection: close\r\n" +
      "Content-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `Cache-Control: no-store\r\n${retry}\r\n${body}`,
  );
}

/**
 * Answers a probe: the refusal's status, label, `Retry-After` and message; or 426 when an upgrade
 * would be admitted. `corsOrigin` is the request's Origin when that origin may open WebSockets (a page
 * of an `ALLOWED_ORIGINS` origin may then read the answer), else null.
 */
export function answerProbe(res: ServerResponse, refusal: Refusal | null, corsOrigin: string | null): void {
  const cors: Record<string, string> =
    corsOrigin === null
      ? {}
      : {
          "Access-Control-Allow-Origin": corsOrigin,
          "Access-Control-Expose-Headers": `${REFUSAL_HEADER}, Retry-After`,
          Vary: "Origin",
        };
  if (refusal === null) {
    // `Upgrade` goes with `Connection: Upgrade` (RFC 9110 §7.8), which would also override a client's
    // `Connection: close` unless repeated.
    const connection = res.shouldKeepAlive ? "Upgrade" : "Upgrade, close";
    send(res, 426, "WebSocket upgrade required\n", { Upgrade: "websocket", Connection: connection, ...cors });
    return;
  }
  send(res, refusal.status, `${refusal.message}\n`, {
    [REFUSAL_HEADER]: refusal.reason,
    ...(refusal.retryAfterS === null ? {} : { "Retry-After": String(refusal.retryAfterS) }),
    ...cors,
  });
}
