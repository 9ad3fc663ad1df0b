/** Shared helpers of the Dovecot integration tests. */

import type { DovecotUser } from "@tagwire/dovecot";
import { inject } from "vitest";
import { connectTcp, type TcpTransport } from "../../node/tcp.js";
import { ImapClient, type ImapClientOptions } from "../../src/index.js";
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
