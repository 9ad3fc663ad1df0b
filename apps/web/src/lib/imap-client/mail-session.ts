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
    const client = this.#readyNow() ?? (await this.#ready());
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
    const client = this.#readyNow() ?? (await this.#ready());
    return guard(listFolders(client));
  }

  /**
   * SELECT, then the folder's order newest first (SORT when offered, else SEARCH by UID), sent
   * together: reads by UID may follow a SELECT at once (RFC 3501 §6.3.1). With `prefetch`, the first
   * `rows` rows come in the same round trip where the server can name them: `UID SORT RETURN (SAVE
   * PARTIAL 1:rows)` and `UID FETCH $` (ESORT, SEARCHRES and CONTEXT=SEARCH/SORT). Elsewhere the highest
   * UIDs (in most folders the newest messages) are fetched once SELECT's UIDNEXT is known, `perFetch`
   * rows to a UID FETCH (`<uidnext - 50>:*`, then the 50 below ...), a round trip later. Their rows
   * arrive through `onRow` once SELECT has succeeded, before this resolves: the list is drawn once,
   * with its first screen filled.
   */
  async openFolder(
    path: string,
    options: {
      signal?: AbortSignal;
      prefetch?: { readonly rows: number; readonly perFetch: number };
      onRow?: (summary: MessageSummary) => void;
    } = {},
  ): Promise<FolderView> {
    const client = this.#readyNow() ?? (await this.#ready());
    const call = options.signal === undefined ? {} : { signal: options.signal };
    const selected = client.select(path, call);
    const onRow = options.onRow === undefined ? undefined : afterSelect(selected, options.onRow);
    const fetchOptions = { ...call, ...(onRow === undefined ? {} : { onRow }) };
    const prefetch = options.prefetch;
    const first =
      prefetch !== undefined && savesSortedRange(client.capabilities)
        ? this.#firstRowsSorted(client, prefetch.rows, fetchOptions)
        : null;
    const order = folderOrder(client, call);
    const newest =
      first ??
      selected.then((mailbox) => {
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

  /**
   * The first `rows` of the sort order saved on the server and fetched by `$` (RFC 5182), both
   * pipelined behind SELECT. Best effort: a server that refuses them leaves the rows to the caller.
   */
  async #firstRowsSorted(client: ImapClient, rows: number, options: FetchSummariesOptions): Promise<void> {
    const call = options.signal === undefined ? {} : { signal: options.signal };
    const saved = client.command(
      {
        name: "SORT",
        uid: true,
        criteria: ["REVERSE DATE"],
        charset: "UTF-8",
        search: [{ key: "ALL" }],
        return: ["SAVE"],
        partial: [1, rows],
      },
      call,
    );
    const fetched = this.#fetchRows(client, "$", true, options);
    await Promise.allSettled([saved, fetched]);
  }

  /** One UID FETCH for the rows of `uids` in the open folder; rows arrive through `onRow`. */
  async fetchSummaries(uids: readonly number[], options: FetchSummariesOptions = {}): Promise<void> {
    if (uids.length === 0) return;
    const client = this.#readyNow() ?? (await this.#ready());
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
    const client = this.#readyNow() ?? (await this.#ready());
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
    const client = this.#readyNow() ?? (await this.#ready());
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
    const client = this.#readyNow() ?? (await this.#ready());
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

  /** The client when the greeting is in and the connection open: commands go out in this tick. */
  #readyNow(): ImapClient | null {
    const client = this.#client;
    return client !== null && client.state !== "awaitingGreeting" && !client.closed ? client : null;
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

/** ESORT with SAVE and PARTIAL: the first rows of the sort order can be fetched by `$`. */
function savesSortedRange(caps: ReadonlySet<string> | null): boolean {
  if (caps === null) return false;
  const partial = caps.has("CONTEXT=SORT") || caps.has("CONTEXT=SEARCH") || caps.has("PARTIAL");
  return caps.has("SORT") && caps.has("ESORT") && caps.has("SEARCHRES") && partial;
}

/**
 * Holds rows back until SELECT has succeeded, and drops them if it failed: a server that kept the old
 * mailbox selected after a failed SELECT would otherwise show its rows as the new folder's.
 */
function afterSelect(
  selected: Promise<unknown>,
  onRow: (summary: MessageSummary) => void,
): (summary: MessageSummary) => void {
  let state: "pending" | "selected" | "failed" = "pending";
  const held: MessageSummary[] = [];
  selected.then(
    () => {
      state = "selected";
      for (const row of held.splice(0)) onRow(row);
    },
    () => {
      state = "failed";
      held.length = 0;
    },
  );
  return (summary) => {
    if (state === "selected") onRow(summary);
    else if (state === "pending") held.push(summary);
  };
}

/** Turns any failure into a `MailError` with a sentence. */
async function guard<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw error instanceof MailError ? error : new MailError(problemOf(error), { cause: error });
  }
}
