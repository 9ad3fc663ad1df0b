/**
 * The protocol core runs unchanged in Chromium: the bundled `@tagwire/imap` talks to Dovecot through the
 * gateway's WebSocket relay, pipelines, and reads what the fixtures seeded.
 */
import { ImapClient } from "@tagwire/imap";
import { connectTcp } from "@tagwire/imap/node";
import { fixtureMail } from "../support/fixture-mail.js";
import { expect, test } from "../support/harness-test.js";
import { commandTimings, sentBeforeFirstCompletion } from "../support/round-trips.js";
import { runInfo } from "../support/run-info.js";

/** How many of the newest INBOX messages the page fetches. */
const NEWEST = 5;

/** The folder list as the Node driver of the same core sees it, for comparison with the page. */
async function foldersSeenFromNode() {
  const { dovecot, users } = runInfo();
  const client = new ImapClient(await connectTcp({ host: dovecot.host, port: dovecot.imapPort }));
  await client.connect();
  await client.login(users.alice.username, users.alice.password);
  const folders = await client.list("", "*", { specialUse: true });
  await client.logout();
  return folders.map(({ name, specialUse }) => ({ name, specialUse }));
}

test("pipelines LIST, SELECT and STATUS in Chromium and fetches the newest envelopes", async ({
  page,
  openHarness,
}) => {
  const { users } = runInfo();
  await openHarness();

  const result = await page.evaluate(
    async ({ alice, newest }) => {
      const t = window.tagwire;
      const id = await t.connect();
      await t.login(id, alice.username, alice.password);
      const mark = t.trace(id).length;
      // One synchronous run: the three commands leave in one write.
      const [folders, inbox, sent] = await Promise.all([
        t.list(id),
        t.select(id, "INBOX"),
        t.status(id, "Sent"),
      ]);
      const batch = t.trace(id).slice(mark);
      const envelopes = await t.envelopes(id, `${Math.max(1, inbox.exists - newest + 1)}:*`);
      await t.logout(id);
      return { folders, inbox, sent, envelopes, batch };
    },
    { alice: users.alice, newest: NEWEST },
  );

  const mail = await fixtureMail("alice");
  const inboxMail = mail.get("INBOX") ?? [];
  const sentMail = mail.get("Sent") ?? [];
  expect(inboxMail.length).toBeGreaterThan(NEWEST);

  expect(result.inbox.name).toBe("INBOX");
  expect(result.inbox.exists).toBe(inboxMail.length);
  expect(result.sent.messages).toBe(sentMail.length);
  expect(result.sent.unseen).toBe(sentMail.filter((message) => !message.seen).length);

  const names = result.folders.map((folder) => folder.name);
  for (const mailbox of mail.keys()) expect(names).toContain(mailbox);
  expect(result.folders.map(({ name, specialUse }) => ({ name, specialUse }))).toEqual(
    await foldersSeenFromNode(),
  );

  const expected = inboxMail.slice(-NEWEST).map((message) => message.subject);
  expect(result.envelopes.map((envelope) => envelope.subject)).toEqual(expected);
  expect(result.envelopes.map((envelope) => envelope.seq)).toEqual(
    expected.map((_, i) => inboxMail.length - NEWEST + 1 + i),
  );

  const timings = commandTimings(result.batch);
  expect(timings.map((command) => command.name).sort()).toEqual(["LIST", "SELECT", "STATUS"]);
  expect(sentBeforeFirstCompletion(timings)).toBe(3);
  expect(Math.max(...timings.map((command) => command.inFlight))).toBe(3);
});
