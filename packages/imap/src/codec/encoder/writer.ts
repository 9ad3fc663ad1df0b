/**
 * Builds one command's fragments and its trace text side by side.
 *
 * Theory of operation. Everything written goes into the current line. A literal ends that line with
 * its announcement (`{n}`, `{n+}`, `~{n}`, `~{n+}`) and CRLF, emits the literal bytes as their own
 * fragment (marked `waitForContinuation` when synchronizing) and starts a new line, which the caller
 * keeps writing (e.g. ` (\Seen) {200}` for the next MULTIAPPEND message). `finish` ends the last line
 * with CRLF. `continuationLine` ends the line and makes the next line wait for `+` (a SASL response
 * without SASL-IR).
 *
 * Only the value writers in `values.ts` and the command encoders call `text`; they pass ASCII they
 * validated, so no CR or LF can reach a line by this route. Every line is checked once more in
 * `finish`, so a bug elsewhere fails loudly instead of injecting a command.
 *
 * The trace is the command as one line: literals appear as their announcement plus `<n bytes>`,
 * secrets as `***`, and a line sent after a `+` is preceded by `<+>`.
 */
import { ImapLocalError } from "../../errors.js";
import { asciiEncode } from "../../text/text.js";
import type { EncodedCommand, EncoderOptions, Fragment } from "../fragment.js";
import { LITERAL_MINUS_MAX_OCTETS, LITERAL_PLUS_MAX_OCTETS, MAX_COMMAND_LINE_OCTETS } from "./limits.js";

const CRLF = "\r\n";
const CR = 0x0d;
const LF = 0x0a;

/** Whether a literal of `size` octets may be sent without waiting for `+` (RFC 7888). */
export function literalIsNonSync(size: number, options: EncoderOptions): boolean {
  return (
    (options.literalPlus && size <= LITERAL_PLUS_MAX_OCTETS) ||
    (options.literalMinus && size <= LITERAL_MINUS_MAX_OCTETS)
  );
}

export class CommandWriter {
  readonly options: EncoderOptions;
  private readonly fragments: Fragment[] = [];
  private parts: Uint8Array[] = [];
  private partsLength = 0;
  private nextLineWaits = false;
  private lineOctets = 0;
  private size = 0;
  private trace = "";

  constructor(options: EncoderOptions) {
    this.options = options;
  }

  /** Appends validated ASCII; `traceText` replaces it in the trace (e.g. `***`). */
  text(ascii: string, traceText: string = ascii): this {
    return this.bytes(asciiEncode(ascii), traceText);
  }

  /** Appends raw line bytes that the caller has checked hold no CR, LF or NUL. */
  bytes(bytes: Uint8Array, traceText: string): this {
    this.parts.push(bytes);
    this.partsLength += bytes.length;
    this.trace += traceText;
    return this;
  }

  /**
   * Ends the line with a literal announcement and emits `data` as a literal fragment. `literal8`
   * writes `~{n}` (RFC 3516 binary data). `secret` keeps the trace free of the data's size.
   */
  literal(data: Uint8Array, flags: { readonly literal8?: boolean; readonly secret?: boolean } = {}): this {
    const nonSync = literalIsNonSync(data.length, this.options);
    const announcement = `${flags.literal8 === true ? "~" : ""}{${data.length}${nonSync ? "+" : ""}}`;
    this.text(announcement, flags.secret === true ? "***" : `${announcement}<${data.length} bytes>`);
    this.endLine();
    this.push({ kind: "literal", bytes: data, waitForContinuation: !nonSync });
    return this;
  }

  /** Ends the line; the next line is sent only after the server's `+`. */
  continuationLine(): this {
    this.endLine();
    this.nextLineWaits = true;
    this.trace += " <+> ";
    return this;
  }

  /** Ends the last line and checks the line budget. */
  finish(): EncodedCommand {
    this.endLine();
    if (this.lineOctets > MAX_COMMAND_LINE_OCTETS) {
      throw new ImapLocalError(
        "IMAP_ERR_INVALID_ARGUMENT",
        `command line of ${this.lineOctets} octets exceeds ${MAX_COMMAND_LINE_OCTETS}; split its sequence set`,
      );
    }
    return { fragments: this.fragments, traceText: this.trace, size: this.size };
  }

  private endLine(): void {
    this.parts.push(asciiEncode(CRLF));
    const line = new Uint8Array(this.partsLength + 2);
    let offset = 0;
    for (const part of this.parts) {
      line.set(part, offset);
      offset += part.length;
    }
    // Defence in depth: a line may hold CR LF only at its end, and no NUL anywhere.
    for (let i = 0; i < line.length - 2; i++) {
      const byte = line[i];
      if (byte === CR || byte === LF || byte === 0) {
        throw new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", "control byte in a command line");
      }
    }
    this.parts = [];
    this.partsLength = 0;
    this.lineOctets += line.length;
    this.push({ kind: "line", bytes: line, waitForContinuation: this.nextLineWaits });
    this.nextLineWaits = false;
  }

  private push(fragment: Fragment): void {
    this.fragments.push(fragment);
    this.size += fragment.bytes.length;
  }
}
