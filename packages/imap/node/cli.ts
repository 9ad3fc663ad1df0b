/**
 * `tagwire-imap`, the package's command-line tool.
 *
 *   tagwire-imap parse [--utf8] [--bodies] [--stream-threshold BYTES]  < server-bytes
 *   tagwire-imap run --url imap://user:pass@host:port [--ca FILE] [--insecure]
 *                    [--max-in-flight N] [--auth plain|login] [--timeout MS] 'CMD' 'CMD' ...
 *
 * `parse` decodes raw server bytes (a captured transcript) and prints one JSON object per response
 * or body event (NDJSON; `toJson` of `@tagwire/imap/trace` maps the values). `run` connects, logs in,
 * sends the commands pipelined, logs out, and prints the trace with timings (`formatTraceEvent`); the
 * password never appears in the output.
 */
import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import {
  type Command,
  capabilitySet,
  DEFAULT_MAX_IN_FLIGHT,
  type DecodeEvent,
  ImapClient,
  ImapError,
  parseCommandText,
  ResponseDecoder,
  STREAM_THRESHOLD,
  utf8Enabled,
} from "../src/index.js";
import { formatTraceEvent, toJson } from "../src/trace/index.js";
import { connectTcp } from "./tcp.js";
import { parseImapUrl, redactUrl } from "./url.js";

/** Where the CLI reads and writes; the process's streams by default. */
export interface CliIo {
  readonly stdin: AsyncIterable<Uint8Array | string>;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
}

/** The part of a Node writable stream the CLI uses. */
export interface OutputStream {
  write(text: string): boolean;
  once?(event: "drain", listener: () => void): unknown;
}

const USAGE = `usage:
  tagwire-imap parse [--utf8] [--bodies] [--stream-threshold BYTES]  < server-bytes
      Decode raw IMAP server bytes from stdin; print one JSON object per response (NDJSON).
      --utf8              strings are UTF-8 from the start (UTF8=ACCEPT / IMAP4rev2)
      --bodies            include streamed body chunks' bytes (text or base64)
      --stream-threshold  stream BODY[]/BINARY[] literals above this size (default ${STREAM_THRESHOLD})
  tagwire-imap run --url imap://user:pass@host:port [options] 'CMD' 'CMD' ...
      Log in, send the commands (raw IMAP without tags) pipelined, log out; print the trace.
      --url URL           imap:// (plain) or imaps:// (implicit TLS); ;AUTH=PLAIN|LOGIN after the user
      --ca FILE           PEM file of the CA to trust for imaps://
      --insecure          do not verify the server certificate (debugging only)
      --max-in-flight N   most commands in flight (1 = sequential; default ${DEFAULT_MAX_IN_FLIGHT})
      --auth plain|login  force AUTHENTICATE PLAIN or LOGIN (default: PLAIN when advertised)
      --timeout MS        give up after MS milliseconds (default 120000)
`;

class UsageError extends Error {}

/**
 * Commands `run` refuses, and why: it logs in and out by itself with the credentials of `--url`, and
 * prints a trace of commands that each complete on their own.
 */
const REFUSED_IN_RUN: Readonly<Record<string, string>> = {
  LOGIN: "not available in run: credentials come from --url",
  AUTHENTICATE: "not available in run: credentials come from --url",
  LOGOUT: "not available in run: run logs out by itself",
  STARTTLS: "not available in run: use imaps:// for TLS",
  IDLE: "not available in run: IDLE needs DONE, which run cannot type",
  DONE: "not available in run: IDLE needs DONE, which run cannot type",
  APPEND: "not available in run: APPEND needs message bytes; use the library's append()",
};

interface ParsedArgs {
  readonly flags: Map<string, string | true>;
  readonly positional: string[];
}

const VALUE_FLAGS = new Set([
  "--url",
  "--ca",
  "--max-in-flight",
  "--auth",
  "--timeout",
  "--stream-threshold",
]);
const BOOLEAN_FLAGS = new Set(["--insecure", "--utf8", "--bodies", "--help"]);

function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (BOOLEAN_FLAGS.has(name)) {
      if (eq !== -1) throw new UsageError(`${name} takes no value`);
      flags.set(name, true);
    } else if (VALUE_FLAGS.has(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      flags.set(name, value);
    } else {
      throw new UsageError(`unknown option ${name}`);
    }
  }
  return { flags, positional };
}

function intFlag(args: ParsedArgs, name: string, fallback: number, min: number): number {
  const value = args.flags.get(name);
  if (value === undefined) return fallback;
  if (value === true || !/^\d+$/.test(value) || Number(value) < min) {
    throw new UsageError(`${name} must be an integer >= ${min}`);
  }
  return Number(value);
}

function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return value === true ? undefined : value;
}

/** Writes, waiting for 'drain' when the stream asks for it. */
async function write(stream: OutputStream, text: string): Promise<void> {
  if (stream.write(text) || stream.once === undefined) return;
  await new Promise<void>((resolve) => stream.once?.("drain", resolve));
}

function defaultIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** Runs the CLI; resolves with the exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === "--help" || command === "help" || command === "-h") {
      await write(command === undefined ? io.stderr : io.stdout, USAGE);
      return command === undefined ? 2 : 0;
    }
    const args = parseArgs(rest);
    if (args.flags.has("--help")) {
      await write(io.stdout, USAGE);
      return 0;
    }
    if (command === "parse") return await parse(args, io);
    if (command === "run") return await run(args, io);
    throw new UsageError(`unknown command ${command}`);
  } catch (error) {
    if (error instanceof UsageError) {
      await write(io.stderr, `tagwire-imap: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    await write(io.stderr, `tagwire-imap: ${describeError(error)}\n`);
    return 1;
  }
}

function describeError(error: unknown): string {
  if (error instanceof ImapError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------- parse

function decodeEventJson(event: DecodeEvent, bodies: boolean): unknown {
  switch (event.type) {
    case "response":
      return event.response;
    case "bodyChunk":
      return bodies
        ? { type: "bodyChunk", size: event.data.length, data: event.data }
        : { type: "bodyChunk", size: event.data.length };
    case "responseRejected":
      return {
        type: "responseRejected",
        code: event.error.code,
        message: event.error.message,
        size: event.size,
      };
    case "framingLost":
      return { type: "framingLost", code: event.error.code, message: event.error.message };
    default:
      return event;
  }
}

function enablesUtf8(event: DecodeEvent): boolean {
  if (event.type !== "response" || event.response.type !== "enabled") return false;
  return utf8Enabled(capabilitySet(event.response.capabilities));
}

async function parse(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positional.length > 0) throw new UsageError("parse reads stdin and takes no arguments");
  const bodies = args.flags.has("--bodies");
  const decoder = new ResponseDecoder({
    utf8: args.flags.has("--utf8"),
    streamThreshold: intFlag(args, "--stream-threshold", STREAM_THRESHOLD, 0),
  });
  let framingLost = false;
  for await (const chunk of io.stdin) {
    // Copy: the decoder keeps views of what it is given, and the stream may reuse its buffers.
    decoder.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
    let out = "";
    for (let event = decoder.next(); event !== null; event = decoder.next()) {
      out += `${JSON.stringify(toJson(decodeEventJson(event, bodies)))}\n`;
      // `* ENABLED UTF8=ACCEPT` switches strings to UTF-8 for what follows (RFC 6855), as in a session.
      if (enablesUtf8(event)) decoder.setUtf8(true);
      if (event.type === "framingLost") framingLost = true;
    }
    if (out !== "") await write(io.stdout, out);
    if (framingLost) break;
  }
  if (framingLost) {
    await write(io.stderr, "tagwire-imap: framing lost; the rest of the input cannot be read as IMAP\n");
    return 1;
  }
  if (decoder.bufferedBytes > 0) {
    await write(
      io.stderr,
      `tagwire-imap: ${decoder.bufferedBytes} bytes of an incomplete response at the end\n`,
    );
  }
  return 0;
}

// ---------------------------------------------------------------- run

async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const urlText = stringFlag(args, "--url");
  if (urlText === undefined) throw new UsageError("run needs --url imap://user:pass@host:port");
  const url = parseImapUrl(urlText);
  if (url.username === null || url.password === null)
    throw new UsageError("the URL must name a user and a password");
  if (args.positional.length === 0) throw new UsageError("run needs at least one command");
  const commands: Command[] = args.positional.map((text, i) => {
    try {
      return parseCommandText(text, { refuse: REFUSED_IN_RUN });
    } catch (error) {
      // The command text itself is not echoed: it may hold what the user meant as a secret.
      throw new UsageError(`command ${i + 1}: ${describeError(error)}`);
    }
  });
  const auth = stringFlag(args, "--auth")?.toUpperCase();
  if (auth !== undefined && auth !== "PLAIN" && auth !== "LOGIN")
    throw new UsageError("--auth is plain or login");
  const mechanism = auth ?? url.mechanism;
  const maxInFlight = intFlag(args, "--max-in-flight", DEFAULT_MAX_IN_FLIGHT, 1);
  const timeoutMs = intFlag(args, "--timeout", 120_000, 1);
  const caFile = stringFlag(args, "--ca");
  const insecure = args.flags.has("--insecure");
  if ((caFile !== undefined || insecure) && !url.secure)
    throw new UsageError("--ca and --insecure need an imaps:// URL");
  const ca = caFile === undefined ? undefined : await readFile(caFile, "utf8");

  const start = performance.now();
  await write(io.stdout, `-- ${redactUrl(url)}\n`);
  const transport = await connectTcp({
    host: url.host,
    port: url.port,
    ...(url.secure
      ? { tls: { ...(ca === undefined ? {} : { ca }), ...(insecure ? { rejectUnauthorized: false } : {}) } }
      : {}),
  });
  const client = new ImapClient(transport, { now: () => performance.now(), session: { maxInFlight } });
  // Trace lines are written as events happen; a trace is small enough to ignore backpressure here.
  client.onAny((event) => {
    const line = formatTraceEvent(event, start);
    if (line !== null) io.stdout.write(`${line}\n`);
  });
  const timer = setTimeout(() => client.disconnect(), timeoutMs);
  try {
    await client.connect();
    await client.login(url.username, url.password, { mechanism });
    const pending = commands.map((command) => client.send(command));
    const results = await Promise.allSettled(pending.map((p) => p.result));
    await client.logout();
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const elapsed = (performance.now() - start).toFixed(3);
    await write(
      io.stdout,
      `-- ${results.length} commands: ${ok} OK, ${results.length - ok} failed; ${elapsed}ms\n`,
    );
    return ok === results.length ? 0 : 1;
  } catch (error) {
    client.disconnect();
    await write(io.stderr, `tagwire-imap: ${describeError(error)}\n`);
    return 1;
  } finally {
    clearTimeout(timer);
  }
}
