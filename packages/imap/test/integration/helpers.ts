/** Shared helpers of the Dovecot integration tests. */

import { type AddressInfo, createServer, type Socket } from "node:net";
import type { DovecotUser } from "@tagwire/dovecot";
import { inject } from "vitest";
import { connectTcp, type TcpTransport } from "../../node/tcp.js";
import { ImapClient, type ImapClientOptions } from "../../src/index.js";
import type { CommandSentEvent } from "../../src/session/events.js";
import type { DovecotInfo } from "./global-setup.js";

export function dovecot(): DovecotInfo {
  return inject("dovecot");
}

export function user(name: string): DovecotUser {
  const account = dovecot().users[name];
  if (account === undefined) throw new Error(`no test user ${name}`);
  return account;
}

/** Every `write` a transport receives, copied. */
export function recordWrites(transport: TcpTransport): Uint8Array[] {
  const writes: Uint8Array[] = [];
  const write = transport.write.bind(transport);
  transport.write = (bytes: Uint8Array) => {
    writes.push(bytes.slice());
    write(bytes);
  };
  return writes;
}

export interface Connected {
  readonly client: ImapClient;
  readonly transport: TcpTransport;
}

/** A client on the plain port, greeted (and logged in as `login` when given). */
export async function connectPlain(login?: DovecotUser, options: ImapClientOptions = {}): Promise<Connected> {
  const { host, imapPort } = dovecot();
  const transport = await connectTcp({ host, port: imapPort });
  const client = new ImapClient(transport, options);
  await client.connect();
  if (login !== undefined) await client.login(login.username, login.password);
  return { client, transport };
}

/** A small RFC 5322 message. */
export function message(subject: string, body = "Hello.\r\n"): string {
  return [
    "From: Tester <tester@example.org>",
    "To: Someone <someone@example.org>",
    `Subject: ${subject}`,
    "Date: Mon, 1 Jan 2024 10:00:00 +0000",
    `Message-ID: <${subject.replace(/\W+/g, ".")}@example.org>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
  ].join("\r\n");
}

export const decoder = new TextDecoder();

/** Where a Dovecot of its own (`startDovecot` in a test file) listens. */
export interface ImapServerAddress {
  readonly host: string;
  readonly imapPort: number;
}

/** Like `connectPlain`, for a server other than the suite's shared one. */
export async function connectServer(
  server: ImapServerAddress,
  login?: DovecotUser,
  options: ImapClientOptions = {},
): Promise<Connected> {
  const transport = await connectTcp({ host: server.host, port: server.imapPort });
  const client = new ImapClient(transport, options);
  await client.connect();
  if (login !== undefined) await client.login(login.username, login.password);
  return { client, transport };
}

/** Every `commandSent` event from now on, in order, until `stop()`. */
export function recordSent(client: ImapClient): { readonly sent: CommandSentEvent[]; stop(): void } {
  const sent: CommandSentEvent[] = [];
  const stop = client.on("commandSent", (event) => sent.push(event));
  return { sent, stop };
}

/** One client connection to a `ScriptedServer`. */
export interface ScriptedConnection {
  /** Command lines received so far, without CRLF. */
  readonly lines: string[];
  /** Writes `text` followed by CRLF. */
  send(text: string): void;
  end(): void;
}

/** Answers one command line; `tag` and `command` (upper-cased first word after the tag) split out. */
export type ScriptedHandler = (
  line: { readonly tag: string; readonly command: string; readonly text: string },
  connection: ScriptedConnection,
) => void;

/** A fake IMAP server on 127.0.0.1 that answers line by line from a script (no literals). */
export interface ScriptedServer extends ImapServerAddress {
  readonly connections: ScriptedConnection[];
  close(): Promise<void>;
}

/**
 * Starts a scripted fake IMAP server on a free loopback port: it sends `greeting` on connect and
 * hands every command line to `handler`, which answers (or doesn't) through the connection.
 */
export async function scriptedServer(greeting: string, handler: ScriptedHandler): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  const connections: ScriptedConnection[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    const connection: ScriptedConnection = {
      lines: [],
      send: (text) => {
        if (!socket.destroyed) socket.write(`${text}\r\n`);
      },
      end: () => socket.end(),
    };
    connections.push(connection);
    let buffered = "";
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("latin1");
      for (let end = buffered.indexOf("\r\n"); end >= 0; end = buffered.indexOf("\r\n")) {
        const text = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        connection.lines.push(text);
        const [tag = "", command = ""] = text.split(" ");
        handler({ tag, command: command.toUpperCase(), text }, connection);
      }
    });
    connection.send(greeting);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    host: "127.0.0.1",
    imapPort: address.port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
