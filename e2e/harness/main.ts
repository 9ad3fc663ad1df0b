/**
 * The harness page's script: `@tagwire/imap`, bundled unchanged, driven by Playwright through
 * `window.tagwire` (see `api.ts`). It is served by the gateway as a file next to `index.html`, under
 * the gateway's CSP (`script-src 'self'`), and talks to the gateway of its own origin.
 */
import {
  addressEmail,
  connectWebSocket,
  type IdleHandle,
  ImapClient,
  ImapCommandError,
  ImapError,
  text,
} from "@tagwire/imap";
import { eventToJson } from "@tagwire/imap/trace";
import type {
  ConnectionEndInfo,
  ConnectOptions,
  CspProbe,
  EnvelopeInfo,
  FolderInfo,
  NewMail,
  Outcome,
  SelectedInfo,
  StatusInfo,
  StorageSnapshot,
  StreamedBody,
  TagwireHarness,
  TraceEntry,
} from "./api.js";

/** How long `waitForNewMail` waits by default. */
const NEW_MAIL_TIMEOUT_MS = 10_000;
/** How long the CSP probe waits for the violation report of its inline script. */
const CSP_REPORT_TIMEOUT_MS = 2_000;

interface Connection {
  readonly client: ImapClient;
  readonly trace: TraceEntry[];
  idle: { readonly handle: IdleHandle; readonly newMail: Promise<NewMail> } | null;
}

const connections = new Map<number, Connection>();
let nextId = 1;

function connection(id: number): Connection {
  const found = connections.get(id);
  if (found === undefined) throw new Error(`no connection ${id}`);
  return found;
}

function gatewayUrl(server: string, params: Readonly<Record<string, string>> = {}): string {
  const url = new URL("/ws/imap", location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("server", server);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  return url.href;
}

/** The fields of an `ImapTransportError`, read by shape (the class is not named here). */
function connectionEnd(error: unknown): ConnectionEndInfo | null {
  if (!(error instanceof ImapError) || !("reason" in error) || typeof error.reason !== "string") return null;
  const field = (name: string): number | null => {
    const value = (error as unknown as Record<string, unknown>)[name];
    return typeof value === "number" ? value : null;
  };
  return {
    reason: error.reason,
    closeCode: field("closeCode"),
    httpStatus: field("httpStatus"),
    retryAfterS: field("retryAfterS"),
  };
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function entries(storage: Storage): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null) out[key] = storage.getItem(key) ?? "";
  }
  return out;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const harness: TagwireHarness = {
  async connect(options: ConnectOptions = {}) {
    const transport = await connectWebSocket(gatewayUrl(options.server ?? "default", options.params));
    const client = new ImapClient(transport, {
      now: () => performance.now(),
      session: options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight },
    });
    const trace: TraceEntry[] = [];
    // Invalid UTF-8 as lossy text, not base64: a leaked password would stay searchable by the tests.
    client.onAny((event) => trace.push(eventToJson(event, { invalidUtf8: "replace" })));
    const id = nextId++;
    connections.set(id, { client, trace, idle: null });
    await client.connect();
    return id;
  },

  async login(id, username, password, options = {}) {
    const { client } = connection(id);
    await client.login(username, password, options);
    return client.state;
  },

  list(id, reference = "", pattern = "*") {
    return connection(id)
      .client.list(reference, pattern, { specialUse: true })
      .then((folders) =>
        folders.map(
          (folder): FolderInfo => ({
            name: folder.name,
            delimiter: folder.delimiter,
            attributes: folder.attributes,
            specialUse: folder.specialUse,
          }),
        ),
      );
  },

  select(id, mailbox) {
    return connection(id)
      .client.select(mailbox)
      .then(
        (state): SelectedInfo => ({
          name: state.name,
          exists: state.exists,
          uidValidity: state.uidValidity,
          uidNext: state.uidNext,
          readOnly: state.readOnly,
        }),
      );
  },

  status(id, mailbox) {
    return connection(id)
      .client.status(mailbox, ["MESSAGES", "UNSEEN", "UIDNEXT"])
      .then(
        (status): StatusInfo => ({
          messages: status.messages ?? null,
          unseen: status.unseen ?? null,
          uidNext: status.uidNext ?? null,
        }),
      );
  },

  envelopes(id, set, options = {}) {
    return connection(id)
      .client.fetch(set, ["UID", "FLAGS", "ENVELOPE"], { uid: options.uid ?? false })
      .then((messages) =>
        messages.map(
          ({ seq, items }): EnvelopeInfo => ({
            seq,
            uid: items.uid ?? null,
            subject: text(items.envelope?.subject ?? null),
            from: (items.envelope?.from ?? []).map((address) => addressEmail(address) ?? ""),
          }),
        ),
      );
  },

  async streamBody(id, uid) {
    let buffer = new Uint8Array(0);
    let size = 0;
    let declaredSize = 0;
    let chunks = 0;
    let largestChunk = 0;
    const messages = await connection(id).client.fetch(
      String(uid),
      [{ item: "BODY", section: "", peek: true }],
      {
        uid: true,
        onBody: {
          start(event) {
            declaredSize = event.size;
            buffer = new Uint8Array(event.size);
          },
          chunk(data) {
            // A chunk is a view valid only during this call: copy it out. Overflow throws (and fails the FETCH).
            buffer.set(data, size);
            size += data.length;
            chunks += 1;
            largestChunk = Math.max(largestChunk, data.length);
          },
        },
      },
    );
    const section = messages[0]?.items.sections?.find((candidate) => candidate.section === "");
    const digest = await crypto.subtle.digest("SHA-256", buffer.subarray(0, size));
    const result: StreamedBody = {
      size,
      declaredSize,
      chunks,
      largestChunk,
      sha256: hex(digest),
      materialized: section !== undefined && section.data !== null,
    };
    return result;
  },

  async idle(id) {
    const conn = connection(id);
    if (conn.idle !== null) throw new Error(`connection ${id} is already idling`);
    // Armed before IDLE starts, so an EXISTS right after the server's "+" is not missed.
    const newMail = conn.client
      .next("mailboxChanged", (event) =>
        event.changes.some((change) => change.kind === "exists" && change.count > change.previous),
      )
      .then((event): NewMail => {
        for (const change of event.changes) {
          if (change.kind === "exists") return { exists: change.count, previous: change.previous };
        }
        throw new Error("mailboxChanged without an exists change");
      });
    newMail.catch(() => {});
    const handle = conn.client.idle();
    conn.idle = { handle, newMail };
    await handle.started;
  },

  waitForNewMail(id, timeoutMs = NEW_MAIL_TIMEOUT_MS) {
    const { idle } = connection(id);
    if (idle === null) return Promise.reject(new Error(`connection ${id} is not idling`));
    return withTimeout(idle.newMail, timeoutMs, "waiting for EXISTS during IDLE");
  },

  async done(id) {
    const conn = connection(id);
    if (conn.idle === null) throw new Error(`connection ${id} is not idling`);
    const { handle } = conn.idle;
    conn.idle = null;
    await handle.done();
  },

  async logout(id) {
    await connection(id).client.logout();
  },

  trace(id) {
    return [...connection(id).trace];
  },

  async attempt<T>(promise: Promise<T>): Promise<Outcome<T>> {
    try {
      return { ok: true, value: await promise };
    } catch (error) {
      const isError = error instanceof Error;
      return {
        ok: false,
        error: {
          name: isError ? error.name : typeof error,
          code: error instanceof ImapError ? error.code : null,
          message: isError ? error.message : String(error),
          isImapError: error instanceof ImapError,
          isCommandError: error instanceof ImapCommandError,
          status: error instanceof ImapCommandError ? error.status : null,
          connectionEnd: connectionEnd(error),
        },
      };
    }
  },

  async storage(): Promise<StorageSnapshot> {
    const databases = await indexedDB.databases();
    return {
      localStorage: entries(localStorage),
      sessionStorage: entries(sessionStorage),
      cookie: document.cookie,
      url: location.href,
      indexedDb: databases.map((database) => database.name ?? ""),
    };
  },

  async cspProbe(): Promise<CspProbe> {
    const violations: string[] = [];
    const marker = `csp-probe-${Math.random().toString(36).slice(2)}`;
    const reported = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CSP_REPORT_TIMEOUT_MS);
      document.addEventListener("securitypolicyviolation", (event) => {
        violations.push(event.effectiveDirective);
        if (event.effectiveDirective.startsWith("script-src-elem")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    // In a task of its own: code run by a debugger's evaluate may be exempt from the eval check.
    const evalAllowed = await new Promise<boolean>((resolve) => {
      setTimeout(() => {
        try {
          new Function("return 1")();
          resolve(true);
        } catch {
          resolve(false);
        }
      }, 0);
    });
    const script = document.createElement("script");
    script.textContent = `document.documentElement.dataset.inline = "${marker}";`;
    document.body.append(script);
    await reported;
    script.remove();
    return {
      inlineScriptRan: document.documentElement.dataset.inline === marker,
      evalAllowed,
      violations,
    };
  },
};

window.tagwire = harness;
const status = document.querySelector("[data-harness-status]");
if (status !== null) status.textContent = "ready";
