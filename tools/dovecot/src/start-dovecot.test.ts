import { access, readdir, readFile } from "node:fs/promises";
import { createConnection, createServer } from "node:net";
import { connect as connectTls } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImapProbe, messageCount } from "../test/imap-probe.js";
import { fixtureMessages, fixtureUsers } from "./fixtures.js";
import { encodeModifiedUtf7 } from "./mailbox-name.js";
import { toCrlf } from "./mini-imap.js";
import { headerDate } from "./seed.js";
import { startDovecot } from "./start-dovecot.js";
import type { Dovecot } from "./types.js";

async function login(port: number, username: string, password: string): Promise<ImapProbe> {
  const probe = await ImapProbe.open(port);
  const result = await probe.run(`LOGIN "${username}" "${password}"`);
  if (result.status !== "OK") throw new Error(`LOGIN failed: ${result.text}`);
  return probe;
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** True when something accepts TCP connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = ImapProbe.open(port);
    probe.then(
      (p) => {
        p.close();
        resolve(true);
      },
      () => resolve(false),
    );
  });
}

/** Command lines of every process that mentions `text`. */
async function processesMentioning(text: string): Promise<string[]> {
  const pids = (await readdir("/proc")).filter((name) => /^\d+$/.test(name));
  const lines = await Promise.all(
    pids.map((pid) =>
      readFile(`/proc/${pid}/cmdline`, "latin1").then(
        (c) => c.replaceAll("\0", " "),
        () => "",
      ),
    ),
  );
  return lines.filter((line) => line.includes(text));
}

describe("startDovecot with the fixtures", () => {
  let dovecot: Dovecot;
  let alice: { username: string; password: string };

  beforeAll(async () => {
    dovecot = await startDovecot();
    const user = dovecot.users.find((candidate) => candidate.username === "alice");
    if (user === undefined) throw new Error("fixture user alice missing");
    alice = user;
  });

  afterAll(async () => {
    await dovecot?.stop();
  });

  it("serves the fixture users by default", async () => {
    expect(dovecot.users).toEqual(await fixtureUsers());
    expect(dovecot.host).toBe("127.0.0.1");
    expect(dovecot.imapPort).not.toBe(dovecot.imapsPort);
  });

  it("logs a fixture user in over plain TCP and reports the seeded INBOX count", async () => {
    const expected = (await fixtureMessages()).filter(
      (m) => m.username === "alice" && m.mailbox === "INBOX",
    ).length;
    const probe = await login(dovecot.imapPort, alice.username, alice.password);
    expect(probe.greeting).toMatch(/^\* OK \[CAPABILITY [^\]]*AUTH=PLAIN/);
    expect(await messageCount(probe, "INBOX")).toBe(expected);
    probe.close();
  });

  it("authenticates with SASL PLAIN and an initial response", async () => {
    const probe = await ImapProbe.open(dovecot.imapPort);
    const token = Buffer.from(`\0${alice.username}\0${alice.password}`).toString("base64");
    expect((await probe.run(`AUTHENTICATE PLAIN ${token}`)).status).toBe("OK");
    probe.close();
  });

  it("answers a wrong password with NO and no delay", async () => {
    const probe = await ImapProbe.open(dovecot.imapPort);
    const began = Date.now();
    const result = await probe.run(`LOGIN "${alice.username}" "not-the-password"`);
    expect(result.status).toBe("NO");
    expect(result.text).toMatch(/AUTHENTICATIONFAILED/);
    expect(Date.now() - began).toBeLessThan(1500);
    probe.close();
  });

  it("accepts TLS from a client that trusts caPem, by name and by IP", async () => {
    for (const options of [{ ca: dovecot.caPem, servername: "localhost" }, { ca: dovecot.caPem }]) {
      const probe = await ImapProbe.open(dovecot.imapsPort, options);
      expect(probe.greeting).toMatch(/^\* OK /);
      expect((await probe.run(`LOGIN "${alice.username}" "${alice.password}"`)).status).toBe("OK");
      probe.close();
    }
    expect(await readFile(dovecot.caFile, "utf8")).toBe(dovecot.caPem);
  });

  it("upgrades the plain port with STARTTLS to the same certificate", async () => {
    const plain = createConnection({ host: "127.0.0.1", port: dovecot.imapPort });
    const read = (socket: NodeJS.ReadableStream, until: RegExp): Promise<string> =>
      new Promise((resolve) => {
        let text = "";
        const onData = (chunk: Buffer): void => {
          text += chunk.toString("latin1");
          if (until.test(text)) {
            socket.off("data", onData);
            resolve(text);
          }
        };
        socket.on("data", onData);
      });
    expect(await read(plain, /\r\n/)).toMatch(/STARTTLS/);
    plain.write("s1 STARTTLS\r\n");
    expect(await read(plain, /^s1 /m)).toMatch(/^s1 OK/m);
    const secure = connectTls({ socket: plain, ca: dovecot.caPem, servername: "localhost" });
    await new Promise<void>((resolve, reject) => {
      secure.once("secureConnect", resolve);
      secure.once("error", reject);
    });
    secure.write("s2 CAPABILITY\r\n");
    const capability = await read(secure, /^s2 /m);
    expect(capability).toMatch(/^\* CAPABILITY .*AUTH=PLAIN/m);
    expect(capability).not.toMatch(/STARTTLS/);
    secure.destroy();
  });

  it("refuses TLS to a client that does not trust the certificate", async () => {
    const error = await ImapProbe.open(dovecot.imapsPort, { servername: "localhost" }).then(
      (probe) => {
        probe.close();
        return undefined;
      },
      (reason: NodeJS.ErrnoException) => reason,
    );
    expect(error?.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
  });

  it("negotiates TLS 1.2 or newer and refuses TLS 1.1", async () => {
    const probe = await ImapProbe.open(dovecot.imapsPort, { ca: dovecot.caPem, minVersion: "TLSv1.2" });
    probe.close();
    // The server, not our client, must be the one refusing: a reset or its protocol_version alert (a client
    // unable to offer TLS 1.1 would fail with ERR_SSL_NO_PROTOCOLS_AVAILABLE instead).
    const refusal = await new Promise<string | undefined>((resolve) => {
      const socket = connectTls({
        host: "127.0.0.1",
        port: dovecot.imapsPort,
        ca: dovecot.caPem,
        minVersion: "TLSv1",
        maxVersion: "TLSv1.1",
        ciphers: "DEFAULT:@SECLEVEL=0",
      });
      socket.once("secureConnect", () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code));
    });
    expect(refusal).toMatch(/^(ECONNRESET|ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION)$/);
  });

  it("lists the special-use mailboxes and subscribes the seeded folders", async () => {
    const probe = await login(dovecot.imapPort, alice.username, alice.password);
    const list = await probe.run('LIST "" "*" RETURN (SPECIAL-USE)');
    const text = list.untagged.join("\n");
    for (const [name, use] of [
      ["Drafts", "Drafts"],
      ["Sent", "Sent"],
      ["Trash", "Trash"],
      ["Junk", "Junk"],
      ["Archive", "Archive"],
    ]) {
      expect(text).toMatch(new RegExp(`\\\\${use}[^\\n]*"/" "?${name}"?$`, "m"));
    }
    const lsub = (await probe.run('LSUB "" "*"')).untagged.join("\n");
    for (const name of ["Archive/2023", "Projects/Roadmap", encodeModifiedUtf7("Entwürfe"), "Sent", "Junk"]) {
      expect(lsub).toContain(` "/" ${name.includes(" ") ? `"${name}"` : name}`);
    }
    probe.close();
  });

  it("keeps the seeded flags, INTERNALDATE, sizes and oldest-first UID order", async () => {
    const seeded = (await fixtureMessages()).filter((m) => m.username === "alice" && m.mailbox === "INBOX");
    const byDate = seeded
      .map((m) => ({ ...m, date: headerDate(toCrlf(m.message)) as Date }))
      .sort((a, b) => a.date.getTime() - b.date.getTime());
    const probe = await login(dovecot.imapPort, alice.username, alice.password);
    expect((await probe.run("EXAMINE INBOX")).status).toBe("OK");
    const fetch = await probe.run(
      "UID FETCH 1:* (FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])",
    );
    expect(fetch.untagged).toHaveLength(byDate.length);
    fetch.untagged.forEach((line, i) => {
      const expected = byDate[i];
      if (expected === undefined) throw new Error("more messages than seeded");
      expect(line).toContain(`UID ${i + 1} `);
      const flags = /FLAGS \(([^)]*)\)/.exec(line)?.[1]?.split(" ").filter(Boolean) ?? [];
      expect(flags.sort()).toEqual([...(expected.flags ?? [])].sort());
      const internal = /INTERNALDATE "([^"]+)"/.exec(line)?.[1] ?? "";
      expect(new Date(internal.replace(/^(\d+)-(\w+)-(\d+)/, "$2 $1 $3")).getTime()).toBe(
        expected.date.getTime(),
      );
      expect(line).toContain(`RFC822.SIZE ${toCrlf(expected.message).length}`);
      const messageId = /^Message-ID: (\S+)/im.exec(toCrlf(expected.message).toString("latin1"))?.[1];
      expect(line).toContain(`Message-ID: ${messageId}`);
    });
    probe.close();
  });

  it("deliver() appends a message that an IDLE connection sees as EXISTS", async () => {
    const probe = await login(dovecot.imapPort, alice.username, alice.password);
    const select = await probe.run("SELECT INBOX");
    const before = Number(/^\* (\d+) EXISTS/m.exec(select.untagged.join("\n"))?.[1]);
    probe.send("idle1 IDLE");
    await probe.readUntil(/^\+ /);
    const uid = await dovecot.deliver(
      "alice",
      "INBOX",
      "From: Carol Nguyen <carol@example.net>\nTo: alice@example.org\nSubject: New while idling\n\nPing.\n",
    );
    expect(await probe.readUntil(/^\* \d+ EXISTS$/)).toBe(`* ${before + 1} EXISTS`);
    probe.send("DONE");
    await probe.readUntil(/^idle1 OK/);
    const fetch = await probe.run(`UID FETCH ${uid} (BODY.PEEK[HEADER.FIELDS (SUBJECT)])`);
    expect(fetch.untagged.join("\n")).toContain("Subject: New while idling");
    probe.close();
  });

  it("deliver() creates a missing mailbox and applies flags and INTERNALDATE", async () => {
    const internalDate = new Date(Date.UTC(2023, 4, 17, 8, 9, 10));
    const uid = await dovecot.deliver("bob", "Reports/Été", "Subject: report\r\n\r\nbody\r\n", {
      flags: ["\\Seen", "$Important"],
      internalDate,
    });
    expect(uid).toBe(1);
    const bob = dovecot.users.find((user) => user.username === "bob");
    const probe = await login(dovecot.imapPort, "bob", bob?.password ?? "");
    const name = `Reports/${encodeModifiedUtf7("Été")}`;
    expect(await messageCount(probe, name)).toBe(1);
    await probe.run(`EXAMINE "${name}"`);
    const fetch = (await probe.run("UID FETCH 1 (FLAGS INTERNALDATE)")).untagged.join("\n");
    expect(fetch).toMatch(/FLAGS \((?=[^)]*\\Seen)(?=[^)]*\$Important)[^)]*\)/);
    expect(fetch).toContain('INTERNALDATE "17-May-2023 08:09:10 +0000"');
    probe.close();
  });

  it("deliver() rejects unknown users", async () => {
    await expect(dovecot.deliver("mallory", "INBOX", "Subject: x\r\n\r\n")).rejects.toThrow(/unknown user/);
  });

  it("allows many connections from one user and IP", async () => {
    const probes = await Promise.all(
      Array.from({ length: 25 }, () => login(dovecot.imapPort, "alice", alice.password)),
    );
    const results = await Promise.all(probes.map((probe) => probe.run("NOOP")));
    expect(results.every((result) => result.status === "OK")).toBe(true);
    for (const probe of probes) probe.close();
  });
});

/** A password deliver() must send as a literal: spaces, quotes, a backslash, %, @ and non-ASCII. */
const CAROL_PASSWORD = 'sé cret "q" \\ 50%@x';

describe("startDovecot instances", () => {
  it("stop() ends every process, frees both ports and removes the folder", async () => {
    const dovecot = await startDovecot({ seed: false, tlsKey: "ec" });
    const idle = await login(dovecot.imapPort, "alice", "wonderland-pass");
    await idle.run("SELECT INBOX");
    idle.send("i IDLE");
    await idle.readUntil(/^\+ /);
    const instanceName = `tagwire-${dovecot.dir.slice(-6)}`;
    expect((await processesMentioning(instanceName)).length).toBeGreaterThan(1);

    await dovecot.stop();
    expect(await processesMentioning(instanceName)).toEqual([]);
    expect(await exists(dovecot.dir)).toBe(false);
    expect(await accepts(dovecot.imapPort)).toBe(false);
    expect(await accepts(dovecot.imapsPort)).toBe(false);
    for (const port of [dovecot.imapPort, dovecot.imapsPort]) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", resolve);
      });
      await new Promise((resolve) => server.close(resolve));
    }
    idle.close();
    await dovecot.stop();
  });

  it("runs two instances side by side with their own ports, folders and mail", async () => {
    const [one, two] = await Promise.all([
      startDovecot({ seed: false, tlsKey: "ec" }),
      startDovecot({ users: [{ username: "carol", password: CAROL_PASSWORD }], seed: false, tlsKey: "ec" }),
    ]);
    try {
      expect(new Set([one.imapPort, one.imapsPort, two.imapPort, two.imapsPort]).size).toBe(4);
      expect(one.dir).not.toBe(two.dir);
      expect(one.caPem).not.toBe(two.caPem);
      await one.deliver("alice", "INBOX", "Subject: only in one\r\n\r\n.\r\n");
      await two.deliver("carol", "INBOX", "Subject: in two\r\n\r\n.\r\n");
      await two.deliver("carol", "INBOX", "Subject: in two again\r\n\r\n.\r\n");
      const probeOne = await login(one.imapPort, "alice", "wonderland-pass");
      const probeTwo = await ImapProbe.open(two.imapPort);
      const token = Buffer.from(`\0carol\0${CAROL_PASSWORD}`).toString("base64");
      expect((await probeTwo.run(`AUTHENTICATE PLAIN ${token}`)).status).toBe("OK");
      expect(await messageCount(probeOne, "INBOX")).toBe(1);
      expect(await messageCount(probeTwo, "INBOX")).toBe(2);
      probeOne.close();
      probeTwo.close();
      const stranger = await ImapProbe.open(two.imapPort);
      expect((await stranger.run('LOGIN "alice" "wonderland-pass"')).status).toBe("NO");
      stranger.close();
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });

  it("seeds a generated bulk folder next to the fixtures", async () => {
    const dovecot = await startDovecot({ seed: { bulk: { count: 300, mailbox: "Bulk/Big" } }, tlsKey: "ec" });
    try {
      const probe = await login(dovecot.imapPort, "alice", "wonderland-pass");
      expect(await messageCount(probe, "Bulk/Big")).toBe(300);
      expect(await messageCount(probe, "INBOX")).toBeGreaterThan(0);
      const search = await probe.run("EXAMINE Bulk/Big");
      expect(search.status).toBe("OK");
      const unseen = await probe.run("SEARCH UNSEEN");
      expect(unseen.untagged.join(" ").split(" ").length).toBeGreaterThan(2);
      probe.close();
    } finally {
      await dovecot.stop();
    }
  });

  it("fails with Dovecot's own message and removes the folder when the config is wrong", async () => {
    const error = await startDovecot({ seed: false, tlsKey: "ec", config: "no_such_setting = 1" }).then(
      async (dovecot) => {
        await dovecot.stop();
        return undefined;
      },
      (reason: Error) => reason,
    );
    expect(error?.message).toMatch(/Dovecot failed to start/);
    expect(error?.message).toMatch(/Unknown setting: no_such_setting/);
    const dir = /(\S+tagwire-dovecot-\w+)\/dovecot\.log/.exec(error?.message ?? "")?.[1];
    expect(dir).toBeDefined();
    expect(await exists(dir ?? "")).toBe(false);
  });

  it("reports a fixed port that is already taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    try {
      await expect(startDovecot({ seed: false, tlsKey: "ec", imapPort: address.port })).rejects.toThrow(
        /Address already in use/,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("refuses users that Dovecot could not store", async () => {
    await expect(startDovecot({ users: [{ username: "Alice", password: "x" }] })).rejects.toThrow(
      /lowercase/,
    );
    await expect(startDovecot({ users: [{ username: "eve", password: "a:b" }] })).rejects.toThrow(/":"/);
  });
});
