/*
 * A minimal IMAP client for this package's tests, written against node:net/node:tls directly so that the
 * tests check the server, not the tool's own client. Collects response lines (literals inlined) until the
 * tagged completion of each command.
 */
import { connect as connectTcp, type Socket } from "node:net";
import { type ConnectionOptions, connect as connectTls } from "node:tls";

export interface ProbeResult {
  status: string;
  text: string;
  untagged: string[];
}

export class ImapProbe {
  readonly greeting: string;
  readonly #socket: Socket;
  #data = "";
  #tag = 0;
  #waiters: Array<() => void> = [];
  #closed: Error | undefined;

  private constructor(socket: Socket, greeting: string, rest: string) {
    this.#socket = socket;
    this.greeting = greeting;
    this.#data = rest;
    socket.on("data", (chunk: string) => {
      this.#data += chunk;
      this.#notify();
    });
    socket.on("close", () => {
      this.#closed = new Error("connection closed");
      this.#notify();
    });
  }

  /** Connect (plain, or TLS when `tls` is given) and wait for the greeting line. */
  static open(port: number, tls?: ConnectionOptions): Promise<ImapProbe> {
    return new Promise((resolve, reject) => {
      const socket =
        tls === undefined
          ? connectTcp({ host: "127.0.0.1", port })
          : connectTls({ host: "127.0.0.1", port, ...tls });
      socket.setEncoding("latin1");
      let buffer = "";
      const onData = (chunk: string): void => {
        buffer += chunk;
        const end = buffer.indexOf("\r\n");
        if (end < 0) return;
        socket.off("data", onData);
        socket.off("error", reject);
        resolve(new ImapProbe(socket, buffer.slice(0, end), buffer.slice(end + 2)));
      };
      socket.on("data", onData);
      socket.once("error", reject);
    });
  }

  #notify(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  /** Write raw protocol text (CRLF added). */
  send(text: string): void {
    this.#socket.write(`${text}\r\n`);
  }

  /** The next response line (literals inlined). */
  async readLine(): Promise<string> {
    for (;;) {
      const line = this.#takeLine();
      if (line !== undefined) return line;
      if (this.#closed !== undefined) throw this.#closed;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Read lines until one matches `pattern`; returns it. */
  async readUntil(pattern: RegExp): Promise<string> {
    for (;;) {
      const line = await this.readLine();
      if (pattern.test(line)) return line;
    }
  }

  /** Send one command and collect its untagged lines and tagged completion. */
  async run(command: string): Promise<ProbeResult> {
    const tag = `p${++this.#tag}`;
    this.send(`${tag} ${command}`);
    const untagged: string[] = [];
    for (;;) {
      const line = await this.readLine();
      if (line.startsWith(`${tag} `)) {
        const [, status = "", text = ""] = /^\S+ (\S+) ?(.*)$/.exec(line) ?? [];
        return { status, text, untagged };
      }
      untagged.push(line);
    }
  }

  /** One logical response line, with `{n}` literals inlined; undefined until complete. */
  #takeLine(): string | undefined {
    let offset = 0;
    for (;;) {
      const end = this.#data.indexOf("\r\n", offset);
      if (end < 0) return undefined;
      const literal = /\{(\d+)\}$/.exec(this.#data.slice(offset, end));
      if (literal === null) {
        const line = this.#data.slice(0, end);
        this.#data = this.#data.slice(end + 2);
        return line;
      }
      const after = end + 2 + Number(literal[1]);
      if (this.#data.length < after) return undefined;
      offset = after;
    }
  }

  close(): void {
    this.#socket.destroy();
  }
}

/** The MESSAGES count of `mailbox` from STATUS (the probe must be logged in). */
export async function messageCount(probe: ImapProbe, mailbox: string): Promise<number> {
  const status = await probe.run(`STATUS "${mailbox}" (MESSAGES)`);
  if (status.status !== "OK") throw new Error(`STATUS failed: ${status.text}`);
  const count = /\(MESSAGES (\d+)\)/.exec(status.untagged.join("\n"))?.[1];
  if (count === undefined) throw new Error(`no MESSAGES in ${status.untagged.join("\n")}`);
  return Number(count);
}
