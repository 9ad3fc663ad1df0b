/**
 * Command tags (RFC 3501 §2.2.1): the client gives every command a tag that is unique on the
 * connection, and the server echoes it on the completion. The default generator is a short random
 * prefix plus a counter (`QZK1`, `QZK2`, ...), so tags never repeat within a session and two
 * sessions in one log are easy to tell apart. The random source is injectable, so tests and the
 * core stay deterministic and the core imports no crypto.
 */
import { ImapLocalError } from "../errors.js";

/** Produces the tag for each new command. */
export interface TagGenerator {
  next(): string;
}

export interface TagGeneratorOptions {
  /** Fixed prefix; when absent, `prefixLength` random letters are drawn from `random`. */
  readonly prefix?: string;
  /** Length of the random prefix. Default 3 (17 576 prefixes). */
  readonly prefixLength?: number;
  /** Uniform random number in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** First counter value. Default 1. */
  readonly start?: number;
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * Whether `tag` is a valid tag: one or more ASTRING-CHARs except `+` (RFC 3501 §9). We also refuse
 * `]`, which the grammar allows but some servers mishandle.
 */
export function isValidTag(tag: string): boolean {
  if (tag.length === 0) return false;
  for (let i = 0; i < tag.length; i++) {
    const c = tag.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return false;
    // ( ) { % * " \ ] +
    if (
      c === 0x28 ||
      c === 0x29 ||
      c === 0x7b ||
      c === 0x25 ||
      c === 0x2a ||
      c === 0x22 ||
      c === 0x5c ||
      c === 0x5d ||
      c === 0x2b
    ) {
      return false;
    }
  }
  return true;
}

/** Creates the default tag generator: random letters followed by an increasing counter. */
export function createTagGenerator(options: TagGeneratorOptions = {}): TagGenerator {
  const random = options.random ?? Math.random;
  let prefix = options.prefix;
  if (prefix === undefined) {
    const length = options.prefixLength ?? 3;
    prefix = "";
    for (let i = 0; i < length; i++) {
      const index = Math.min(LETTERS.length - 1, Math.max(0, Math.floor(random() * LETTERS.length)));
      prefix += LETTERS[index];
    }
  }
  if (prefix.length > 0 && !isValidTag(prefix)) {
    throw new ImapLocalError(
      "IMAP_ERR_INVALID_ARGUMENT",
      "tag prefix contains characters not allowed in a tag",
    );
  }
  let counter = options.start ?? 1;
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", "tag counter start must be a non-negative integer");
  }
  const fixed = prefix;
  return {
    next(): string {
      const tag = `${fixed}${counter}`;
      counter += 1;
      return tag;
    },
  };
}
