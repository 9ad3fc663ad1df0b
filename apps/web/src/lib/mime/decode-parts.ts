/**
 * Turns the fetched bytes of the planned parts into text and images. Each part is handed to
 * postal-mime as a tiny message of its own (its MIME header, a blank line, its body): postal-mime
 * already handles every transfer encoding, every charset the browser's TextDecoder knows, RFC 2231
 * parameters and format=flowed with DelSp (RFC 3676), so none of that is reimplemented here. It is
 * loaded with `import()` so that it stays out of the first bundle.
 */
import type { MimePart } from "../imap-client/types";
import type { PartPlan } from "./part-plan";

export interface BodyPiece {
  readonly kind: "html" | "plain";
  readonly text: string;
}

export interface InlineImage {
  readonly contentId: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

export interface DecodedBody {
  readonly pieces: readonly BodyPiece[];
  readonly images: readonly InlineImage[];
  readonly notes: readonly string[];
}

type ParsedEmail = {
  html?: string | undefined;
  text?: string | undefined;
  attachments: { content: ArrayBuffer | Uint8Array | string; mimeType: string; contentId?: string }[];
};

async function parser(): Promise<(raw: Uint8Array) => Promise<ParsedEmail>> {
  const { default: PostalMime } = await import("postal-mime");
  return (raw) => new PostalMime().parse(raw) as Promise<ParsedEmail>;
}

const LOST = "Part of this message could not be loaded.";

export async function decodeParts(
  plan: PartPlan,
  bodies: ReadonlyMap<string, Uint8Array>,
): Promise<DecodedBody> {
  const parse = await parser();
  const notes = [...plan.notes];
  const pieces: BodyPiece[] = [];
  const images: InlineImage[] = [];

  if (plan.whole) {
    const header = bodies.get("HEADER");
    const text = bodies.get("TEXT");
    if (header === undefined && text === undefined) return { pieces, images, notes: [LOST] };
    const email = await parse(joinPart(header ?? new Uint8Array(), text ?? new Uint8Array()));
    if (email.html !== undefined) pieces.push({ kind: "html", text: email.html });
    else if (email.text !== undefined) pieces.push({ kind: "plain", text: email.text.replace(/\n+$/, "") });
    else notes.push("This message has no text part that can be shown.");
    notes.push("The server did not describe this message's structure, so it is shown as well as it can be.");
    return { pieces, images, notes };
  }

  for (const { part, kind, headerSpec } of plan.texts) {
    const body = bodies.get(part.section);
    if (body === undefined) {
      if (part.size > 0) notes.push(LOST);
      continue;
    }
    try {
      const email = await parse(joinPart(bodies.get(headerSpec) ?? headerOf(part), body));
      const text = kind === "html" ? email.html : email.text;
      const decoded = text ?? contentText(email, part);
      pieces.push({ kind, text: kind === "plain" ? decoded.replace(/\n+$/, "") : decoded });
    } catch {
      notes.push(LOST);
    }
  }

  for (const { part, contentId, headerSpec } of plan.inline) {
    const body = bodies.get(part.section);
    if (body === undefined) continue;
    try {
      const email = await parse(joinPart(bodies.get(headerSpec) ?? headerOf(part), body));
      const content = email.attachments[0]?.content;
      if (content === undefined || typeof content === "string") continue;
      images.push({ contentId, type: part.type, bytes: new Uint8Array(content) });
    } catch {
      // An image that cannot be decoded is simply not shown.
    }
  }
  return { pieces, images, notes: [...new Set(notes)] };
}

/** A part's header and body as one message: the header, then exactly one blank line, then the body. */
export function joinPart(header: Uint8Array, body: Uint8Array): Uint8Array {
  const tail = endOfHeader(header);
  const separator = tail === "blank" ? [] : tail === "line" ? [13, 10] : [13, 10, 13, 10];
  const raw = new Uint8Array(header.length + separator.length + body.length);
  raw.set(header, 0);
  raw.set(separator, header.length);
  raw.set(body, header.length + separator.length);
  return raw;
}

function endOfHeader(header: Uint8Array): "blank" | "line" | "open" {
  const n = header.length;
  if (n === 0) return "line";
  const at = (i: number) => (i >= 0 ? header[i] : -1);
  if (at(n - 1) !== 10) return "open";
  // An empty header is just the blank line.
  if (n === 1 || (n === 2 && at(0) === 13)) return "blank";
  if (at(n - 2) === 10 || (at(n - 2) === 13 && at(n - 3) === 10)) return "blank";
  return "line";
}

/** A MIME header rebuilt from BODYSTRUCTURE, for a server that sent no `n.MIME`. */
export function headerOf(part: MimePart): Uint8Array {
  const params = Object.entries(part.params)
    .map(([name, value]) => `; ${name}="${value.replace(/["\\\r\n]/g, "")}"`)
    .join("");
  return new TextEncoder().encode(
    `Content-Type: ${part.type}${params}\r\nContent-Transfer-Encoding: ${part.encoding}\r\n\r\n`,
  );
}

/** A text part postal-mime filed as an attachment (it carried a name): decoded in its charset. */
function contentText(email: ParsedEmail, part: MimePart): string {
  const content = email.attachments[0]?.content;
  if (content === undefined) return "";
  if (typeof content === "string") return content;
  try {
    return new TextDecoder(part.params.charset ?? "utf-8").decode(content);
  } catch {
    return new TextDecoder("utf-8").decode(content);
  }
}
