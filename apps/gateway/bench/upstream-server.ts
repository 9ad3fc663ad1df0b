/**
 * The mail server stand-in every contender relays to: a TCP server on 127.0.0.1 that takes one
 * command line from the client, then plays its part.
 *
 *   PUSH <n>\n   writes n pattern bytes as fast as the socket drains (downstream throughput)
 *   SINK <n>\n   answers READY, counts n pattern bytes, then answers `OK <count> <bad>\n` (upstream)
 *   ECHO\n       answers READY, then echoes every byte (round-trip latency)
 *   IDLE\n       answers READY, then holds the connection (idle sessions)
 *   FLUSH <n>\n  writes n pattern bytes and closes at once, without waiting for the client (close flush)
 *
 * READY is an IMAP-style greeting, so an idle session has carried bytes both ways through the relay.
 */
import { createServer, type Server, type Socket } from "node:net";
import { CHUNK, patternAt, samplesMatch } from "./pattern.js";

/** The line the server sends once a SINK, ECHO or IDLE command is understood. */
export const READY = Buffer.from("* OK ready\r\n");

const MAX_COMMAND = 64;
const NEWLINE = 0x0a;

/** A running upstream server. */
export class UpstreamServer {
  /** Connections currently open, whatever their mode. */
  open = 0;
  /** Connections in IDLE mode currently open. */
  idle = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor() {
    this.server = createServer({ noDelay: true }, (socket) => this.onConnection(socket));
  }

  /** Starts listening on 127.0.0.1 at a free port. */
  static async start(): Promise<UpstreamServer> {
    const upstream = new UpstreamServer();
    await new Promise<void>((resolve, reject) => {
      upstream.server.once("error", reject);
      // Thousands of connections arrive in bursts: a deep backlog keeps SYNs from being dropped.
      upstream.server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, resolve);
    });
    return upstream;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** Stops listening and drops every connection. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(socket: Socket): void {
    this.open++;
    this.sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => {
      this.open--;
      this.sockets.delete(socket);
    });
    let head: Buffer = Buffer.alloc(0);
    const onHead = (data: Buffer) => {
      head = head.length === 0 ? data : Buffer.concat([head, data]);
      const end = head.indexOf(NEWLINE);
      if (end < 0) {
        if (head.length > MAX_COMMAND) socket.destroy();
        return;
      }
      socket.off("data", onHead);
      this.dispatch(socket, head.subarray(0, end).toString("latin1").trim(), head.subarray(end + 1));
    };
    socket.on("data", onHead);
  }

  private dispatch(socket: Socket, command: string, rest: Buffer): void {
    const [verb = "", arg = ""] = command.split(" ");
    const n = Number(arg);
    switch (verb) {
      case "PUSH":
        push(socket, n);
        return;
      case "SINK":
        sink(socket, n, rest);
        return;
      case "ECHO":
        socket.write(READY);
        if (rest.length > 0) socket.write(rest);
        socket.on("data", (data: Buffer) => socket.write(data));
        return;
      case "IDLE":
        this.idle++;
        socket.on("close", () => this.idle--);
        socket.write(READY);
        socket.resume();
        return;
      case "FLUSH":
        for (let sent = 0; sent < n; sent += CHUNK) socket.write(patternAt(sent, Math.min(CHUNK, n - sent)));
        socket.end();
        return;
      default:
        socket.destroy();
    }
  }
}

/** Writes `n` pattern bytes, waiting for `drain` whenever the socket's buffer is full. */
function push(socket: Socket, n: number): void {
  let sent = 0;
  const pump = () => {
    while (sent < n && !socket.destroyed) {
      const length = Math.min(CHUNK, n - sent);
      const more = socket.write(patternAt(sent, length));
      sent += length;
      if (!more) {
        socket.once("drain", pump);
        return;
      }
    }
  };
  pump();
}

/** Counts `n` pattern bytes, then reports the count and the chunks whose samples were wrong. */
function sink(socket: Socket, n: number, rest: Buffer): void {
  let count = 0;
  let bad = 0;
  let answered = false;
  const take = (data: Buffer) => {
    if (!samplesMatch(data, count)) bad++;
    count += data.length;
    if (!answered && count >= n) {
      answered = true;
      socket.write(`OK ${count} ${bad}\n`);
    }
  };
  socket.write(READY);
  if (rest.length > 0) take(rest);
  socket.on("data", take);
}
