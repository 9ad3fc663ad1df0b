/*
 * Just enough IMAP, over node:net, to deliver mail into a running instance: read the greeting, send one
 * command at a time, collect lines until the tagged completion. Responses are split into lines; a line that
 * ends with a literal announcement `{n}` swallows the next n bytes, so literals are never read as protocol.
 * APPEND uses non-synchronizing literals (`{n+}`, LITERAL+), which Dovecot always offers, so no continuation
 * handling is needed. Deliberately independent of @tagwire/imap, which it helps to test.
 */
import { connect, type Socket } from "node:net";
import { encodeModifiedUtf7 } from "./mailbox-name.js";
import { isAtom } from "./text-checks.js";

/** A tagged completion and the untagged lines before it. */
export interface Completion {
  status: "OK" | "NO" | "BAD";
  /** Text after the status, response code included (e.g. `[TRYCREATE] Mailbox doesn't exist`). */
  text: string;
  untagged: string[];
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SYSTEM_FLAGS = new Set(["\\answered", "\\flagged", "\\deleted", "\\seen", "\\draft"]);

/**
 * What a line read before the greeting means: `ready` for the real `* OK` greeting, `refused` for
 * `* BYE`, null for anything else, including the `* OK Waiting for authentication process to respond..`
 * Dovecot may send first while its auth process starts.
 */
export function greetingVerdict(line: string): "ready" | "refused" | null {
  if (line.startsWith("* BYE")) return "refused";
  return line.startsWith("* OK") && !/^\* OK Waiting for authentication/i.test(line) ? "ready" : null;
}

/** An IMAP string: quoted when printable ASCII, else a non-synchronizing literal. */
export function imapString(value: string): Buffer {
  if (/^[\x20-\x7e]*$/.test(value)) return Buffer.from(`"${value.replace(/[\\"]/g, "\\$&")}"`, "latin1");
  const bytes = Buffer.from(value, "utf8");
  return Buffer.concat([Buffer.from(`{${bytes.length}+}\r\n`, "latin1"), bytes]);
}

/** INTERNALDATE as `"dd-Mon-yyyy hh:mm:ss +0000"`. */
export function internalDateString(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `"${pad(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000"`;
}

/** A parenthesized flag list; throws on anything that is not a settable flag or keyword atom. */
export function flagList(flags: readonly string[]): string {
  for (const flag of flags) {
    const ok = flag.startsWith("\\") ? SYSTEM_FLAGS.has(flag.toLowerCase()) : isAtom(flag);
    if (!ok) throw new Error(`Cannot APPEND with the flag ${JSON.stringify(flag)}`);
  }
  return `(${flags.join(" ")})`;
}

/** Bare LF → CRLF, as RFC 5322 and APPEND want. */
export function toCrlf(message: Uint8Array | string): Buffer {
  const bytes = typeof message === "string" ? Buffer.from(message, "utf8") : Buffer.from(message);
  let extra = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a && bytes[i - 1] !== 0x0d) extra++;
  if (extra === 0) return bytes;
  const out = Buffer.alloc(bytes.length + extra);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && bytes[i - 1] !== 0x0d) out[n++] = 0x0d;
    out[n++] = bytes[i] as number;
  }
  return out;
}

/** A connection that runs one command at a time. */
export class MiniImap {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #literal = 0;
  #line: Buffer[] = [];
  #lines: string[] = [];
  #waiter: (() => void) | undefined;
  #error: Error | undefined;
  #tag = 0;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("error", (error) => this.#fail(error));
    socket.on("close", () => this.#fail(new Error("IMAP connection closed")));
  }

  /** Connect and read the greeting. */
  static async connect(host: string, port: number, timeoutMs = 10_000): Promise<MiniImap> {
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`IMAP timed out after ${timeoutMs} ms`)));
    const client = new MiniImap(socket);
    try {
      for (;;) {
        const line = await client.#nextLine();
        const verdict = greetingVerdict(line);
        if (verdict === "ready") return client;
        if (verdict === "refused") throw new Error(`IMAP server refused the connection: ${line}`);
      }
    } catch (error) {
      client.destroy();
      throw error;
    }
  }

  /** Send `<tag> <parts...>\r\n` and resolve with the tagged completion. */
  async command(...parts: Array<string | Buffer>): Promise<Completion> {
    const tag = `T${++this.#tag}`;
    const pieces = parts.map((part) => (typeof part === "string" ? Buffer.from(part, "latin1") : part));
    this.#socket.write(Buffer.concat([Buffer.from(`${tag} `), ...pieces, Buffer.from("\r\n")]));
    const untagged: string[] = [];
    for (;;) {
      const line = await this.#nextLine();
      if (!line.startsWith(`${tag} `)) {
        untagged.push(line);
        continue;
      }
      const match = /^\S+ (OK|NO|BAD)\s?(.*)$/i.exec(line);
      if (match === null) throw new Error(`Malformed completion: ${line}`);
      return {
        status: (match[1] as string).toUpperCase() as Completion["status"],
        text: match[2] ?? "",
        untagged,
      };
    }
  }

  /** LOGOUT (best effort) and close. */
  async close(): Promise<void> {
    try {
      await this.command("LOGOUT");
    } catch {
      // Closed already.
    }
    this.#socket.destroy();
  }

  /** Destroy the socket now. */
  destroy(): void {
    this.#socket.destroy();
  }

  #fail(error: Error): void {
    this.#error ??= error;
    this.#wake();
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }

  async #nextLine(): Promise<string> {
    for (;;) {
      const line = this.#lines.shift();
      if (line !== undefined) return line;
      if (this.#error !== undefined) throw this.#error;
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
    }
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      if (this.#literal > 0) {
        const take = Math.min(this.#literal, this.#buffer.length);
        this.#line.push(this.#buffer.subarray(0, take));
        this.#buffer = this.#buffer.subarray(take);
        this.#literal -= take;
        if (this.#literal > 0) break;
        continue;
      }
      const end = this.#buffer.indexOf(0x0a);
      if (end < 0) break;
      const piece = this.#buffer.subarray(0, end + 1);
      this.#buffer = this.#buffer.subarray(end + 1);
      this.#line.push(piece);
      const literal = /\{(\d+)\+?\}\r?\n$/.exec(piece.toString("latin1"));
      if (literal !== null) {
        this.#literal = Number(literal[1]);
        continue;
      }
      this.#lines.push(
        Buffer.concat(this.#line)
          .toString("utf8")
          .replace(/\r?\n$/, ""),
      );
      this.#line = [];
    }
    this.#wake();
  }
}

/** A mailbox name as an IMAP string (modified UTF-7). */
export function mailboxArgument(name: string): Buffer {
  return imapString(encodeModifiedUtf7(name));
}
