/**
 * IMAP URLs for the CLI and scripts: `imaps://user:pass@host:port` (implicit TLS, default 993),
 * `imap://user:pass@host:port?starttls` (STARTTLS, default 143) and `imap://...` (plaintext; see
 * `openImap` for where credentials may go in clear, and `?insecure` to allow it elsewhere). User and
 * password are percent-decoded (`%40` for `@`, `%3A` for `:`); RFC 5092's `;AUTH=` in the user part
 * picks the mechanism (`;AUTH=PLAIN`, `;AUTH=LOGIN` for the LOGIN command, `;AUTH=*` for automatic).
 */
import { ImapLocalError } from "../src/index.js";

export interface ImapUrl {
  /** Implicit TLS (`imaps://`). */
  readonly secure: boolean;
  /** `imap://...?starttls`: upgrade with STARTTLS before logging in. */
  readonly starttls: boolean;
  /** `?insecure`: credentials may be sent in clear to a host that is not loopback. */
  readonly insecure: boolean;
  readonly host: string;
  readonly port: number;
  readonly username: string | null;
  readonly password: string | null;
  /** From `;AUTH=`; `auto` when absent or `*`. */
  readonly mechanism: "auto" | "PLAIN" | "LOGIN";
  /** The path as a mailbox name (`imap://host/INBOX`), or null. */
  readonly mailbox: string | null;
}

function invalid(message: string): ImapLocalError {
  return new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", message);
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(`the URL's ${what} has an invalid percent escape`);
  }
}

/** Parses an `imap://` or `imaps://` URL. Error messages never repeat the password. */
export function parseImapUrl(text: string): ImapUrl {
  const match =
    /^(imaps?):\/\/(?:([^/]*)@)?(\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?(\/[^?#]*)?(?:\?([^#]*))?$/i.exec(
      text.trim(),
    );
  if (match === null) throw invalid("expected imap://[user[:password]@]host[:port] or imaps://...");
  const scheme = (match[1] as string).toLowerCase();
  const userinfo = match[2];
  const rawHost = match[3] as string;
  const rawPort = match[4];
  const path = match[5];
  const query = match[6] === undefined || match[6] === "" ? [] : match[6].split("&");
  for (const flag of query) {
    if (flag !== "starttls" && flag !== "insecure")
      throw invalid(`unknown URL parameter ${flag} (starttls or insecure)`);
  }
  const secure = scheme === "imaps";
  const starttls = query.includes("starttls");
  if (secure && starttls) throw invalid("imaps:// already uses TLS; ?starttls is for imap://");
  const insecure = query.includes("insecure");
  const host = rawHost.startsWith("[") ? rawHost.slice(1, -1) : decode(rawHost, "host");
  if (host === "") throw invalid("the URL has no host");
  let port = secure ? 993 : 143;
  if (rawPort !== undefined && rawPort !== "") {
    if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) < 1 || Number(rawPort) > 65535) {
      throw invalid("the URL's port must be a number from 1 to 65535");
    }
    port = Number(rawPort);
  }
  let username: string | null = null;
  let password: string | null = null;
  let mechanism: ImapUrl["mechanism"] = "auto";
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(":");
    let user = colon === -1 ? userinfo : userinfo.slice(0, colon);
    if (colon !== -1) password = decode(userinfo.slice(colon + 1), "password");
    const auth = /;auth=([^;]*)$/i.exec(user);
    if (auth !== null) {
      user = user.slice(0, auth.index);
      const name = decode(auth[1] as string, "AUTH").toUpperCase();
      if (name === "PLAIN" || name === "LOGIN") mechanism = name;
      else if (name !== "*") throw invalid(`unsupported ;AUTH=${name} (PLAIN, LOGIN or *)`);
    }
    username = decode(user, "user name");
  }
  const mailbox = path === undefined || path === "/" ? null : decode(path.slice(1), "mailbox");
  return { secure, starttls, insecure, host, port, username, password, mechanism, mailbox };
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: ImapUrl): string {
  const user =
    url.username === null ? "" : `${encodeURIComponent(url.username)}${url.password === null ? "" : ":***"}@`;
  const host = url.host.includes(":") ? `[${url.host}]` : url.host;
  const flags = [url.starttls ? "starttls" : "", url.insecure ? "insecure" : ""].filter((f) => f !== "");
  const query = flags.length === 0 ? "" : `?${flags.join("&")}`;
  return `${url.secure ? "imaps" : "imap"}://${user}${host}:${url.port}${query}`;
}
