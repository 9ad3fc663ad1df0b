/**
 * One relay session: one WebSocket ↔ one upstream socket.
 *
 * Theory of operation
 * - Set-up: every listener is attached in the constructor, before anything is awaited. The WebSocket is
 *   paused there, before `ws` reads its first frame (even one that came in the upgrade's own packet), and
 *   resumed once the upstream is ready and the STARTTLS greeting (if any) has been sent to the browser:
 *   early frames wait in the socket, bounded by TCP flow control, not in the session.
 * - Hot path: bytes travel as the Buffers they arrived in (`ws.send(chunk)` / `socket.write(data)`),
 *   with no timer, closure or copy per chunk. Only binary frames are relayed (text → 1003). A plaintext
 *   upstream reads into adaptive buffers of up to 256 KiB (read-buffer.ts), TLS ones with `data` events.
 * - Backpressure, browser side: when `ws.bufferedAmount` reaches the high watermark the upstream socket
 *   is paused; the per-session send callback resumes it once the queue is below the low watermark.
 *   Upstream side: when `socket.write` returns false the WebSocket is paused until `drain`. Memory per
 *   session is therefore bounded by the watermarks plus one read, whatever either peer does (G7).
 * - Close: upstream FIN (or error) → every byte already read has been passed to `ws.send`, so the close
 *   frame queues behind it and the browser gets all of it (IMAP servers close right after `* BYE`).
 *   Browser close → `socket.end()` flushes what the browser wrote, then the upstream is destroyed after
 *   at most CLOSE_TIMEOUT_MS. The session ends once both sides are closed; then it is logged (metadata
 *   only) and uncounted.
 * - Liveness: the gateway's single heartbeat interval calls `tick()` on every session. A ping sent on
 *   an empty queue must be answered by the next tick or the peer is terminated. A ping queued behind
 *   data is not held against a slow reader (its pong waits until the data is read); such a peer, and
 *   any session with no byte either way, is bounded by the idle timeout (close 4408).
 * - Demo latency (off by default): each chunk and each close is delayed by `latencyMs`; equal-delay
 *   timers fire in order, so ordering is preserved. This is the only mode with a timer per chunk.
 */
import type { Socket } from "node:net";
import type { WebSocket } from "ws";
import type { Admission } from "./admission.js";
import { CLOSE_CODES, GatewayError } from "./errors.js";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";
import { readSocket } from "./read-buffer.js";
import type { UpstreamConnection } from "./upstream.js";

/** What a session needs from its gateway. */
export interface SessionContext {
  highWatermark: number;
  lowWatermark: number;
  idleTimeoutMs: number;
  closeTimeoutMs: number;
  metrics: Metrics;
  logger: Logger;
  /** Called exactly once when both sides are closed. */
  ended(session: Session): void;
}

/** Opens the upstream for a session; aborting destroys whatever was connected. */
export type UpstreamConnector = (signal: AbortSignal) => Promise<UpstreamConnection>;

const SEND_OPTIONS = { binary: true } as const;
const OPEN = 1;

let counter = 0;
const ID_PREFIX = Math.floor(Math.random() * 0xffff)
  .toString(16)
  .padStart(4, "0");

/** Close reasons are limited to 123 bytes by RFC 6455; keep them short and printable. */
function closeReason(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > 120 ? clean.slice(0, 120) : clean;
}

/** A relay session. Created by the gateway right after the WebSocket handshake. */
export class Session {
  readonly id: string;
  readonly startedAt: number;
  bytesUp = 0;
  bytesDown = 0;
  /** Why the session ended (first cause wins). */
  reason = "";

  private up: Socket | null = null;
  private upClosed = false;
  private wsClosed = false;
  private finished = false;
  private upPaused = false;
  private wsPaused = false;
  private alive = true;
  private pingBehindData = false;
  private active = false;
  private idleSince: number;
  private abort: AbortController | null = new AbortController();
  private delayedDown = 0;
  private delayedUp = 0;
  private closeTimer: NodeJS.Timeout | null = null;
  private readonly onSent: () => void;

  constructor(
    readonly ws: WebSocket,
    readonly admission: Admission,
    private readonly ctx: SessionContext,
    connect: UpstreamConnector,
  ) {
    this.id = `${ID_PREFIX}${(++counter).toString(36)}`;
    this.startedAt = Date.now();
    this.idleSince = this.startedAt;
    this.onSent = () => {
      if (this.upPaused && this.ws.bufferedAmount + this.delayedDown <= this.ctx.lowWatermark) {
        this.upPaused = false;
        this.up?.resume();
      }
    };
    ws.on("error", (err: Error & { code?: string }) => this.onWsError(err));
    ws.on("close", (code: number) => this.onWsClose(code));
    ws.on("message", (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary));
    ws.on("pong", () => {
      this.alive = true;
    });
    ws.pause();
    const started = performance.now();
    const abort = this.abort as AbortController;
    connect(abort.signal).then(
      (conn) => this.onUpstreamReady(conn, (performance.now() - started) / 1000),
      (err: unknown) => this.onUpstreamFailed(err),
    );
  }

  /** Demo latency of this session in milliseconds (0 = off). */
  get latencyMs(): number {
    return this.admission.latencyMs;
  }

  /** Heartbeat and idle check; called by the gateway's shared interval. */
  tick(now: number): void {
    if (this.wsClosed || this.ws.readyState !== OPEN) return;
    // No pong can be expected while we do not read the WebSocket (upstream connecting or not
    // reading), nor for a ping that was queued behind data the peer has not read yet.
    if (this.wsPaused || this.abort !== null || this.pingBehindData) this.alive = true;
    if (!this.alive) {
      this.setReason("heartbeat timeout");
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.pingBehindData = this.ws.bufferedAmount > 0;
    this.ws.ping();
    if (this.active) {
      this.active = false;
      this.idleSince = now;
    } else if (now - this.idleSince >= this.ctx.idleTimeoutMs) {
      this.setReason("idle timeout");
      this.closeDown(CLOSE_CODES.idleTimeout, "idle timeout");
    }
  }

  /** Closes the session with 1001 (gateway shutting down). */
  shutdown(): void {
    if (this.wsClosed) return;
    this.setReason("shutdown");
    if (this.ws.readyState === OPEN) this.closeDown(CLOSE_CODES.goingAway, "gateway shutting down");
    else this.ws.terminate();
  }

  /** Drops both sides at once (second phase of shutdown). */
  terminate(): void {
    this.setReason("terminated");
    this.ws.terminate();
    this.up?.destroy();
  }

  private setReason(reason: string): void {
    if (this.reason === "") this.reason = reason;
  }

  // ---- upstream set-up -------------------------------------------------------------------------

  private onUpstreamReady(conn: UpstreamConnection, seconds: number): void {
    this.abort = null;
    const socket = conn.socket;
    if (this.wsClosed) {
      socket.destroy();
      this.upClosed = true;
      this.maybeFinish();
      return;
    }
    this.ctx.metrics.observeConnect(seconds);
    this.up = socket;
    socket.on("error", (err: NodeJS.ErrnoException) =>
      this.setReason(`upstream error ${err.code ?? "error"}`),
    );
    socket.on("close", (hadError: boolean) => this.onUpClose(hadError));
    socket.on("end", () => this.onUpEnd());
    socket.on("drain", () => {
      if (this.wsPaused && this.delayedUp <= this.ctx.lowWatermark) {
        this.wsPaused = false;
        this.ws.resume();
      }
    });
    if (conn.greeting !== null) this.onUpData(conn.greeting);
    readSocket(socket, conn.reader, (chunk: Buffer) => this.onUpData(chunk));
    if (!this.wsPaused) this.ws.resume();
  }

  private onUpstreamFailed(err: unknown): void {
    this.abort = null;
    this.upClosed = true;
    const error =
      err instanceof GatewayError ? err : new GatewayError("GW_ERR_UPSTREAM_UNREACHABLE", String(err));
    if (error.code !== "GW_ERR_ABORTED") {
      this.ctx.metrics.upstreamFailed(error.code);
      this.setReason(`${error.code}: ${error.message}`);
    }
    this.closeDown(error.closeCode, closeReason(error.message));
    this.maybeFinish();
  }

  // ---- browser → upstream ----------------------------------------------------------------------

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (!isBinary) {
      this.setReason("text frame");
      this.closeDown(CLOSE_CODES.unsupportedData, "binary frames only");
      return;
    }
    if (this.wsClosed || this.ws.readyState !== OPEN) return;
    this.active = true;
    this.bytesUp += data.length;
    this.ctx.metrics.bytesUp += data.length;
    this.forwardUp(data);
  }

  private forwardUp(data: Buffer): void {
    if (this.latencyMs > 0) {
      this.delayedUp += data.length;
      setTimeout(deliverUp, this.latencyMs, this, data);
      if (!this.wsPaused && this.delayedUp > this.ctx.highWatermark) {
        this.wsPaused = true;
        this.ws.pause();
      }
      return;
    }
    this.writeUp(data);
  }

  /** @internal delayed delivery (demo latency). */
  deliverUp(data: Buffer): void {
    this.delayedUp -= data.length;
    this.writeUp(data);
    const up = this.up;
    if (this.wsPaused && this.delayedUp <= this.ctx.lowWatermark && up !== null && !up.writableNeedDrain) {
      this.wsPaused = false;
      this.ws.resume();
    }
  }

  private writeUp(data: Buffer): void {
    const up = this.up;
    if (up === null || up.destroyed) return;
    // write() returns false above the socket's own 16 KiB mark and then guarantees a 'drain'; pausing
    // only at our high watermark avoids a pause/resume per 64 KiB message.
    up.write(data);
    if (!this.wsPaused && up.writableLength >= this.ctx.highWatermark) {
      this.wsPaused = true;
      this.ws.pause();
    }
  }

  // ---- upstream → browser ----------------------------------------------------------------------

  private onUpData(chunk: Buffer): void {
    if (this.wsClosed || this.ws.readyState !== OPEN) return;
    this.active = true;
    this.bytesDown += chunk.length;
    this.ctx.metrics.bytesDown += chunk.length;
    if (this.latencyMs > 0) {
      this.delayedDown += chunk.length;
      setTimeout(deliverDown, this.latencyMs, this, chunk);
    } else if (this.upPaused || this.ws.bufferedAmount + chunk.length >= this.ctx.highWatermark) {
      // Only a send at or past the high watermark needs to report its flush (to resume the upstream);
      // below it a completion callback per chunk is pure cost.
      this.ws.send(chunk, SEND_OPTIONS, this.onSent);
    } else {
      this.ws.send(chunk, SEND_OPTIONS);
    }
    if (!this.upPaused && this.ws.bufferedAmount + this.delayedDown >= this.ctx.highWatermark) {
      this.upPaused = true;
      this.up?.pause();
    }
  }

  /** @internal delayed delivery (demo latency). */
  deliverDown(chunk: Buffer): void {
    this.delayedDown -= chunk.length;
    if (this.ws.readyState === OPEN) this.ws.send(chunk, SEND_OPTIONS, this.onSent);
  }

  // ---- closing -----------------------------------------------------------------------------------

  private onUpEnd(): void {
    this.setReason("upstream closed");
    if (this.latencyMs > 0)
      setTimeout(closeDown, this.latencyMs, this, CLOSE_CODES.normal, "upstream closed");
    else this.closeDown(CLOSE_CODES.normal, "upstream closed");
  }

  private onUpClose(hadError: boolean): void {
    this.upClosed = true;
    this.up = null;
    if (this.closeTimer !== null) clearTimeout(this.closeTimer);
    this.closeTimer = null;
    if (hadError) {
      this.setReason("upstream error");
      if (this.latencyMs > 0) {
        setTimeout(closeDown, this.latencyMs, this, CLOSE_CODES.upstreamError, "upstream error");
      } else this.closeDown(CLOSE_CODES.upstreamError, "upstream error");
    } else if (this.latencyMs === 0) {
      this.closeDown(CLOSE_CODES.normal, "upstream closed");
    }
    this.maybeFinish();
  }

  /** @internal closes the WebSocket after everything queued before it. */
  closeDown(code: number, reason: string): void {
    if (this.wsClosed || this.ws.readyState !== OPEN) return;
    // A paused WebSocket would never read the browser's close frame: the handshake needs reading.
    this.ws.resume();
    this.ws.close(code, reason);
  }

  private onWsError(err: Error & { code?: string }): void {
    this.setReason(
      err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH" ? "frame too big" : `client ${err.code ?? "error"}`,
    );
  }

  private onWsClose(code: number): void {
    this.wsClosed = true;
    this.setReason(`client closed ${code}`);
    this.abort?.abort();
    const up = this.up;
    if (up !== null && !this.upClosed) {
      if (this.latencyMs > 0) setTimeout(endUp, this.latencyMs, this);
      else this.endUp();
    }
    this.maybeFinish();
  }

  /** @internal half-closes the upstream after the browser left, bounded by the close timeout. */
  endUp(): void {
    const up = this.up;
    if (up === null || this.upClosed) return;
    up.end();
    up.resume(); // keep reading (and discarding) so the upstream's FIN and close arrive
    this.closeTimer = setTimeout(destroyUp, this.ctx.closeTimeoutMs, this);
    this.closeTimer.unref();
  }

  /** @internal */
  destroyUp(): void {
    this.closeTimer = null;
    this.up?.destroy();
  }

  private maybeFinish(): void {
    if (this.finished || !this.wsClosed || !this.upClosed) return;
    this.finished = true;
    if (this.closeTimer !== null) clearTimeout(this.closeTimer);
    const a = this.admission;
    this.ctx.logger.info("session", {
      id: this.id,
      ip: a.ip,
      server: a.server.id,
      protocol: a.endpoint.protocol,
      bytesUp: this.bytesUp,
      bytesDown: this.bytesDown,
      durationMs: Date.now() - this.startedAt,
      reason: this.reason,
    });
    this.ctx.ended(this);
  }
}

function deliverUp(session: Session, data: Buffer): void {
  session.deliverUp(data);
}
function deliverDown(session: Session, chunk: Buffer): void {
  session.deliverDown(chunk);
}
function closeDown(session: Session, code: number, reason: string): void {
  session.closeDown(code, reason);
}
function endUp(session: Session): void {
  session.endUp();
}
function destroyUp(session: Session): void {
  session.destroyUp();
}
