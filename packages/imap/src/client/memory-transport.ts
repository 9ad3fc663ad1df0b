/**
 * An in-memory `Transport` for tests of code built on `ImapClient` (the app's stores, the client
 * itself): the test plays the server, reading what was written and answering with bytes. Its write
 * buffer is modelled, so flow control can be tested: written bytes stay "buffered" until `drain`.
 */

import { ImapLocalError } from "../errors.js";
import { utf8Decode, utf8Encode } from "../text/text.js";
import { TransportBase } from "./transport.js";

export interface MemoryTransportOptions {
  /** Keep written bytes counted in `bufferedAmount` until `drain()` (default false: drained at once). */
  readonly manualDrain?: boolean;
}

export class MemoryTransport extends TransportBase {
  /** Every write, in order (copies). */
  readonly writes: Uint8Array[] = [];
  #buffered = 0;
  readonly #manualDrain: boolean;
  /** True once `close()` was called by the client. */
  closedByClient = false;

  constructor(options: MemoryTransportOptions = {}) {
    super();
    this.#manualDrain = options.manualDrain ?? false;
  }

  get bufferedAmount(): number {
    return this.#buffered;
  }

  write(bytes: Uint8Array): void {
    if (this.closed) throw new ImapLocalError("IMAP_ERR_CLOSED", "the transport is closed");
    this.writes.push(bytes.slice());
    if (this.#manualDrain) this.#buffered += bytes.length;
  }

  close(): void {
    this.closedByClient = true;
    this.emitClose(null);
  }

  /** Everything written so far, as text. */
  written(): string {
    return this.writes.map((w) => utf8Decode(w)).join("");
  }

  /** The server sends `data` (text is UTF-8 encoded). */
  receive(data: string | Uint8Array): void {
    this.emitData(typeof data === "string" ? utf8Encode(data) : data.slice());
  }

  /** The network took every buffered byte. */
  drain(): void {
    this.#buffered = 0;
    this.emitDrain();
  }

  /** The server closed the connection, cleanly or with `error`. */
  serverClose(error: Error | null = null): void {
    this.emitClose(error);
  }
}
