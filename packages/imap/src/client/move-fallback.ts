/**
 * MOVE for servers without it (RFC 6851 §3.1 describes the same steps): COPY the messages, mark
 * them `\Deleted`, and expunge exactly those with UID EXPUNGE (UIDPLUS, RFC 4315). Each step waits
 * for the one before, so a failed copy deletes nothing. Without UIDPLUS there is no safe fallback:
 * a plain EXPUNGE would also remove every other message marked `\Deleted`.
 */
import { ImapLocalError } from "../errors.js";
import type { SequenceSet } from "../types/command.js";
import type { CallOptions } from "./options.js";
import type { CopyUid } from "./results.js";

/** What the fallback needs of the client. */
export interface MoveSteps {
  copy(set: SequenceSet, mailbox: string, options: CallOptions & { uid: boolean }): Promise<CopyUid | null>;
  store(
    set: SequenceSet,
    operation: "add",
    flags: readonly string[],
    options: CallOptions & { uid: boolean; silent: boolean },
  ): Promise<unknown>;
  expunge(uids: SequenceSet, options: CallOptions): Promise<unknown>;
}

/** Whether the server moves messages itself. */
export function supportsMove(caps: ReadonlySet<string>): boolean {
  return caps.has("MOVE") || caps.has("IMAP4REV2");
}

export async function moveByCopy(
  client: MoveSteps,
  caps: ReadonlySet<string>,
  set: SequenceSet,
  mailbox: string,
  uid: boolean,
  options: CallOptions,
): Promise<CopyUid | null> {
  if (!caps.has("UIDPLUS")) {
    throw new ImapLocalError(
      "IMAP_ERR_NOT_SUPPORTED",
      "MOVE needs MOVE, or UIDPLUS to copy and expunge only the moved messages; the server offers neither",
    );
  }
  if (!uid) {
    throw new ImapLocalError("IMAP_ERR_NOT_SUPPORTED", "MOVE without MOVE works on UIDs only (uid: true)");
  }
  const copied = await client.copy(set, mailbox, { ...options, uid: true });
  await client.store(set, "add", ["\\Deleted"], { ...options, uid: true, silent: true });
  await client.expunge(set, options);
  return copied;
}
