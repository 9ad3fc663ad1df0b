import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { flagList, imapString, internalDateString, MiniImap, mailboxArgument, toCrlf } from "./mini-imap.js";

describe("encoding helpers", () => {
  it("quotes printable ASCII and escapes quote and backslash", () => {
    expect(imapString('pa"ss\\word').toString()).toBe('"pa\\"ss\\\\word"');
  });

  it("sends anything else as a non-synchronizing literal of its UTF-8 bytes", () => {
    expect(imapString("pässword").toString()).toBe("{9+}\r\npässword");
    expect(imapString("a\r\nb").toString()).toBe("{4+}\r\na\r\nb");
  });

  it("encodes mailbox names in modified UTF-7", () => {
    expect(mailboxArgument("Entwürfe").toString()).toBe('"Entw&APw-rfe"');
  });

  it("formats INTERNALDATE in UTC", () => {
    expect(internalDateString(new Date(Date.UTC(2023, 4, 7, 8, 9, 10)))).toBe('"07-May-2023 08:09:10 +0000"');
  });

  it("accepts system flags and keywords, refuses the rest", () => {
    expect(flagList(["\\Seen", "$Forwarded"])).toBe("(\\Seen $Forwarded)");
    expect(() => flagList(["\\Recent"])).toThrow();
    expect(() => flagList(["a b"])).toThrow();
    expect(() => flagList(["x)"])).toThrow();
  });

  it("turns bare LF into CRLF and keeps existing CRLF", () => {
    expect(toCrlf("a\nb\r\nc\n").toString()).toBe("a\r\nb\r\nc\r\n");
  });
});

describe("MiniImap", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  /** A scripted server: answers each received line with reply(line). */
  async function fakeServer(
    greeting: string[],
    reply: (line: string, socket: Socket) => void,
  ): Promise<number> {
    server = createServer((socket) => {
      for (const part of greeting) socket.write(part);
      let buffer = "";
      socket.setEncoding("latin1").on("data", (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf("\r\n");
        while (end >= 0) {
          reply(buffer.slice(0, end), socket);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\r\n");
        }
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    return address.port;
  }

  it("skips Dovecot's waiting-for-auth notice and never reads literal bytes as a completion", async () => {
    const port = await fakeServer(
      ["* OK Waiting for authentication process to respond..\r\n", "* OK [CAPABILITY IMAP4rev1] ready\r\n"],
      (line, socket) => {
        const tag = line.split(" ")[0];
        if (line.endsWith("FETCH")) {
          // The literal holds text that looks like the tagged completion, split across writes.
          socket.write(`* 1 FETCH (BODY[] {14}\r\n${tag} OK fake`);
          setTimeout(() => socket.write(`\r\n)\r\n${tag} OK real\r\n`), 20);
        } else {
          socket.write(`${tag} OK done\r\n`);
        }
      },
    );
    const client = await MiniImap.connect("127.0.0.1", port);
    const result = await client.command("FETCH");
    expect(result.text).toBe("real");
    expect(result.untagged).toEqual([`* 1 FETCH (BODY[] {14}\r\nT1 OK fake\r\n)`]);
    client.destroy();
  });

  it("fails when the server says BYE instead of greeting", async () => {
    const port = await fakeServer(["* BYE Too many connections\r\n"], () => {});
    await expect(MiniImap.connect("127.0.0.1", port)).rejects.toThrow(/Too many connections/);
  });
});
