/**
 * A small MIME writer: leaf parts (text, binary), multiparts and the message around them. Output uses
 * CRLF line ends; bodies are base64 (76-character lines), quoted-printable, or 7bit/8bit as given.
 */

/** A body part: its header lines and its encoded body. */
export interface Part {
  readonly headers: readonly string[];
  readonly body: Buffer;
}

const CRLF = "\r\n";

/** Base64 in lines of 76 characters. */
export function base64Lines(bytes: Uint8Array): string {
  return (
    Buffer.from(bytes)
      .toString("base64")
      .match(/.{1,76}/g) ?? []
  ).join(CRLF);
}

/** Quoted-printable (RFC 2045 §6.7): CRLF kept as line breaks, lines soft-broken before 76 characters. */
export function quotedPrintable(bytes: Uint8Array): string {
  const lines = Buffer.from(bytes).toString("latin1").split(CRLF);
  return lines
    .map((line) => {
      let out = "";
      let current = "";
      for (let i = 0; i < line.length; i++) {
        const code = line.charCodeAt(i);
        const last = i === line.length - 1;
        const plain = (code >= 33 && code <= 126 && code !== 61) || ((code === 32 || code === 9) && !last);
        const piece = plain ? line.charAt(i) : `=${code.toString(16).toUpperCase().padStart(2, "0")}`;
        if (current.length + piece.length > 75) {
          out += `${current}=${CRLF}`;
          current = "";
        }
        current += piece;
      }
      return out + current;
    })
    .join(CRLF);
}

/** How a text part's bytes travel. */
export type TextEncoding = "7bit" | "8bit" | "quoted-printable" | "base64";

/** Options of {@link textPart}. */
export interface TextOptions {
  subtype?: "plain" | "html";
  charset?: string;
  encoding?: TextEncoding;
  /** `format=flowed` (RFC 3676): the text must already carry its soft line breaks (a space before CRLF). */
  flowed?: boolean;
}

/** A text part; `text` is UTF-8 text, or bytes already in `charset`. */
export function textPart(text: string | Uint8Array, options: TextOptions = {}): Part {
  const bytes = typeof text === "string" ? Buffer.from(text.replace(/\r?\n/g, CRLF), "utf8") : text;
  const encoding = options.encoding ?? "8bit";
  const flowed = options.flowed === true ? "; format=flowed" : "";
  const body =
    encoding === "base64"
      ? base64Lines(bytes)
      : encoding === "quoted-printable"
        ? quotedPrintable(bytes)
        : Buffer.from(bytes).toString("latin1");
  return {
    headers: [
      `Content-Type: text/${options.subtype ?? "plain"}; charset=${options.charset ?? "utf-8"}${flowed}`,
      `Content-Transfer-Encoding: ${encoding}`,
    ],
    body: Buffer.from(body, "latin1"),
  };
}

/** Options of {@link binaryPart}. */
export interface BinaryOptions {
  filename?: string;
  disposition?: "attachment" | "inline";
  /** Content-ID without the angle brackets, for `cid:` references. */
  contentId?: string;
}

/** A base64 part of `contentType` (e.g. `application/pdf`). */
export function binaryPart(bytes: Uint8Array, contentType: string, options: BinaryOptions = {}): Part {
  const name = options.filename === undefined ? "" : `; name="${options.filename}"`;
  const headers = [`Content-Type: ${contentType}${name}`, "Content-Transfer-Encoding: base64"];
  if (options.contentId !== undefined) headers.push(`Content-ID: <${options.contentId}>`);
  if (options.disposition !== undefined) {
    const filename = options.filename === undefined ? "" : `; filename="${options.filename}"`;
    headers.push(`Content-Disposition: ${options.disposition}${filename}`);
  }
  return { headers, body: Buffer.from(base64Lines(bytes), "latin1") };
}

/** A multipart of `subtype` (`mixed`, `alternative`, `related`); `boundary` must not occur in the parts. */
export function multipart(subtype: string, boundary: string, parts: readonly Part[], params = ""): Part {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}${CRLF}${part.headers.join(CRLF)}${CRLF}${CRLF}`, "latin1"));
    chunks.push(part.body, Buffer.from(CRLF, "latin1"));
  }
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`, "latin1"));
  return {
    headers: [`Content-Type: multipart/${subtype}; boundary="${boundary}"${params}`],
    body: Buffer.concat(chunks),
  };
}

/** The whole message: `headers` (already encoded), MIME-Version, the root part's headers, its body. */
export function renderMessage(headers: readonly string[], root: Part): Buffer {
  const head = [...headers, "MIME-Version: 1.0", ...root.headers].join(CRLF);
  return Buffer.concat([Buffer.from(`${head}${CRLF}${CRLF}`, "utf8"), root.body]);
}
