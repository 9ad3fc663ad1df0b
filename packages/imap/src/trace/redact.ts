/**
 * Defensive redaction of command text. The encoder's trace text already writes passwords and SASL
 * responses as `***`; these rules hold even for text that does not: a LOGIN shows its tag, verb and
 * user name and nothing after them, an AUTHENTICATE its mechanism and nothing after it (a SASL-IR
 * initial response, or the line sent after `+`, is never shown). Other commands pass unchanged.
 */

/** What stands in for a credential. */
export const REDACTED = "***";

/** Length of the astring at the start of `text` as the encoder traces it, or -1 when there is none. */
function astringLength(text: string): number {
  if (text.startsWith('"')) {
    for (let i = 1; i < text.length; i++) {
      if (text[i] === "\\") i++;
      else if (text[i] === '"') return i + 1;
    }
    return -1;
  }
  // A literal, traced as its announcement plus `<n bytes>`.
  const literal = /^~?\{\d+\+?\}(?:<\d+ bytes>)?/.exec(text);
  if (literal !== null) return literal[0].length;
  const space = text.indexOf(" ");
  const atom = space === -1 ? text.length : space;
  return atom === 0 ? -1 : atom;
}

function redactLogin(head: string, rest: string): string {
  if (rest === "") return head;
  const user = rest.startsWith(" ") ? astringLength(rest.slice(1)) : -1;
  if (user === -1) return `${head} ${REDACTED}`;
  return `${head} ${rest.slice(1, 1 + user)} ${REDACTED}`;
}

function redactAuthenticate(head: string, rest: string): string {
  const mechanism = /^ [A-Za-z0-9_-]+/.exec(rest)?.[0];
  if (mechanism === undefined) return rest === "" ? head : `${head} ${REDACTED}`;
  const after = rest.slice(mechanism.length);
  if (after === "") return `${head}${mechanism}`;
  // Keep the marker of a response sent after the server's `+` (no SASL-IR); never the response.
  return `${head}${mechanism}${after.startsWith(" <+>") ? " <+>" : ""} ${REDACTED}`;
}

/**
 * `text` (a command as `TAG VERB ...`) with every credential replaced by `***`. `name` is the
 * command's name; the verb in the text is checked too, so a mislabelled LOGIN is still redacted.
 */
export function redactCommandText(name: string, text: string): string {
  const head = /^\S+ \S+/.exec(text)?.[0];
  const verb = head?.slice(head.indexOf(" ") + 1).toUpperCase();
  const upperName = name.toUpperCase();
  const login = upperName === "LOGIN" || verb === "LOGIN";
  const authenticate = upperName === "AUTHENTICATE" || verb === "AUTHENTICATE";
  if (!login && !authenticate) return text;
  if (head === undefined) return REDACTED;
  const rest = text.slice(head.length);
  return login ? redactLogin(head, rest) : redactAuthenticate(head, rest);
}
