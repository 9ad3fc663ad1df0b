import type { TLSSocket } from "node:tls";
import { describe, expect, it } from "vitest";
import { connectTcp } from "../../node/tcp.js";
import { ImapClient } from "../../src/client/client.js";
import { ImapCommandError } from "../../src/client/command-error.js";
import { ImapError } from "../../src/errors.js";
import type { CommandSentEvent } from "../../src/session/events.js";
import { connectPlain, decoder, dovecot, recordWrites, user } from "./helpers.js";

const TIMEOUT = { timeout: 20_000 };

describe("login against Dovecot", () => {
  it("logs in with AUTHENTICATE PLAIN when AUTH=PLAIN is advertised", TIMEOUT, async () => {
    const account = user("login");
    const { client, transport } = await connectPlain();
    const writes = recordWrites(transport);
    const sent: CommandSentEvent[] = [];
    client.on("commandSent", (e) => sent.push(e));
    expect(client.capabilities?.has("AUTH=PLAIN")).toBe(true);

    const result = await client.login(account.username, account.password);

    expect(result.name).toBe("AUTHENTICATE");
    expect(result.status).toBe("OK");
    expect(client.state).toBe("authenticated");
    // Capabilities after login differ from the greeting's (Dovecot adds MOVE, CONDSTORE, ...).
    expect(client.capabilities?.has("MOVE")).toBe(true);
    const wire = writes.map((w) => decoder.decode(w)).join("");
    expect(wire).toMatch(/^\S+ AUTHENTICATE PLAIN \S+\r\n/);
    expect(wire).not.toContain(account.password);
    expect(sent[0]?.text).not.toContain(
      Buffer.from(`\0${account.username}\0${account.password}`).toString("base64"),
    );
    await client.logout();
    expect(client.closed).toBe(true);
  });

  it("logs in with the LOGIN command when asked to", TIMEOUT, async () => {
    const account = user("login");
    const { client, transport } = await connectPlain();
    const writes = recordWrites(transport);
    const sent: CommandSentEvent[] = [];
    client.on("commandSent", (e) => sent.push(e));

    const result = await client.login(account.username, account.password, { mechanism: "LOGIN" });

    expect(result.name).toBe("LOGIN");
    expect(client.state).toBe("authenticated");
    expect(decoder.decode(writes[0])).toMatch(new RegExp(`^\\S+ LOGIN ${account.username} `));
    // The wire carries the password; the trace never does.
    expect(decoder.decode(writes[0])).toContain(account.password);
    expect(sent.map((e) => e.text).join("\n")).not.toContain(account.password);
    await client.logout();
  });

  it("reports a wrong password as IMAP_ERR_AUTH_FAILED and stays usable", TIMEOUT, async () => {
    const account = user("login");
    const { client } = await connectPlain();

    const failure = await client.login(account.username, "not-the-password").catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ImapCommandError);
    expect((failure as ImapCommandError).code).toBe("IMAP_ERR_AUTH_FAILED");
    expect((failure as ImapCommandError).status).toBe("NO");
    expect(client.state).toBe("notAuthenticated");
    await client.login(account.username, account.password);
    expect(client.state).toBe("authenticated");
    await client.logout();
  });

  it("connects with implicit TLS when the test CA is trusted", TIMEOUT, async () => {
    const { host, imapsPort, caPem } = dovecot();
    const account = user("login");
    const transport = await connectTcp({
      host,
      port: imapsPort,
      tls: { ca: caPem, servername: "localhost" },
    });
    const client = new ImapClient(transport);

    const greeting = await client.connect();
    await client.login(account.username, account.password);
    const boxes = await client.list("", "*");

    expect(greeting.condition).toBe("OK");
    expect((transport.socket as TLSSocket).authorized).toBe(true);
    expect(boxes.map((b) => b.name)).toContain("INBOX");
    await client.logout();
  });

  it("refuses the self-signed server without its CA with IMAP_ERR_TLS", TIMEOUT, async () => {
    const { host, imapsPort } = dovecot();

    const failure = await connectTcp({ host, port: imapsPort, tls: { servername: "localhost" } }).catch(
      (e: unknown) => e,
    );

    expect(failure).toBeInstanceOf(ImapError);
    expect((failure as ImapError).code).toBe("IMAP_ERR_TLS");
  });
});
