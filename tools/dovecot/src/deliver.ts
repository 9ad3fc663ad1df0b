import { assertMailboxName } from "./mailbox-name.js";
import { flagList, imapString, internalDateString, MiniImap, mailboxArgument, toCrlf } from "./mini-imap.js";
import type { DeliverOptions, DovecotUser } from "./types.js";

/** Where to deliver. */
export interface DeliverTarget {
  host: string;
  port: number;
  user: DovecotUser;
}

/**
 * Log in over plain IMAP and APPEND one message (CRLF line ends) to `mailbox`, creating the mailbox when
 * the server answers `[TRYCREATE]`. Resolves with the UID from `[APPENDUID]`.
 */
export async function deliverMessage(
  target: DeliverTarget,
  mailbox: string,
  message: Uint8Array | string,
  options: DeliverOptions = {},
): Promise<number> {
  assertMailboxName(mailbox);
  const bytes = toCrlf(message);
  const flags = options.flags === undefined ? "" : `${flagList(options.flags)} `;
  const date = options.internalDate === undefined ? "" : `${internalDateString(options.internalDate)} `;
  const client = await MiniImap.connect(target.host, target.port);
  try {
    const login = await client.command(
      "LOGIN ",
      imapString(target.user.username),
      " ",
      imapString(target.user.password),
    );
    if (login.status !== "OK") throw new Error(`LOGIN as ${target.user.username} failed: ${login.text}`);
    const append = () =>
      client.command("APPEND ", mailboxArgument(mailbox), ` ${flags}${date}{${bytes.length}+}\r\n`, bytes);
    let result = await append();
    if (result.status === "NO" && /^\[TRYCREATE\]/i.test(result.text)) {
      const created = await client.command("CREATE ", mailboxArgument(mailbox));
      if (created.status !== "OK") throw new Error(`CREATE ${mailbox} failed: ${created.text}`);
      result = await append();
    }
    if (result.status !== "OK")
      throw new Error(`APPEND to ${mailbox} failed: ${result.status} ${result.text}`);
    const uid = /\[APPENDUID \d+ (\d+)\]/i.exec(result.text)?.[1];
    if (uid === undefined) throw new Error(`APPEND to ${mailbox} returned no APPENDUID: ${result.text}`);
    return Number(uid);
  } finally {
    await client.close();
  }
}
