/**
 * One IMAP connection through the gateway, with the operations the app needs, decided by the
 * server's capabilities. Every method issues its commands synchronously once the connection is up,
 * so calls made in one tick are pipelined. Results are the app's plain model (`types.ts`).
 */
import {
  connectWebSocket,
  type FetchAttribute,
  ImapClient,
  type SequenceSet,
  type SessionEvent,
} from "@tagwire/imap";
import { listFolders } from "./folders";
import { gatewaySocketUrl } from "./gateway";
import { folderOrder } from "./order";
import { MailError, problemOf } from "./problems";
import { summaryFromFetch } from "./summaries";
import type { ConnectionProblem, Folder, FolderView, MessageSummary, WireEvent } from "./types";
import { toWireEvents } from "./wire-events";

export interface OpenOptions {
  /** The gateway's server id (`/api/servers`). */
  readonly serverId: string;
  /** 1 = strictly one command at a time (the Compare demo); default: the core's pipelining. */
  readonly maxInFlight?: number;
  /** Demo latency per direction, when the gateway allows it (`demoLatency`). */
  readonly latencyMs?: number;
  /** Wire facts for the Protocol panel, one call per received chunk. */
  readonly onWire?: (events: readonly WireEvent[]) => void;
  /** The connection ended (not by `close()`/`signOut()`): why, in words. */
  readonly onClosed?: (problem: ConnectionProblem) => void;
}

export interface FetchSummariesOptions {
  readonly signal?: AbortSignal;
  /** Called as each row's FETCH response lands, before the command completes. */
  readonly onRow?: (summary: MessageSummary) => void;
}

export class MailSession {
  /** Settles when the server's greeting has arrived; rejects with a `MailError`. */
  readonly ready: Promise<void>;
  #client: ImapClient | null = null;
  #connecting: Promise<ImapClient>;
  #closedByUs = false;

  private constructor(connecting: (closedByUs: () => boolean) => Promise<ImapClient>) {
    this.#connecting = connecting(() => this.#closedByUs).then((client) => {
      this.#client = client;
      return client;
    });
    this.ready = this.#connecting.then(
      (client) =>
        client.connect().then(
          () => undefined,
          (error: unknown) => {
            throw new MailError(problemOf(error), { cause: error });
          },
        ),
      (error: unknown) => {
        throw new MailError(problemOf(error), { cause: error });
      },
    );
    this.ready.catch(() => undefined);
  }

  /** Starts connecting at once (the greeting is there by the time the user clicks "Sign in"). */
  static open(options: OpenOptions): MailSession {
    return new MailSession((closedByUs) => openClient(options, closedByUs));
  }

  /** Over a client connected some other way (Node tests over TCP). */
  static over(client: ImapClient): MailSession {
    return new MailSession(() => Promise.resolve(client));
  }

  /** The capabilities the server announced last; empty while unknown. */
  get capabilities(): ReadonlySet<string> {
    return this.#client?.capabilities ?? new Set();
  }

  /** True once the connection has ended (or never opened). */
  get closed(): boolean {
    return this.#client?.closed ?? false;
  }

  has(capability: string): boolean {
    return this.capabilities.has(capability.toUpperCase());
  }

  /** AUTHENTICATE PLAIN (SASL-IR) when offered, else LOGIN; rejects with the server's own words. */
  async signIn(username: string, password: string): Promise<void> {
    const client = await this.#ready();
    // AUTHENTICATE PLAIN costs an extra round trip without SASL-IR: LOGIN then, unless disabled.
    const caps = client.capabilities;
    const plainless = caps !== null && !caps.has("SASL-IR") && !caps.has("LOGINDISABLED");
    try {
      await client.login(username, password, plainless ? { mechanism: "LOGIN" } : {});
    } catch (error) {
      throw new MailError(problemOf(error), { cause: error });
    }
  }

  /** Every folder, in display order (parents before children, special-use first). */
  async listFolders(): Promise<Folder[]> {
    const client = await this.#ready();
    return guard(listFolders(client));
  }

  /**
   * SELECT, then the folder's order newest first (SORT when offered, else SEARCH by UID). With
   * `prefetch`, the highest UIDs (in most folders the newest messages) are fetched as soon as
   * SELECT's UIDNEXT is known, `perFetch` rows to a UID FETCH (`<uidnext - 50>:*`, then the 50 below
   * ...): those go out beside the order's command, so the first screens of rows arrive in the same
   * round trip as the order instead of one later. They are UID commands, so they may overlap the UID
   * SORT or SEARCH (RFC 3501 §5.5). Their rows arrive through `onRow`, before this resolves; where UIDs
   * are sparse they bring fewer rows.
   */
  async openFolder(
    path: string,
    options: {
      signal?: AbortSignal;
      prefetch?: { readonly rows: number; readonly perFetch: number };
      onRow?: (summary: MessageSummary) => void;
    } = {},
  ): Promise<FolderView> {
    const client = await this.#ready();
    const call = options.signal === undefined ? {} : { signal: options.signal };
    const selected = client.select(path, call);
    const order = folderOrder(client, call);
    const fetchOptions = { ...call, ...(options.onRow === undefined ? {} : { onRow: options.onRow }) };
    const newest = selected.then((mailbox) => {
      const prefetch = options.prefetch;
      if (prefetch === undefined || mailbox.exists === 0 || mailbox.uidNext === null) return;
      const fetches: Promise<void>[] = [];
      const lowest = Math.max(1, mailbox.uidNext - prefetch.rows);
      for (let top = mailbox.uidNext - 1; top >= lowest; top -= prefetch.perFetch) {
        const bottom = Math.max(lowest, top - prefetch.perFetch + 1);
        const set: SequenceSet = fetches.length === 0 ? [[bottom, "*"]] : [[bottom, top]];
        fetches.push(this.#fetchRows(client, set, true, fetchOptions));
      }
      return Promise.all(fetches);
    });
    const [mailbox, uids] = await guard(Promise.all([selected, order, newest]));
    return {
      path,
      uidValidity: mailbox.uidValidity ?? 0,
      exists: mailbox.exists,
      uids,
      readOnly: mailbox.readOnly,
    };
  }

  /** One UID FETCH for the rows of `uids` in the open folder; rows arrive through `onRow`. */
  async fetchSummaries(uids: readonly number[], options: FetchSummariesOptions = {}): Promise<void> {
    if (uids.length === 0) return;
    const client = await this.#ready();
    await this.#fetchRows(client, [...uids], true, options);
  }

  async #fetchRows(
    client: ImapClient,
    set: SequenceSet,
    uid: boolean,
    options: FetchSummariesOptions,
  ): Promise<void> {
    const attributes: FetchAttribute[] = [
      "UID",
      "FLAGS",
      "INTERNALDATE",
      "RFC822.SIZE",
      "ENVELOPE",
      "BODYSTRUCTURE",
    ];
    if (this.has("PREVIEW")) attributes.push("PREVIEW");
    const pending = client.send(
      { name: "FETCH", uid, set, attributes },
      options.signal === undefined ? {} : { signal: options.signal },
    );
    const onRow = options.onRow;
    const off =
      onRow === undefined
        ? () => undefined
        : client.on("untaggedReceived", (event) => {
            if (event.data.type !== "fetch" || !event.tags.includes(pending.tag)) return;
            const summary = summaryFromFetch(event.data.items);
            if (summary !== null) onRow(summary);
          });
    try {
      await guard(pending.result);
    } finally {
      off();
    }
  }

  /**
   * `BODY.PEEK[spec]` of one message for each spec (e.g. "1.MIME", "1", "HEADER"), in one UID FETCH.
   * Raw bytes as stored: transfer encodings are still applied. A spec the server sent NIL for is absent.
   */
  async fetchBodies(
    uid: number,
    specs: readonly string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<Map<string, Uint8Array>> {
    const client = await this.#ready();
    const attributes: FetchAttribute[] = specs.map((section) => ({ item: "BODY", section, peek: true }));
    const call = options.signal === undefined ? {} : { signal: options.signal };
    const [row] = await guard(client.fetch([uid], attributes, call));
    const found = new Map<string, Uint8Array>();
    for (const section of row?.items.sections ?? []) {
      const spec = specs.find((s) => s.toUpperCase() === section.section);
      if (spec !== undefined && section.data !== null) found.set(spec, section.data);
    }
    return found;
  }

  /**
   * Streams one part's content as it arrives. With BINARY (RFC 3516) the server removes the
   * transfer encoding (`decoded: true`); otherwise the bytes are as stored and the caller decodes.
   */
  async streamBody(
    uid: number,
    section: string,
    onChunk: (bytes: Uint8Array) => void,
    options: { signal?: AbortSignal; binary?: boolean } = {},
  ): Promise<{ decoded: boolean }> {
    const client = await this.#ready();
    const binary = (options.binary ?? true) && this.has("BINARY") && section !== "";
    const attribute: FetchAttribute = { item: binary ? "BINARY" : "BODY", section, peek: true };
    const rows = await guard(
      client.fetch([uid], [attribute], {
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onBody: { chunk: (data) => onChunk(data.slice()) },
      }),
    );
    // Small literals are not streamed: they come whole in the result.
    for (const found of rows[0]?.items.sections ?? []) {
      if (found.data !== null) onChunk(found.data);
    }
    return { decoded: binary };
  }

  /** UID STORE +FLAGS (\Seen). */
  async markSeen(uid: number): Promise<void> {
    const client = await this.#ready();
    await guard(client.store([uid], "add", ["\\Seen"], { silent: true }));
  }

  /** LOGOUT, then close. */
  async signOut(): Promise<void> {
    this.#closedByUs = true;
    const client = this.#client;
    if (client === null || client.closed) return this.close();
    try {
      await client.logout();
    } catch {
      // The connection is going away either way.
    }
    this.close();
  }

  /** Drops the connection at once. */
  close(): void {
    this.#closedByUs = true;
    this.#client?.disconnect();
    this.#connecting.then((client) => client.disconnect()).catch(() => undefined);
  }

  async #ready(): Promise<ImapClient> {
    await this.ready;
    const client = this.#client;
    if (client === null || client.closed) {
      throw new MailError({ reason: "closed", message: "The connection to the mail server closed." });
    }
    return client;
  }
}

async function openClient(options: OpenOptions, closedByUs: () => boolean): Promise<ImapClient> {
  const transport = await connectWebSocket(gatewaySocketUrl(options.serverId, options.latencyMs));
  const client = new ImapClient(transport, {
    now: () => performance.now(),
    session: options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight },
  });
  const onWire = options.onWire;
  if (onWire !== undefined) {
    client.onBatch((events: readonly SessionEvent[]) => {
      const wire = toWireEvents(events);
      if (wire.length > 0) onWire(wire);
    });
  }
  const onClosed = options.onClosed;
  if (onClosed !== undefined) {
    client.whenClosed().then((event) => {
      if (closedByUs()) return;
      onClosed(
        event.error === null
          ? { reason: "closed", message: "The connection to the mail server closed." }
          : problemOf(event.error),
      );
    });
  }
  return client;
}

/** Turns any failure into a `MailError` with a sentence. */
async function guard<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw error instanceof MailError ? error : new MailError(problemOf(error), { cause: error });
  }
}
