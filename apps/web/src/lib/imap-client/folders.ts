/**
 * Listing folders in as few round trips as the server allows: `LIST ... RETURN (SPECIAL-USE STATUS
 * (MESSAGES UNSEEN))` with LIST-STATUS (one round trip), else LIST and then a STATUS per selectable
 * folder, all pipelined (two). NAMESPACE, when offered, goes out alongside the LIST.
 */
import type { ImapClient, ListedMailbox, StatusItem } from "@tagwire/imap";
import { buildFolderTree, type ListedFolder } from "./folder-tree";
import type { Folder } from "./types";

const COUNTS: readonly StatusItem[] = ["MESSAGES", "UNSEEN"];

export async function listFolders(client: ImapClient): Promise<Folder[]> {
  const caps = client.capabilities ?? new Set<string>();
  const namespace = caps.has("NAMESPACE") ? client.namespace() : Promise.resolve(null);
  const listStatus = caps.has("LIST-STATUS");
  const list = client.list("", "*", {
    ...(caps.has("SPECIAL-USE") ? { specialUse: true } : {}),
    ...(listStatus ? { status: COUNTS } : {}),
  });
  const [ns, mailboxes] = await Promise.all([namespace, list]);
  const personalPrefix = ns?.personal?.[0]?.prefix.name ?? "";
  const listed = listStatus
    ? mailboxes.map((m) => listedFolder(m, m.status))
    : await withStatus(client, mailboxes);
  return buildFolderTree(listed, personalPrefix);
}

async function withStatus(client: ImapClient, mailboxes: readonly ListedMailbox[]): Promise<ListedFolder[]> {
  const statuses = mailboxes.map((m) =>
    isSelectable(m) ? client.status(m.name, COUNTS).catch(() => undefined) : Promise.resolve(undefined),
  );
  const settled = await Promise.all(statuses);
  return mailboxes.map((m, i) => listedFolder(m, settled[i]));
}

function isSelectable(mailbox: ListedMailbox): boolean {
  return !mailbox.attributes.some((a) => /^\\(noselect|nonexistent)$/i.test(a));
}

function listedFolder(
  mailbox: ListedMailbox,
  status: { messages?: number; unseen?: number } | undefined,
): ListedFolder {
  return {
    path: mailbox.name,
    delimiter: mailbox.delimiter,
    attributes: mailbox.attributes,
    specialUse: mailbox.specialUse,
    messages: status?.messages ?? null,
    unseen: status?.unseen ?? null,
  };
}
