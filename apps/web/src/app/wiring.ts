/**
 * The composition root: the one place that holds the mail connection and the credentials (in
 * memory, for this page's life only), and turns what the connection says into feature store
 * updates. Features never call each other; the shell calls these functions.
 */
import { foldersStore } from "../features/folders/store";
import { batchPerTurn } from "../features/messages/batch";
import { ROW_HEIGHT } from "../features/messages/message-row";
import { CHUNK_ROWS, RowLoader } from "../features/messages/row-loader";
import { messagesStore } from "../features/messages/store";
import { protocolStore } from "../features/protocol/store";
import { readerStore } from "../features/reader/store";
import { sessionStore } from "../features/session/store";
import { fetchServers } from "../lib/imap-client/gateway";
import { MailSession, type OpenOptions } from "../lib/imap-client/mail-session";
import { problemOf } from "../lib/imap-client/problems";
import type { MessageSummary, WireEvent } from "../lib/imap-client/types";
import { showPane } from "./layout";

/** Rows of a first screen, even a tall one. */
const FIRST_ROWS = 50;

/**
 * Fetched with the folder's order, before the list has measured itself: as many rows as the window
 * is tall, and a few. The row loader brings the margin once the list shows.
 */
function firstScreen(): { readonly rows: number; readonly perFetch: number } {
  const rows = Math.min(2 * CHUNK_ROWS, Math.ceil(window.innerHeight / ROW_HEIGHT) + 4);
  return { rows, perFetch: CHUNK_ROWS };
}

interface Credentials {
  readonly username: string;
  readonly password: string;
}

let session: MailSession | null = null;
let credentials: Credentials | null = null;
let loader: RowLoader | null = null;
let folderOpening: AbortController | null = null;
/** The positions the list last showed. */
let shownRange: [first: number, last: number] = [0, 0];
/** Page load: the server list, then a connection opened at once so the greeting is there at the click. */
export async function start(): Promise<void> {
  try {
    sessionStore.getState().serversLoaded(await fetchServers());
  } catch (error) {
    sessionStore.getState().serversFailed(problemOf(error));
    return;
  }
  preconnect();
}

/**
 * `?maxInFlight=1` on the page's URL makes the main connection send one command at a time: the
 * benchmarks compare the same cold open both ways.
 */
function maxInFlightFromUrl(): { maxInFlight?: number } {
  const value = Number(new URLSearchParams(window.location.search).get("maxInFlight"));
  return Number.isInteger(value) && value > 0 ? { maxInFlight: value } : {};
}

function connectionOptions(serverId: string): OpenOptions {
  return {
    serverId,
    ...maxInFlightFromUrl(),
    onWire: (events) => {
      protocolStore.getState().ingest("main", events);
    },
    onClosed: (problem) => {
      sessionStore.getState().lost(problem);
    },
  };
}

function preconnect(): MailSession | null {
  const serverId = sessionStore.getState().serverId;
  if (serverId === null) return null;
  session?.close();
  session = MailSession.open(connectionOptions(serverId));
  return session;
}

export function chooseServer(serverId: string): void {
  sessionStore.getState().chooseServer(serverId);
  preconnect();
}

/**
 * AUTHENTICATE/LOGIN; then the folder list and the Inbox, pipelined in one round trip. Their commands
 * go out before any store changes, so the shell's first render does not delay them.
 */
export async function signIn(username: string, password: string): Promise<void> {
  sessionStore.getState().signingIn(username);
  const signedIn = await connectAndSignIn({ username, password });
  if (signedIn === null) return;
  credentials = { username, password };
  loadFolders(signedIn);
  openFolder("INBOX");
  const server = sessionStore.getState().servers.find((s) => s.id === sessionStore.getState().serverId);
  protocolStore.getState().configureCompare({ run: runFolderOpen, latency: server?.demoLatency ?? null });
  readerStore.getState().attach(signedIn);
  sessionStore.getState().signedIn();
}

/** Signs in on the connection opened at page load, or on a fresh one if that one is gone. */
async function connectAndSignIn(login: Credentials): Promise<MailSession | null> {
  let current = session;
  if (current === null) current = preconnect();
  else {
    const usable = await current.ready.then(
      () => !current?.closed,
      () => false,
    );
    if (!usable) current = preconnect();
  }
  if (current === null) {
    sessionStore.getState().failed({ reason: "noServer", message: "The gateway offers no mail server." });
    return null;
  }
  try {
    await current.ready;
    await current.signIn(login.username, login.password);
    return current;
  } catch (error) {
    sessionStore.getState().failed(problemOf(error));
    if (current.closed) preconnect();
    return null;
  }
}

function loadFolders(current: MailSession): void {
  const listing = current.listFolders();
  foldersStore.getState().loading();
  listing.then(
    (folders) => {
      if (current === session) foldersStore.getState().loaded(folders);
    },
    (error: unknown) => {
      if (current === session) foldersStore.getState().failed(problemOf(error).message);
    },
  );
}

/** SELECT, the folder's order and its first rows, in one round trip where the server allows it. */
export function openFolder(path: string): void {
  const current = session;
  if (current === null) return;
  folderOpening?.abort();
  const abort = new AbortController();
  folderOpening = abort;
  loader?.dispose();
  loader = null;
  const early = batchPerTurn<MessageSummary>((rows) => {
    if (!abort.signal.aborted) messagesStore.getState().rowsLanded(rows);
  });
  const opening = current.openFolder(path, { signal: abort.signal, prefetch: firstScreen(), onRow: early });
  foldersStore.getState().opened(path);
  messagesStore.getState().opening(path);
  readerStore.getState().close();
  showPane("list");
  shownRange = [0, FIRST_ROWS];
  opening.then(
    (view) => {
      if (abort.signal.aborted || current !== session) return;
      messagesStore.getState().opened(view);
      const rows = messagesStore.getState().rows;
      loader = new RowLoader(
        view.uids,
        (uids, options) => current.fetchSummaries(uids, options),
        (landed) => messagesStore.getState().rowsLanded(landed),
        { known: (uid) => rows.has(uid) },
      );
      loader.show(...shownRange);
    },
    (error: unknown) => {
      if (abort.signal.aborted) return;
      messagesStore.getState().failed(problemOf(error).message);
    },
  );
}

/** The list shows positions `first..last` (remembered while the first screen's rows are on their way). */
export function showRows(first: number, last: number): void {
  shownRange = [first, last];
  loader?.show(first, last);
}

/** Opens a message in the reading pane; it is marked read at once in the list and the tree. */
export function openMessage(uid: number): void {
  const messages = messagesStore.getState();
  const summary = messages.rows.get(uid);
  if (summary === undefined) return;
  messages.select(uid);
  showPane("reader");
  if (!summary.flags.includes("\\Seen")) {
    messages.flagsChanged(uid, [...summary.flags, "\\Seen"]);
    const path = messages.path;
    const folder = foldersStore.getState().folders.find((f) => f.path === path);
    if (folder !== undefined && folder.unseen !== null && folder.unseen > 0) {
      foldersStore.getState().counts(folder.path, folder.messages, folder.unseen - 1);
    }
  }
  readerStore.getState().open(summary, messages.path ?? "");
}

/** Back to the list (phone layout): the reading pane closes. */
export function closeMessage(): void {
  readerStore.getState().close();
  messagesStore.getState().select(null);
  showPane("list");
}

/** After a dropped connection: connect again with the credentials in memory and reopen the folder. */
export async function reconnect(): Promise<void> {
  const saved = credentials;
  if (saved === null) return;
  const path = messagesStore.getState().path ?? "INBOX";
  preconnect();
  const current = session;
  if (current === null) return;
  try {
    await current.ready;
    await current.signIn(saved.username, saved.password);
  } catch (error) {
    sessionStore.getState().lost(problemOf(error));
    return;
  }
  readerStore.getState().attach(current);
  sessionStore.getState().signedIn();
  loadFolders(current);
  openFolder(path);
}

/** LOGOUT, forget the password, clear every store, and connect afresh for the next sign-in. */
export async function signOut(): Promise<void> {
  const ending = session;
  session = null;
  credentials = null;
  folderOpening?.abort();
  loader?.dispose();
  loader = null;
  foldersStore.getState().reset();
  messagesStore.getState().reset();
  sessionStore.getState().signedOut();
  showPane("list");
  protocolStore.getState().reset();
  readerStore.getState().reset();
  await ending?.signOut();
  preconnect();
}

/** For the Compare demo: a fresh connection with these options runs the same folder open. */
export async function runFolderOpen(options: {
  readonly maxInFlight: number | undefined;
  readonly latencyMs: number | undefined;
}): Promise<readonly WireEvent[]> {
  const saved = credentials;
  const serverId = sessionStore.getState().serverId;
  const path = messagesStore.getState().path ?? "INBOX";
  if (saved === null || serverId === null) throw new Error("Sign in first.");
  const events: WireEvent[] = [];
  const run = MailSession.open({
    serverId,
    ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    onWire: (batch) => events.push(...batch),
  });
  try {
    await run.ready;
    await run.signIn(saved.username, saved.password);
    // The same open as the app's: the newest rows beside the order, then whatever the first screen lacks.
    const seen = new Set<number>();
    const [, view] = await Promise.all([
      run.listFolders(),
      run.openFolder(path, { prefetch: firstScreen(), onRow: (row) => seen.add(row.uid) }),
    ]);
    await run.fetchSummaries(Array.from(view.uids.subarray(0, FIRST_ROWS)).filter((uid) => !seen.has(uid)));
    return events.filter((e) => e.kind !== "closed");
  } finally {
    await run.signOut();
  }
}
