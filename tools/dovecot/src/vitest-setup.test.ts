import { describe, expect, it } from "vitest";
import { ImapProbe, messageCount } from "../test/imap-probe.js";
import { type DovecotInfo, deliverTo, dovecotGlobalSetup } from "./vitest-setup.js";

describe("dovecotGlobalSetup", () => {
  it("provides plain connection data under the key and stops the instance on teardown", async () => {
    const provided = new Map<string, unknown>();
    const setup = dovecotGlobalSetup({ key: "mail", seed: false, tlsKey: "ec" });
    const teardown = await setup({ provide: (key, value) => provided.set(key, value) });
    const info = provided.get("mail") as DovecotInfo;
    expect(structuredClone(info)).toEqual(info);
    expect(Object.keys(info).sort()).toEqual(["caFile", "caPem", "host", "imapPort", "imapsPort", "users"]);

    expect(await deliverTo(info, "bob", "INBOX", "Subject: via info\r\n\r\n.\r\n")).toBe(1);
    const probe = await ImapProbe.open(info.imapsPort, { ca: info.caPem });
    expect((await probe.run('LOGIN "bob" "builder-pass"')).status).toBe("OK");
    expect(await messageCount(probe, "INBOX")).toBe(1);
    probe.close();

    await teardown();
    await expect(ImapProbe.open(info.imapPort)).rejects.toThrow(/ECONNREFUSED/);
    await expect(deliverTo(info, "nobody", "INBOX", "")).rejects.toThrow(/unknown user/);
  });
});
