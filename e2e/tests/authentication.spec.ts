/** Login failures reach the page as typed errors with stable codes, and the connection stays usable. */
import { fixtureMail } from "../support/fixture-mail.js";
import { expect, test } from "../support/harness-test.js";
import { runInfo } from "../support/run-info.js";

for (const mechanism of ["PLAIN", "LOGIN"] as const) {
  test(`reports a wrong password (${mechanism}) as IMAP_ERR_AUTH_FAILED, then logs in on the same connection`, async ({
    page,
    openHarness,
  }) => {
    const { users } = runInfo();
    await openHarness();

    const result = await page.evaluate(
      async ({ alice, mechanism }) => {
        const t = window.tagwire;
        const id = await t.connect();
        const refused = await t.attempt(
          t.login(id, alice.username, `${alice.password}-wrong`, { mechanism }),
        );
        const accepted = await t.attempt(t.login(id, alice.username, alice.password, { mechanism }));
        const inbox = await t.status(id, "INBOX");
        const sent = t
          .trace(id)
          .filter((entry) => entry.type === "commandSent")
          .map((entry) => entry.name);
        await t.logout(id);
        return { refused, accepted, inbox, sent };
      },
      { alice: users.alice, mechanism },
    );

    expect(result.refused).toMatchObject({
      ok: false,
      error: {
        name: "ImapCommandError",
        code: "IMAP_ERR_AUTH_FAILED",
        isImapError: true,
        isCommandError: true,
        status: "NO",
      },
    });
    expect(result.accepted).toEqual({ ok: true, value: "authenticated" });
    const commandName = mechanism === "PLAIN" ? "AUTHENTICATE" : "LOGIN";
    expect(result.sent.filter((name) => name === commandName)).toHaveLength(2);
    const inboxMail = (await fixtureMail("alice")).get("INBOX") ?? [];
    expect(result.inbox.messages).toBe(inboxMail.length);
  });
}
