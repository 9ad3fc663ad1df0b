/**
 * The only protocol the gateway speaks itself: the plaintext preamble up to STARTTLS (G10).
 *
 * IMAP: read the greeting, send `GW0 STARTTLS`, skip untagged lines until the tagged reply, require
 * `GW0 OK`. SMTP: read the 220 banner, EHLO, require STARTTLS among the extensions, send STARTTLS,
 * require 220. Anything else fails the session: there is no fallback to plaintext. Bytes that arrive
 * after the final reply and before the TLS handshake are an injection attempt (CVE-2011-0411 style) and
 * fail the session too. The browser later receives the original greeting or banner; from an IMAP
 * greeting any `[CAPABILITY ...]` code is removed, because a capability list read before TLS is
 * untrusted and the client must ask again over TLS.
 */
import type { Socket } from "node:net";
import { GatewayError } from "./errors.js";

/** Longest preamble reply accepted (a multi-line EHLO reply is well below this). */
const MAX_REPLY_BYTES = 16 * 1024;

/** The tag of the gateway's own STARTTLS command; the browser never sees it. */
const TAG = "GW0";

const EMPTY = Buffer.alloc(0);

interface Reply {
  /** Lines without their line ending, decoded as latin1 (lossless). */
  lines: string[];
  /** Bytes received after the reply was complete. */
  rest: Buffer;
}

/**
 * Reads lines from a paused socket until `complete(lines)`, starting with `pending` bytes.
 * Leaves the socket paused. Rejects when the socket ends or errors first, or the reply is too long.
 */
function readReply(
  socket: Socket,
  pending: Buffer,
  complete: (lines: string[]) => boolean,
  closedError: () => GatewayError,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let buffer = pending;
    const lines: string[] = [];
    const cleanup = () => {
      socket.off("data", onData);
      socket.off("end", onClose);
      socket.off("close", onClose);
      socket.pause();
    };
    const consume = (): boolean => {
      let nl = buffer.indexOf(10);
      while (nl >= 0) {
        const end = nl > 0 && buffer[nl - 1] === 13 ? nl - 1 : nl;
        lines.push(buffer.toString("latin1", 0, end));
        buffer = buffer.subarray(nl + 1);
        if (complete(lines)) {
          cleanup();
          resolve({ lines, rest: buffer });
          return true;
        }
        nl = buffer.indexOf(10);
      }
      if (buffer.length > MAX_REPLY_BYTES) {
        cleanup();
        reject(new GatewayError("GW_ERR_UPSTREAM_PROTOCOL", "upstream reply line too long"));
        return true;
      }
      return false;
    };
    const onData = (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      consume();
    };
    const onClose = () => {
      cleanup();
      reject(closedError());
    };
    if (consume()) return;
    socket.on("data", onData);
    socket.once("end", onClose);
    socket.once("close", onClose);
    socket.resume();
  });
}

/** Printable, short form of server text for a close reason (never client data). */
function quote(line: string): string {
  const clean = line.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > 60 ? `${clean.slice(0, 57)}...` : clean;
}

/** Removes a `[CAPABILITY ...]` response code from an IMAP greeting line. */
export function stripCapabilityCode(greeting: string): string {
  const match = /^(\*\s+(?:OK|PREAUTH|BYE))\s+\[CAPABILITY(?:\s[^\]]*)?\]\s*(.*)$/i.exec(greeting);
  if (match === null) return greeting;
  return `${match[1]} ${match[2] || "Server ready"}`;
}

/**
 * Performs IMAP STARTTLS negotiation on a connected plaintext socket.
 * @returns the greeting (CAPABILITY code stripped, CRLF-terminated) to hand to the browser.
 */
export async function imapStartTls(socket: Socket): Promise<Buffer> {
  const closed = () => new GatewayError("GW_ERR_UPSTREAM_CLOSED", "upstream closed before the IMAP greeting");
  const greeting = await readReply(socket, EMPTY, (lines) => lines.length === 1, closed);
  const first = greeting.lines[0] ?? "";
  if (/^\*\s+PREAUTH/i.test(first)) {
    throw new GatewayError("GW_ERR_STARTTLS_REFUSED", "server sent PREAUTH: STARTTLS impossible");
  }
  if (!/^\*\s+OK/i.test(first)) {
    throw new GatewayError("GW_ERR_UPSTREAM_PROTOCOL", `not an IMAP greeting: ${quote(first)}`);
  }
  socket.write(`${TAG} STARTTLS\r\n`);
  const tagged = (line: string) => line.slice(0, TAG.length + 1).toUpperCase() === `${TAG} `;
  const reply = await readReply(
    socket,
    greeting.rest,
    (lines) => lines.some(tagged),
    () => new GatewayError("GW_ERR_STARTTLS_REFUSED", "upstream closed during STARTTLS"),
  );
  const status = reply.lines.find(tagged) ?? "";
  if (!/^OK\b/i.test(status.slice(TAG.length + 1))) {
    throw new GatewayError("GW_ERR_STARTTLS_REFUSED", `STARTTLS refused: ${quote(status)}`);
  }
  if (reply.rest.length > 0) {
    throw new GatewayError("GW_ERR_STARTTLS_INJECTION", "plaintext bytes after STARTTLS OK");
  }
  return Buffer.from(`${stripCapabilityCode(first)}\r\n`, "latin1");
}

/** True once an SMTP reply is complete: every line but the last is `ddd-`, the last `ddd ` or `ddd`. */
function smtpComplete(lines: string[]): boolean {
  const last = lines[lines.length - 1] ?? "";
  return /^\d{3}(?: |$)/.test(last);
}

function smtpCode(reply: Reply): string {
  return (reply.lines[reply.lines.length - 1] ?? "").slice(0, 3);
}

/**
 * Performs SMTP STARTTLS negotiation (RFC 3207) on a connected plaintext socket.
 * @returns the original banner (all its lines, CRLF-terminated) to hand to the browser.
 */
export async function smtpStartTls(socket: Socket, ehloName: string): Promise<Buffer> {
  const closed = () => new GatewayError("GW_ERR_UPSTREAM_CLOSED", "upstream closed before the SMTP banner");
  const banner = await readReply(socket, EMPTY, smtpComplete, closed);
  if (smtpCode(banner) !== "220") {
    throw new GatewayError("GW_ERR_UPSTREAM_PROTOCOL", `SMTP banner: ${quote(banner.lines.at(-1) ?? "")}`);
  }
  const refusedClose = () => new GatewayError("GW_ERR_STARTTLS_REFUSED", "upstream closed during STARTTLS");
  socket.write(`EHLO ${ehloName}\r\n`);
  const ehlo = await readReply(socket, banner.rest, smtpComplete, refusedClose);
  if (smtpCode(ehlo) !== "250") {
    throw new GatewayError("GW_ERR_STARTTLS_REFUSED", `EHLO refused: ${quote(ehlo.lines.at(-1) ?? "")}`);
  }
  if (!ehlo.lines.some((l) => /^250[ -]STARTTLS\s*$/i.test(l))) {
    throw new GatewayError("GW_ERR_STARTTLS_REFUSED", "STARTTLS not offered by the SMTP server");
  }
  socket.write("STARTTLS\r\n");
  const reply = await readReply(socket, ehlo.rest, smtpComplete, refusedClose);
  if (smtpCode(reply) !== "220") {
    throw new GatewayError("GW_ERR_STARTTLS_REFUSED", `STARTTLS refused: ${quote(reply.lines.at(-1) ?? "")}`);
  }
  if (reply.rest.length > 0) {
    throw new GatewayError("GW_ERR_STARTTLS_INJECTION", "plaintext bytes after STARTTLS 220");
  }
  return Buffer.from(`${banner.lines.join("\r\n")}\r\n`, "latin1");
}
