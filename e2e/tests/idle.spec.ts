/** IDLE in the page: mail delivered from Node arrives as EXISTS while the command is in flight. */
import { randomUUID } from "node:crypto";
import { deliverTo } from "@tagwire/dovecot";
import { expect, test } from "../support/harness-test.js";
import { runInfo } from "../support/run-info.js";

test("receives EXISTS during IDLE when Node delivers a message", async ({ page, openHarness }) => {
  const { dovecot, users } = runInfo();
  await openHarness();
  const id = await page.evaluate(async (user) => {
    const t = window.tagwire;
    const id = await t.connect();
    await t.login(id, user.username, user.password);
    return id;
  }, users.idle);
  const before = await page.evaluate((id) => window.tagwire.select(id, "INBOX"), id);
  await page.evaluate((id) => window.tagwire.idle(id), id);

  const subject = `New mail during IDLE ${randomUUID()}`;
  const uid = await deliverTo(
    dovecot,
    users.idle.username,
    "INBOX",
    `From: carol@example.net\r\nTo: e2e-idle@example.org\r\nSubject: ${subject}\r\n\r\nHello while idling.\r\n`,
  );

  const result = await page.evaluate(async (id) => {
    const t = window.tagwire;
    const mail = await t.waitForNewMail(id);
    await t.done(id);
    const [envelope] = await t.envelopes(id, String(mail.exists));
    const trace = t.trace(id);
    await t.logout(id);
    return { mail, envelope, trace };
  }, id);

  expect(result.mail).toEqual({ previous: before.exists, exists: before.exists + 1 });
  expect(result.envelope).toMatchObject({ seq: before.exists + 1, uid, subject });

  // The EXISTS came in after the server's "+" and before DONE went out: IDLE delivered it.
  const idleSent = result.trace.findIndex((entry) => entry.type === "commandSent" && entry.name === "IDLE");
  const tag = result.trace[idleSent]?.tag;
  const idling = result.trace.findIndex(
    (entry) => entry.type === "continuationRequested" && entry.tag === tag,
  );
  const exists = result.trace.findIndex(
    (entry) =>
      entry.type === "untaggedReceived" &&
      (entry.data as { type?: string; count?: number }).type === "exists" &&
      (entry.data as { count?: number }).count === before.exists + 1,
  );
  const done = result.trace.findIndex(
    (entry) => entry.type === "continuationSent" && entry.tag === tag && entry.kind === "done",
  );
  expect(idleSent).toBeGreaterThanOrEqual(0);
  expect(idling).toBeGreaterThan(idleSent);
  expect(exists).toBeGreaterThan(idling);
  expect(done).toBeGreaterThan(exists);
});
