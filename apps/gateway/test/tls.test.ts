import { once } from "node:events";
import type { Socket } from "node:net";
import { createServer as createTlsServer, TLSSocket, type TlsOptions } from "node:tls";
import { beforeAll, describe, expect, it } from "vitest";
import type { GatewayConfig, ServerConfig } from "../src/config.js";
import { CLOSE_CODES } from "../src/errors.js";
import type { Endpoint } from "../src/server-url.js";
import {
  cleanupAfterEach,
  closed,
  collect,
  makeCerts,
  openWs,
  sleep,
  startGateway,
  startUpstream,
  type TestCerts,
  testConfig,
  waitFor,
} from "./helpers.js";

let certs: TestCerts;
beforeAll(() => {
  certs = makeCerts();
});

const cleanups = cleanupAfterEach();

/** Resolver for the test names: everything is 127.0.0.1. */
const resolver = async () => [{ address: "127.0.0.1", family: 4 }];

/** A gateway whose `default` server is `endpoint` (+ optional smtp), trusting `ca` when given. */
async function gatewayFor(
  imap: Endpoint,
  extra: Partial<ServerConfig> = {},
  overrides: Partial<GatewayConfig> = {},
) {
  const base = testConfig(1, overrides);
  const server: ServerConfig = { id: "default", label: "Test", imap, ...extra };
  const gw = await startGateway({ ...base, servers: [server] }, { resolver });
  cleanups.push(() => gw.close());
  return gw;
}

/** An implicit-TLS echo server. */
async function startTlsEcho(options: TlsOptions) {
  const seen: { servername: string | false | undefined }[] = [];
  const server = createTlsServer(options, (socket) => {
    seen.push({ servername: (socket as TLSSocket & { servername?: string | false }).servername });
    socket.on("error", () => {});
    socket.write("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] TLS ready\r\n");
    socket.pipe(socket);
  });
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        setTimeout(resolve, 200);
      }),
  );
  return { port, seen };
}

/** Upgrades a plaintext server-side socket to TLS with the CA-signed certificate. */
function serverTls(socket: Socket): TLSSocket {
  const secure = new TLSSocket(socket, { isServer: true, key: certs.key, cert: certs.cert });
  secure.on("error", () => {});
  return secure;
}

interface ScriptedImap {
  greeting?: string;
  /** Reply to `GW0 STARTTLS`; null = upgrade with the normal OK. */
  reply?: string;
}

/** A plaintext IMAP server that performs STARTTLS as scripted, then echoes over TLS. */
async function startStartTlsImap(script: ScriptedImap = {}) {
  const plaintext: string[] = [];
  const upstream = await startUpstream((socket) => {
    socket.write(script.greeting ?? "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Scripted ready\r\n");
    let text = "";
    const onData = (d: Buffer) => {
      text += d.toString("latin1");
      plaintext.push(d.toString("latin1"));
      if (!text.endsWith("\r\n")) return;
      socket.off("data", onData);
      socket.write(script.reply ?? "* CAPABILITY IMAP4rev1 STARTTLS\r\nGW0 OK Begin TLS negotiation now\r\n");
      if (script.reply === undefined) {
        const secure = serverTls(socket);
        secure.on("secure", () => secure.write("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n"));
        secure.pipe(secure);
      } else {
        socket.on("data", (more: Buffer) => plaintext.push(more.toString("latin1")));
      }
    };
    socket.on("data", onData);
  });
  cleanups.push(() => upstream.close());
  return { upstream, plaintext };
}

describe("implicit TLS upstream", () => {
  it("verifies the certificate against the configured CA and sends SNI for a host name", async () => {
    const tls = await startTlsEcho({ key: certs.key, cert: certs.cert });
    const gw = await gatewayFor(
      { protocol: "imap", host: "imap.test", port: tls.port, security: "tls" },
      { ca: certs.ca },
    );
    const ws = await openWs(gw, "/ws/imap?server=default");
    const got = collect(ws);
    await waitFor(() => got.length() > 0);
    // Implicit TLS: the capability list was read over TLS, so the greeting passes unchanged.
    expect(got.bytes().toString()).toBe("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] TLS ready\r\n");
    ws.send(Buffer.from("a1 NOOP\r\n"));
    await waitFor(() => got.bytes().toString().endsWith("a1 NOOP\r\n"));
    expect(tls.seen).toEqual([{ servername: "imap.test" }]);
    ws.close();
  });

  it("sends no SNI when the configured host is an IP literal and checks the IP against the certificate", async () => {
    const tls = await startTlsEcho({ key: certs.key, cert: certs.cert });
    const gw = await gatewayFor(
      { protocol: "imap", host: "127.0.0.1", port: tls.port, security: "tls" },
      { ca: certs.ca },
    );
    const ws = await openWs(gw, "/ws/imap?server=default");
    await once(ws, "message");
    expect(tls.seen).toEqual([{ servername: false }]);
    ws.close();
  });

  it("refuses a self-signed upstream without the CA file: clean close with a reason, no bytes (G10)", async () => {
    const tls = await startTlsEcho({ key: certs.selfSignedKey, cert: certs.selfSignedCert });
    const gw = await gatewayFor({ protocol: "imap", host: "imap.test", port: tls.port, security: "tls" });
    const ws = await openWs(gw, "/ws/imap?server=default");
    const got = collect(ws);
    const { code, reason } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.upstreamTls);
    expect(reason).toMatch(/TLS to imap\.test failed: DEPTH_ZERO_SELF_SIGNED_CERT/);
    expect(got.length()).toBe(0);
    expect(gw.gateway.metrics.upstreamFailures.get("GW_ERR_UPSTREAM_TLS")).toBe(1);
  });

  it("refuses a CA-signed certificate issued for another name (G10)", async () => {
    const tls = await startTlsEcho({ key: certs.key, cert: certs.cert });
    const gw = await gatewayFor(
      { protocol: "imap", host: "other.test", port: tls.port, security: "tls" },
      { ca: certs.ca },
    );
    const ws = await openWs(gw, "/ws/imap?server=default");
    const { code, reason } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.upstreamTls);
    expect(reason).toContain("ERR_TLS_CERT_ALTNAME_INVALID");
  });

  it("refuses TLS 1.1 and below", async () => {
    const tls = await startTlsEcho({
      key: certs.key,
      cert: certs.cert,
      minVersion: "TLSv1",
      maxVersion: "TLSv1.1",
      ciphers: "DEFAULT:@SECLEVEL=0",
    });
    const gw = await gatewayFor(
      { protocol: "imap", host: "imap.test", port: tls.port, security: "tls" },
      { ca: certs.ca },
    );
    const ws = await openWs(gw, "/ws/imap?server=default");
    const { code } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.upstreamTls);
  });
});

describe("IMAP STARTTLS performed by the gateway", () => {
  it("upgrades, then hands the browser the original greeting without its pre-TLS CAPABILITY code", async () => {
    const { upstream, plaintext } = await startStartTlsImap();
    const gw = await gatewayFor(
      { protocol: "imap", host: "imap.test", port: upstream.port, security: "starttls" },
      { ca: certs.ca },
    );
    const ws = await openWs(gw, "/ws/imap?server=default");
    const got = collect(ws);
    ws.send(Buffer.from("a1 CAPABILITY\r\n"));
    await waitFor(() => got.bytes().toString().includes("a1 CAPABILITY\r\n"));
    expect(got.bytes().toString()).toBe(
      "* OK Scripted ready\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 CAPABILITY\r\n",
    );
    // The only plaintext the server ever saw is the gateway's own STARTTLS command.
    expect(plaintext.join("")).toBe("GW0 STARTTLS\r\n");
    ws.close();
  });

  it("refuses when the server (or a man in the middle) answers STARTTLS with BAD, leaking nothing (G10)", async () => {
    const { upstream, plaintext } = await startStartTlsImap({ reply: "GW0 BAD Unknown command\r\n" });
    const gw = await gatewayFor(
      { protocol: "imap", host: "imap.test", port: upstream.port, security: "starttls" },
      { ca: certs.ca },
    );
    const ws = await openWs(gw, "/ws/imap?server=default");
    const got = collect(ws);
    ws.send(Buffer.from("a1 LOGIN alice secret-marker\r\n"));
    const { code, reason } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.upstreamTls);
    expect(reason).toBe("STARTTLS refused: GW0 BAD Unknown command");
    expect(got.length()).toBe(0);
    await sleep(50);
    expect(plaintext.join("")).toBe("GW0 STARTTLS\r\n");
  });

  it("refuses a greeting whose STARTTLS was stripped and answered NO (G10)", async () => {
    const { upstream } = await startStartTlsImap({
      greeting: "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n",
      reply: "GW0 NO STARTTLS not available\r\n",
    });
    const gw = await gatewayFor({
      protocol: "imap",
      host: "imap.test",
      port: upstream.port,
      security: "starttls",
    });
    const ws = await openWs(gw, "/ws/imap?server=default");
    const { code, reason } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.upstreamTls);
    expect(reason).toContain("STARTTLS refused");
  });

  it("refuses plaintext bytes injected after the STARTTLS OK", async () => {
    const { upstream } = await startStartTlsImap({ reply: "GW0 OK Begin\r\n* OK [ALERT] injected\r\n" });
    const gw = await gatewayFor({
      protocol: "imap",
      host: "imap.test",
      port: upstream.port,
      security: "starttls",
    });
    const ws = await openWs(gw, "/ws/imap?server=default");
    const { code, reason } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.upstreamTls);
    expect(reason).toBe("plaintext bytes after STARTTLS OK");
  });

  it("refuses a PREAUTH greeting, after which STARTTLS is impossible", async () => {
    const { upstream } = await startStartTlsImap({ greeting: "* PREAUTH welcome\r\n", reply: "" });
    const gw = await gatewayFor({
      protocol: "imap",
      host: "imap.test",
      port: upstream.port,
      security: "starttls",
    });
    const ws = await openWs(gw, "/ws/imap?server=default");
    const { code } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.upstreamTls);
  });
});

describe("SMTP STARTTLS performed by the gateway", () => {
  /** A plaintext SMTP server answering EHLO with `ehloReply`; upgrades on STARTTLS, then echoes. */
  async function startSmtp(ehloReply: string) {
    const commands: string[] = [];
    const upstream = await startUpstream((socket) => {
      socket.write("220-smtp.test ESMTP\r\n220 ready\r\n");
      let text = "";
      const onData = (d: Buffer) => {
        text += d.toString("latin1");
        for (let nl = text.indexOf("\r\n"); nl >= 0; nl = text.indexOf("\r\n")) {
          const line = text.slice(0, nl);
          text = text.slice(nl + 2);
          commands.push(line);
          if (line.startsWith("EHLO")) socket.write(ehloReply);
          if (line === "STARTTLS") {
            socket.off("data", onData);
            socket.write("220 2.0.0 Ready to start TLS\r\n");
            const secure = serverTls(socket);
            secure.pipe(secure);
            return;
          }
        }
      };
      socket.on("data", onData);
    });
    cleanups.push(() => upstream.close());
    const imap: Endpoint = { protocol: "imap", host: "127.0.0.1", port: 1, security: "plain" };
    const smtp: Endpoint = { protocol: "smtp", host: "imap.test", port: upstream.port, security: "starttls" };
    const gw = await gatewayFor(imap, { smtp, ca: certs.ca }, { smtpEhloName: "gw.example.org" });
    return { gw, commands };
  }

  it("sends EHLO and STARTTLS, upgrades, then hands the browser the original banner", async () => {
    const { gw, commands } = await startSmtp("250-smtp.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n");
    const ws = await openWs(gw, "/ws/smtp?server=default");
    const got = collect(ws);
    ws.send(Buffer.from("EHLO browser\r\n"));
    await waitFor(() => got.bytes().toString().includes("EHLO browser"));
    expect(got.bytes().toString()).toBe("220-smtp.test ESMTP\r\n220 ready\r\nEHLO browser\r\n");
    expect(commands).toEqual(["EHLO gw.example.org", "STARTTLS"]);
    ws.close();
  });

  it("refuses a server that does not offer STARTTLS, leaking nothing (G10)", async () => {
    const { gw, commands } = await startSmtp("250-smtp.test\r\n250 AUTH PLAIN\r\n");
    const ws = await openWs(gw, "/ws/smtp?server=default");
    ws.send(Buffer.from("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"));
    const { code, reason } = await closed(ws);
    expect(code).toBe(CLOSE_CODES.upstreamTls);
    expect(reason).toBe("STARTTLS not offered by the SMTP server");
    await sleep(50);
    expect(commands).toEqual(["EHLO gw.example.org"]);
  });
});
