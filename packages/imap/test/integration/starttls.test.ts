/**
 * STARTTLS from the Node driver against Dovecot's plain port, and the guards around it: the
 * certificate is verified, the pre-TLS capability list is discarded, plaintext injected after the
 * OK is refused, and `openImap` never sends a password in clear to a host that is not loopback.
 */
import { createServer, type Server } from "node:net";
import { TLSSocket } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { openImap } from "../../node/open.js";
import { connectTcp } from "../../node/tcp.js";
import { ImapClient } from "../../src/client/client.js";
import { codeOf } from "../client-helpers.js";
import { dovecot, user } from "./helpers.js";

const TIMEOUT = { timeout: 20_000 };

let fake: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (fake === null ? resolve() : fake.close(() => resolve())));
  fake = null;
});

describe("STARTTLS against Dovecot", () => {
  it("upgrades, re-reads capabilities over TLS, and logs in", TIMEOUT, async () => {
    const { host, imapPort, caPem } = dovecot();
    const account = user("login");
    const transport = await connectTcp({
      host,
      port: imapPort,
      starttls: { ca: caPem, servername: "localhost" },
    });
    const client = new ImapClient(transport);
    await client.connect();
    expect(client.capabilities?.has("STARTTLS")).toBe(true);
    const overTls = await client.startTls();
    expect(transport.socket).toBeInstanceOf(TLSSocket);
    expect((transport.socket as TLSSocket).authorized).toBe(true);
    expect(overTls.has("STARTTLS")).toBe(false);
    await client.login(account.username, account.password);
    expect((await client.list("", "INBOX")).map((b) => b.name)).toEqual(["INBOX"]);
    await client.logout();
  });

  it("opens imap://...?starttls with openImap and refuses an unverified certificate", TIMEOUT, async () => {
    const { host, imapPort, caPem } = dovecot();
    const account = user("login");
    const url = `imap://${account.username}:${encodeURIComponent(account.password)}@${host}:${imapPort}?starttls`;
    const client = await openImap(url, { tls: { ca: caPem, servername: "localhost" } });
    expect(client.state).toBe("authenticated");
    await client.logout();

    expect(await codeOf(openImap(url, { tls: { servername: "localhost" } }))).toBe("IMAP_ERR_TLS");
  });
});

describe("openImap and plaintext", () => {
  it("refuses to send a password in clear to a host that is not loopback, before connecting", async () => {
    let connected = false;
    fake = createServer(() => {
      connected = true;
    });
    await new Promise<void>((resolve) => fake?.listen(0, "127.0.0.1", resolve));
    // 192.0.2.1 is TEST-NET-1: refused before any connection is attempted.
    expect(await codeOf(openImap("imap://alice:secret@192.0.2.1:143"))).toBe("IMAP_ERR_INSECURE");
    expect(connected).toBe(false);
  });

  it("logs in over plaintext to loopback", TIMEOUT, async () => {
    const { host, imapPort } = dovecot();
    const account = user("login");
    const client = await openImap(
      `imap://${account.username}:${encodeURIComponent(account.password)}@${host}:${imapPort}`,
    );
    expect(client.state).toBe("authenticated");
    await client.logout();
  });

  it(
    "closes with IMAP_ERR_TLS when plaintext follows STARTTLS's OK, and never sends the password",
    TIMEOUT,
    async () => {
      const received: string[] = [];
      fake = createServer((socket) => {
        socket.write("* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] fake\r\n");
        socket.on("data", (data) => {
          const line = data.toString();
          received.push(line);
          const tag = line.split(" ")[0];
          if (line.includes("STARTTLS"))
            socket.write(`${tag} OK begin TLS\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n`);
        });
      });
      await new Promise<void>((resolve) => fake?.listen(0, "127.0.0.1", resolve));
      const address = fake.address();
      if (address === null || typeof address === "string") throw new Error("no port");
      const failure = openImap(`imap://alice:Marker-Pa55@127.0.0.1:${address.port}?starttls`);
      expect(await codeOf(failure)).toBe("IMAP_ERR_TLS");
      expect(received.join("")).not.toContain("Marker-Pa55");
      expect(received.join("")).not.toMatch(/LOGIN|AUTHENTICATE/);
    },
  );
});
