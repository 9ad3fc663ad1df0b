/**
 * Connects, logs in, and prints the folders with their counts and the newest messages of INBOX.
 * The LIST and SELECT go out together (pipelined); the trace shows them overlap.
 *
 *   pnpm --filter @tagwire/imap example imap://user:password@127.0.0.1:1143
 *   IMAP_CA=ca.pem pnpm --filter @tagwire/imap example imaps://user:password@imap.example.org
 */
import { readFileSync } from "node:fs";
import { addressEmail, text } from "@tagwire/imap";
import { formatTraceEvent, openImap } from "@tagwire/imap/node";

const url = process.argv[2] ?? process.env.IMAP_URL;
if (url === undefined) {
  console.error("usage: mailbox-summary imap[s]://user:password@host[:port]");
  process.exit(2);
}
const ca = process.env.IMAP_CA;
const client = await openImap(url, ca === undefined ? {} : { tls: { ca: readFileSync(ca, "utf8") } });

// Every command sent, continued and completed, with byte counts (credentials are never in traces).
const start = Date.now();
client.onAny((event) => {
  const line = formatTraceEvent(event, start);
  if (line !== null) console.error(line);
});

// Issued in the same tick, so both go out in one write.
const [folders, inbox] = await Promise.all([
  client.list("", "*", { specialUse: true, status: ["MESSAGES", "UNSEEN"] }),
  client.select("INBOX"),
]);
for (const folder of folders) {
  const counts = folder.status === undefined ? "" : ` ${folder.status.unseen}/${folder.status.messages}`;
  console.log(`${folder.name}${folder.specialUse === null ? "" : ` ${folder.specialUse}`}${counts}`);
}

if (inbox.exists > 0) {
  const newest = await client.fetch(`${Math.max(1, inbox.exists - 9)}:*`, ["UID", "FLAGS", "ENVELOPE"], {
    uid: false,
  });
  for (const message of newest) {
    const envelope = message.items.envelope;
    const from = envelope?.from?.[0];
    const sender = from === undefined ? "" : (text(from.name) ?? addressEmail(from) ?? "");
    console.log(`${message.items.uid}\t${sender}\t${text(envelope?.subject ?? null) ?? "(no subject)"}`);
  }
}
await client.logout();
