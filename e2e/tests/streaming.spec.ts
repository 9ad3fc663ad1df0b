/** A large body streams through the gateway into the page in chunks and arrives byte for byte. */
import { createHash } from "node:crypto";
import { deliverTo } from "@tagwire/dovecot";
import { expect, test } from "../support/harness-test.js";
import { largeMessage } from "../support/large-message.js";
import { runInfo } from "../support/run-info.js";

const BODY_SIZE = 5 * 1024 * 1024;

test("streams a 5 MiB body into the page intact (SHA-256 in the page equals Node's)", async ({
  page,
  openHarness,
}) => {
  const { dovecot, users } = runInfo();
  const message = largeMessage(BODY_SIZE);
  const uid = await deliverTo(dovecot, users.stream.username, "INBOX", message.bytes);
  const sha256 = createHash("sha256").update(message.bytes).digest("hex");
  await openHarness();

  const result = await page.evaluate(
    async ({ user, uid }) => {
      const t = window.tagwire;
      const id = await t.connect();
      await t.login(id, user.username, user.password);
      await t.select(id, "INBOX");
      const [envelope] = await t.envelopes(id, String(uid), { uid: true });
      const body = await t.streamBody(id, uid);
      await t.logout(id);
      return { subject: envelope?.subject, body };
    },
    { user: users.stream, uid },
  );

  expect(result.subject).toBe(message.subject);
  expect(result.body.declaredSize).toBe(message.bytes.length);
  expect(result.body.size).toBe(message.bytes.length);
  expect(result.body.sha256).toBe(sha256);
  // Streamed in pieces, never materialised whole in the FETCH result.
  expect(result.body.materialized).toBe(false);
  expect(result.body.chunks).toBeGreaterThan(1);
  expect(result.body.largestChunk).toBeLessThan(message.bytes.length);
});
