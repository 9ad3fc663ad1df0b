/**
 * What the encoder produces and the session writes: a command is a list of fragments. A line
 * fragment ends with CRLF (or with a literal announcement `{n}`/`{n+}`/`~{n}` and CRLF); a literal
 * fragment is the literal's raw bytes. A fragment with `waitForContinuation` may only be written
 * after the server has answered the previous fragment with `+` (a synchronizing literal, or a SASL
 * response without SASL-IR).
 */
export interface Fragment {
  readonly kind: "line" | "literal";
  readonly bytes: Uint8Array;
  readonly waitForContinuation: boolean;
}

/** What the server supports that changes how a command is encoded. */
export interface EncoderOptions {
  /** LITERAL+ (RFC 7888): non-synchronizing literals of any size. */
  readonly literalPlus: boolean;
  /** LITERAL- (RFC 7888) or IMAP4rev2: non-synchronizing literals up to 4096 octets. */
  readonly literalMinus: boolean;
  /** UTF8=ACCEPT enabled or IMAP4rev2: mailbox names and strings go as UTF-8, not modified UTF-7. */
  readonly utf8: boolean;
  /** SASL-IR (RFC 4959): the initial response rides on the AUTHENTICATE line. */
  readonly saslIr: boolean;
  /** BINARY (RFC 3516): `~{n}` literal8 allowed in APPEND. */
  readonly binary: boolean;
}

/** An encoded command: its fragments and a one-line, credential-free text for traces. */
export interface EncodedCommand {
  readonly fragments: readonly Fragment[];
  /** The command as text with literals shown as `{n}` and passwords/SASL data as `***`. */
  readonly traceText: string;
  /** Total bytes across fragments. */
  readonly size: number;
}
