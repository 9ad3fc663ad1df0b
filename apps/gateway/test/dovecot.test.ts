import { type Dovecot, startDovecot } from "@tagwire/dovecot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import type { ServerConfig } from "../src/config.js";
import { CLOSE_CODES } from "../src/errors.js";
import type { Endpoint } from "../src/server-url.js";
import {
  closed,
  collect,
  first,
  openWs,
  startGateway,
  type TestGateway,
  testConfig,
  waitFor,
} from "./helpers.js";

let dovecot: Dovecot;
let gw: TestGateway;

beforeAll(async () => {
  dovecot = await startDovecot({ tlsKey: "ec", seed: false });
  const imaps: Endpoint = { protocol: "imap", host: "localhost", port: dovecot.imapsPort, security: "tls" };
  const starttls: Endpoint = {
    protocol: "imap",
    host: "localhost",
    port: dovecot.imapPort,
    security: "starttls",
  };
  const servers: ServerConfig[] = [
    { id: "imaps", label: "Implicit TLS", imap: imaps, ca: dovecot.caPem },
    { id: "starttls", label: "STARTTLS", imap: starttls, ca: dovecot.caPem },
    { id: "untrusted", label: "No CA", imap: imaps },
  ];
  gw = await startGateway({ ...testConfig(1), servers });
}, 60_000);

afterAll(async () => {
  await gw?.close();
  await dovecot?.stop();
});

/** Sends `command` and waits for its tagged completion; returns everything received so far. */
async function run(
  ws: WebSocket,
  got: ReturnType<typeof collect>,
  tag: string,
  command: string,
): Promise<string> {
  ws.send(Buffer.from(`${tag} ${command}\r\n`));
  await waitFor(
    () => new RegExp(`(^|\\r\\n)${tag} (OK|NO|BAD)`).test(got.bytes().toString()),
    10_000,
    command,
  );
  return got.bytes().toString();
}

describe("against Dovecot", () => {
  it("relays an implicit-TLS session: greeting, login, and every byte of BYE before the close", async () => {
    const user = first(dovecot.users);
    const ws = await openWs(gw, "/ws/imap?server=imaps");
    const got = collect(ws);
    await waitFor(() => got.bytes().includes("\r\n"));
    expect(got.bytes().toString()).toMatch(/^\* OK \[CAPABILITY IMAP4rev1 [^\]]*\] /);
    const login = await run(ws, got, "a1", `LOGIN ${user.username} ${user.password}`);
    expect(login).toMatch(/\r\na1 OK /);
    const closing = closed(ws);
    ws.send(Buffer.from("a2 LOGOUT\r\n"));
    const { code } = await closing;
    expect(code).toBe(CLOSE_CODES.normal);
    expect(got.bytes().toString()).toMatch(/\* BYE [^\r]*\r\na2 OK [^\r]*\r\n$/);
  });

  it("performs STARTTLS itself and hides the pre-TLS capability list", async () => {
    const user = first(dovecot.users);
    const ws = await openWs(gw, "/ws/imap?server=starttls");
    const got = collect(ws);
    await waitFor(() => got.bytes().includes("\r\n"));
    const greeting = got.bytes().toString();
    expect(greeting).toMatch(/^\* OK /);
    expect(greeting).not.toContain("CAPABILITY");
    const caps = await run(ws, got, "a1", "CAPABILITY");
    expect(caps).toMatch(/\* CAPABILITY [^\r]*AUTH=PLAIN/);
    expect(caps).not.toMatch(/\* CAPABILITY [^\r]*STARTTLS/);
    expect(await run(ws, got, "a2", `LOGIN ${user.username} ${user.password}`)).toMatch(/\r\na2 OK /);
    ws.close();
  });

  it("refuses Dovecot's self-signed certificate without its CA (G10)", async () => {
    const ws = await openWs(gw, "/ws/imap?server=untrusted");
    const got = collect(ws);
    const { code, reason } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.upstreamTls);
    expect(reason).toMatch(/^TLS to localhost failed: /);
    expect(got.length()).toBe(0);
  });
});
