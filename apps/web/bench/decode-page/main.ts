/**
 * The in-page decoding benchmark: the same list-view UID FETCH received by a bare WebSocket (bytes
 * counted, nothing parsed) and by `ImapClient` over `connectWebSocket` (every FETCH row parsed into
 * the typed model). `window.decodeBench` is driven by run.ts.
 */
import { connectWebSocket, ImapClient } from "@tagwire/imap";

export interface DecodeRun {
  readonly ms: number;
  readonly bytes: number;
  readonly rows: number;
}

export interface DecodeOptions {
  readonly serverId: string;
  readonly username: string;
  readonly password: string;
  readonly mailbox: string;
  /** UID range, e.g. `1:20000`. */
  readonly range: string;
}

const ATTRIBUTES = "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)";
const SUBPROTOCOL = "tagwire.v1";

function socketUrl(serverId: string): string {
  const url = new URL("/ws/imap", window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("server", serverId);
  return url.toString();
}

function quote(text: string): string {
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

const encoder = new TextEncoder();
const latin1 = new TextDecoder("latin1");

/** Raw receive: commands sent as bytes, the answer counted until the tagged completion of `Z3`. */
async function raw(options: DecodeOptions): Promise<DecodeRun> {
  const socket = new WebSocket(socketUrl(options.serverId), SUBPROTOCOL);
  socket.binaryType = "arraybuffer";
  let tail = "";
  let waiting: { tag: string; resolve: () => void } | null = null;
  let counting = false;
  let bytes = 0;
  let greeted: () => void = () => undefined;
  const greeting = new Promise<void>((resolve) => {
    greeted = resolve;
  });
  socket.onmessage = (event: MessageEvent<ArrayBuffer>) => {
    const data = event.data;
    if (counting) bytes += data.byteLength;
    // Only the end of the stream can hold the completion: keep a short window of text.
    const view = new Uint8Array(data, Math.max(0, data.byteLength - 256));
    tail = (tail + latin1.decode(view)).slice(-512);
    greeted();
    if (waiting !== null && new RegExp(`(^|\\r\\n)${waiting.tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n$`).test(tail)) {
      const done = waiting;
      waiting = null;
      if (!/ OK/.test(tail.slice(tail.lastIndexOf(`${done.tag} `)))) {
        throw new Error(`raw: ${tail.slice(tail.lastIndexOf(done.tag))}`);
      }
      done.resolve();
    }
  };
  await new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new Error("raw WebSocket failed"));
  });
  await greeting;
  const run = (tag: string, line: string) =>
    new Promise<void>((resolve) => {
      waiting = { tag, resolve };
      tail = "";
      socket.send(encoder.encode(`${tag} ${line}\r\n`));
    });
  await run("Z1", `LOGIN ${quote(options.username)} ${quote(options.password)}`);
  await run("Z2", `SELECT ${quote(options.mailbox)}`);
  counting = true;
  const started = performance.now();
  await run("Z3", `UID FETCH ${options.range} ${ATTRIBUTES}`);
  const ms = performance.now() - started;
  counting = false;
  socket.close(1000);
  return { ms, bytes, rows: Number.NaN };
}

/** Parsed: the app's own stack, every FETCH row decoded; counts rows as the app's list does. */
async function parsed(options: DecodeOptions): Promise<DecodeRun> {
  const transport = await connectWebSocket(socketUrl(options.serverId));
  const client = new ImapClient(transport, { now: () => performance.now() });
  await client.connect();
  await client.login(options.username, options.password, { mechanism: "LOGIN" });
  await client.select(options.mailbox);
  let rows = 0;
  let bytes = 0;
  const off = client.on("untaggedReceived", (event) => {
    if (event.data.type === "fetch") {
      rows++;
      bytes += event.bytes;
    }
  });
  const started = performance.now();
  const pending = client.send({
    name: "FETCH",
    uid: true,
    set: options.range,
    attributes: ["UID", "FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE"],
  });
  await pending.result;
  const ms = performance.now() - started;
  off();
  client.disconnect();
  return { ms, bytes, rows };
}

declare global {
  interface Window {
    decodeBench: { raw: typeof raw; parsed: typeof parsed };
  }
}

window.decodeBench = { raw, parsed };
