/**
 * The byte pipe under `ImapClient`: a WebSocket to the gateway in the browser, a TCP/TLS socket in
 * Node, an in-memory pair in tests. A transport is already open when handed to the client; it only
 * moves bytes and reports what happened to them.
 *
 * Flow control (PROTOCOL.md §1 rule 15): the client never hands a transport more than its high-water
 * mark minus `bufferedAmount`, and continues when `onDrain` fires. A transport calls `onDrain` each
 * time its buffer has emptied (or fallen to its low-water mark) after a write left bytes waiting.
 */
export interface Transport {
  /** Queues bytes for the server. The transport may keep a reference until they are written. */
  write(bytes: Uint8Array): void;
  /** Closes the connection (gracefully where the medium allows); `onClose` follows. */
  close(): void;
  /** Bytes written but not yet handed to the network. */
  readonly bufferedAmount: number;
  /** Bytes from the server. The view is the callee's until it returns; copy to keep it longer. */
  onData: ((bytes: Uint8Array) => void) | null;
  /** The connection is closed: `error` is null after a clean close. Called once. */
  onClose: ((error: Error | null) => void) | null;
  /** The write buffer drained: more may be written. */
  onDrain: (() => void) | null;
  /**
   * Upgrades the connection to TLS in place (after STARTTLS's OK), verifying the server's
   * certificate; resolves once the handshake is done. Only transports that can offer it have it
   * (the Node TCP driver; the browser's TLS ends at the gateway).
   */
  startTls?(): Promise<void>;
}

/** Default most bytes the client leaves in a transport's write buffer: 256 KiB. */
export const DEFAULT_HIGH_WATER_MARK = 256 * 1024;

type DataHook = (bytes: Uint8Array) => void;
type CloseHook = (error: Error | null) => void;
type DrainHook = () => void;

/**
 * Hook plumbing shared by the drivers. Data and close that arrive before the consumer installed its
 * hooks are kept and delivered, in order, as soon as the hook is set; a close is delivered once and
 * only after every data chunk before it.
 */
export abstract class TransportBase implements Transport {
  #onData: DataHook | null = null;
  #onClose: CloseHook | null = null;
  #onDrain: DrainHook | null = null;
  #pendingData: Uint8Array[] = [];
  #closed = false;
  #closeError: Error | null = null;
  #closeDelivered = false;

  abstract write(bytes: Uint8Array): void;
  abstract close(): void;
  abstract get bufferedAmount(): number;

  get onData(): DataHook | null {
    return this.#onData;
  }

  set onData(hook: DataHook | null) {
    this.#onData = hook;
    this.#deliverPending();
  }

  get onClose(): CloseHook | null {
    return this.#onClose;
  }

  set onClose(hook: CloseHook | null) {
    this.#onClose = hook;
    this.#deliverPending();
  }

  get onDrain(): DrainHook | null {
    return this.#onDrain;
  }

  set onDrain(hook: DrainHook | null) {
    this.#onDrain = hook;
  }

  /** True once the connection closed (reported or not). */
  get closed(): boolean {
    return this.#closed;
  }

  /** For drivers: bytes arrived. The driver must not reuse `bytes`. */
  protected emitData(bytes: Uint8Array): void {
    if (this.#closed || bytes.length === 0) return;
    if (this.#onData === null || this.#pendingData.length > 0) {
      this.#pendingData.push(bytes);
      this.#deliverPending();
      return;
    }
    this.#onData(bytes);
  }

  /** For drivers: the connection closed. Later calls are ignored. */
  protected emitClose(error: Error | null): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeError = error;
    this.#deliverPending();
  }

  /** For drivers: the write buffer drained. */
  protected emitDrain(): void {
    if (!this.#closed) this.#onDrain?.();
  }

  #deliverPending(): void {
    while (this.#pendingData.length > 0) {
      const hook = this.#onData;
      if (hook === null) return;
      hook(this.#pendingData.shift() as Uint8Array);
    }
    if (this.#closed && !this.#closeDelivered && this.#onClose !== null) {
      this.#closeDelivered = true;
      this.#onClose(this.#closeError);
    }
  }
}
