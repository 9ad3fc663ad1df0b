import { hasControlCharacter } from "./text-checks.js";

/** The hierarchy separator of the inbox namespace in the generated config. */
export const SEPARATOR = "/";

/**
 * Encode a mailbox name in modified UTF-7 (RFC 3501 §5.1.3): printable ASCII stays, `&` becomes `&-`,
 * anything else is UTF-16 in modified base64 (`,` for `/`) between `&` and `-`.
 */
export function encodeModifiedUtf7(name: string): string {
  let out = "";
  let pending: number[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const bytes = Buffer.alloc(pending.length * 2);
    pending.forEach((unit, i) => {
      bytes.writeUInt16BE(unit, i * 2);
    });
    out += `&${bytes.toString("base64").replace(/=+$/, "").replaceAll("/", ",")}-`;
    pending = [];
  };
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (unit >= 0x20 && unit <= 0x7e) {
      flush();
      out += unit === 0x26 ? "&-" : name[i];
    } else {
      pending.push(unit);
    }
  }
  flush();
  return out;
}

/**
 * Check that a mailbox name can be stored in Dovecot's Maildir++ layout with `/` as separator:
 * non-empty levels, no `.` (Maildir++'s own separator), no control characters.
 * @throws Error naming the mailbox and the rule it breaks.
 */
export function assertMailboxName(name: string): void {
  const levels = name.split(SEPARATOR);
  if (levels.some((level) => level.length === 0)) {
    throw new Error(`Mailbox name ${JSON.stringify(name)} has an empty hierarchy level`);
  }
  if (name.includes(".")) {
    throw new Error(`Mailbox name ${JSON.stringify(name)} contains ".", which Maildir++ cannot store`);
  }
  if (hasControlCharacter(name)) {
    throw new Error(`Mailbox name ${JSON.stringify(name)} contains a control character`);
  }
}

/** True for the inbox, whatever its case. */
export function isInbox(name: string): boolean {
  return name.toUpperCase() === "INBOX";
}

/**
 * The Maildir++ folder of a mailbox, relative to `~/Maildir`: `""` for INBOX, else `.` + the modified
 * UTF-7 name with `.` between hierarchy levels (`Archive/2023` → `.Archive.2023`).
 */
export function maildirFolder(name: string): string {
  assertMailboxName(name);
  if (isInbox(name)) return "";
  return `.${name.split(SEPARATOR).map(encodeModifiedUtf7).join(".")}`;
}
