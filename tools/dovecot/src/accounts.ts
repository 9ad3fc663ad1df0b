/*
 * Which system accounts Dovecot's processes run as. As root, Dovecot refuses to run login processes as
 * root: they run as `dovenull`, internal processes as `dovecot`, and mail is accessed as `dovecot` (the
 * Debian package creates both). As any other user, everything runs as that user.
 */
import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";

/** A system account Dovecot can switch to. */
export interface Account {
  name: string;
  uid: number;
  gid: number;
  /** Name of the primary group. */
  group: string;
}

/** The accounts written into the config, and the owner of the mail files. */
export interface DovecotAccounts {
  /** True when Dovecot starts as root (then login and mail processes drop privileges). */
  root: boolean;
  login: Account;
  internal: Account;
  mail: Account;
}

function parseTable(text: string): string[][] {
  return text
    .split("\n")
    .filter((line) => line.length > 0 && !line.startsWith("#"))
    .map((line) => line.split(":"));
}

/** The name of group `gid` from /etc/group, or the number itself when it is not listed. */
async function groupName(gid: number): Promise<string> {
  const groups = parseTable(await readFile("/etc/group", "utf8").catch(() => ""));
  return groups.find((fields) => Number(fields[2]) === gid)?.[0] ?? String(gid);
}

async function lookup(name: string): Promise<Account> {
  const passwd = parseTable(await readFile("/etc/passwd", "utf8"));
  const row = passwd.find((fields) => fields[0] === name);
  if (row === undefined) {
    throw new Error(
      `System user ${JSON.stringify(name)} is missing; it comes with Debian's dovecot-core package ` +
        "(reinstall it: sudo apt-get install --reinstall -y dovecot-core)",
    );
  }
  const gid = Number(row[3]);
  return { name, uid: Number(row[2]), gid, group: await groupName(gid) };
}

/** Resolve the accounts for the current process (root or not). */
export async function resolveAccounts(): Promise<DovecotAccounts> {
  if (process.getuid?.() === 0) {
    const [login, internal] = await Promise.all([lookup("dovenull"), lookup("dovecot")]);
    return { root: true, login, internal, mail: internal };
  }
  const me = userInfo();
  const self: Account = { name: me.username, uid: me.uid, gid: me.gid, group: await groupName(me.gid) };
  return { root: false, login: self, internal: self, mail: self };
}
