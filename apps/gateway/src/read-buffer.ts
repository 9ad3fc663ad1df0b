/**
 * Adaptive read buffers for the upstream socket (`net.connect({ onread })`).
 *
 * Node's default reads allocate a 64 KiB buffer per read. With `onread` the socket reads straight into
 * a buffer we supply, and the relay hands a view of it to `ws.send` without a copy; bigger reads mean
 * fewer syscalls, callbacks and frames per byte. Node asks for the next buffer right after each read,
 * so whatever we return is held by the session until data arrives, idle or not. Hence:
 * - Every buffer is fresh (`Buffer.allocUnsafeSlow`, never shared, never reused): the view passed on
 *   may sit in the WebSocket's send queue long after the read, so a reused or shared buffer would be
 *   overwritten under it, and a view into a shared slab would pin the slab for every session using it.
 * - The size adapts to the previous read: a read that filled its buffer doubles the next one (up to
 *   `MAX_READ_BUFFER`); a shorter read sizes the next one to that read, rounded up to a power of two,
 *   never below `MIN_READ_BUFFER`. A streaming session reads 256 KiB at a time; a session whose last
 *   read was a short response (an IMAP session in IDLE, say) holds only a few hundred bytes. Memory pinned by views
 *   in the send queue stays within about twice the bytes queued: a short read into a large buffer shrinks the
 *   next one to the minimum, and growing back takes reads that fill their buffers.
 */
import type { Socket } from "node:net";

/** The smallest read buffer: what a session holds between reads after short responses. */
export const MIN_READ_BUFFER = 256;
/** The largest read buffer, reached by reads that keep filling their buffers. */
export const MAX_READ_BUFFER = 256 * 1024;

/** Size of the next read buffer after `bytesRead` bytes were read into one of `capacity` bytes. */
export function nextReadSize(capacity: number, bytesRead: number): number {
  if (bytesRead >= capacity) return Math.min(MAX_READ_BUFFER, capacity * 2);
  let size = MIN_READ_BUFFER;
  while (size < bytesRead && size < MAX_READ_BUFFER) size *= 2;
  return size;
}

/** Where a socket's bytes go: a view of the read buffer, valid for good (the buffer is never reused). */
export type ReadSink = (chunk: Buffer) => void;

/**
 * The `onread` option of one socket. Bytes read before `attach` are queued for the sink (create the
 * socket paused to read nothing before then).
 */
export class AdaptiveReader {
  private size = MIN_READ_BUFFER;
  private sink: ReadSink | null = null;
  private early: Buffer[] | null = null;

  /** `onread.buffer`: a fresh buffer for the next read. */
  readonly buffer = (): Buffer => Buffer.allocUnsafeSlow(this.size);

  /**
   * `onread.callback`: passes the bytes on (a view, no copy) and sizes the next buffer. Never pauses
   * by itself: the sink pauses the socket with `socket.pause()`, as it would with `data` events.
   */
  readonly callback = (bytesRead: number, buf: Uint8Array): boolean => {
    this.size = nextReadSize(buf.length, bytesRead);
    const chunk = Buffer.from(buf.buffer, buf.byteOffset, bytesRead);
    if (this.sink !== null) this.sink(chunk);
    else if (this.early === null) this.early = [chunk];
    else this.early.push(chunk);
    return true;
  };

  /** Size of the buffer the next read will get (for tests and metrics). */
  get nextSize(): number {
    return this.size;
  }

  /** Delivers the socket's bytes to `sink` from now on, queued ones first. */
  attach(sink: ReadSink): void {
    this.sink = sink;
    const early = this.early;
    this.early = null;
    for (const chunk of early ?? []) sink(chunk);
  }
}

/**
 * Starts delivering `socket`'s bytes to `sink`: through `reader` when the socket was created with its
 * `onread`, else through `data` events. Resumes the socket.
 */
export function readSocket(socket: Socket, reader: AdaptiveReader | null, sink: ReadSink): void {
  if (reader === null) socket.on("data", sink);
  else reader.attach(sink);
  socket.resume();
}
