/**
 * BODYSTRUCTURE → `MimePart` tree with IMAP section numbers (RFC 3501 §6.4.5): parts of a multipart
 * are numbered from 1, nested ones get dotted numbers, a message/rfc822 part's body is numbered
 * under it, and a single-part message's only part is "1". Parameter values are decoded: RFC 2231
 * (`name*=utf-8''...`, continuations `name*0*`) and RFC 2047 encoded words.
 */
import { type BodyParams, type BodyStructure, mimeType, text } from "@tagwire/imap";
import { headerText } from "../mime/header-text";
import type { MimePart } from "./types";

export function mimeTree(body: BodyStructure): MimePart {
  return body.kind === "multipart" ? toPart(body, "") : toPart(body, "1");
}

function toPart(body: BodyStructure, section: string): MimePart {
  const type = mimeType(body);
  const dispositionParams = decodeParams(body.disposition?.params ?? null);
  if (body.kind === "multipart") {
    return {
      section,
      type,
      params: decodeParams(body.params ?? null),
      encoding: "7bit",
      size: 0,
      disposition: null,
      filename: null,
      contentId: null,
      children: body.parts.map((part, i) =>
        toPart(part, section === "" ? String(i + 1) : `${section}.${i + 1}`),
      ),
    };
  }
  const params = decodeParams(body.params);
  const inner = body.kind === "message" && body.body !== null ? body.body : null;
  return {
    section,
    type,
    params,
    encoding: (text(body.encoding) ?? "7bit").toLowerCase(),
    size: Math.max(0, body.size),
    disposition: body.disposition?.type == null ? null : (text(body.disposition.type) ?? "").toLowerCase(),
    filename: dispositionParams.filename ?? params.name ?? null,
    contentId: contentId(text(body.id)),
    children:
      inner === null
        ? []
        : inner.kind === "multipart"
          ? inner.parts.map((part, i) => toPart(part, `${section}.${i + 1}`))
          : [toPart(inner, `${section}.1`)],
  };
}

function contentId(id: string | null): string | null {
  if (id === null) return null;
  const trimmed = id.trim().replace(/^<|>$/g, "");
  return trimmed === "" ? null : trimmed;
}

/** Lower-case names; RFC 2231 continuations joined and percent-decoded; RFC 2047 words decoded. */
export function decodeParams(params: BodyParams | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (params === null) return out;
  const pieces = new Map<string, { index: number; value: string; encoded: boolean }[]>();
  for (const [rawKey, rawValue] of params) {
    const key = (text(rawKey) ?? "").toLowerCase();
    const value = text(rawValue) ?? "";
    const match = /^([^*]+)(?:\*(\d+))?(\*)?$/.exec(key);
    if (match === null) continue;
    const name = match[1] as string;
    if (match[2] === undefined && match[3] === undefined) {
      if (!(name in out)) out[name] = headerText(value);
      continue;
    }
    const list = pieces.get(name) ?? [];
    list.push({ index: Number(match[2] ?? 0), value, encoded: match[3] !== undefined });
    pieces.set(name, list);
  }
  for (const [name, list] of pieces) {
    list.sort((a, b) => a.index - b.index);
    out[name] = joinExtended(list);
  }
  return out;
}

function joinExtended(list: readonly { index: number; value: string; encoded: boolean }[]): string {
  let charset = "utf-8";
  const bytes: number[] = [];
  list.forEach((piece, i) => {
    let value = piece.value;
    if (piece.encoded && i === 0) {
      const quote = /^([^']*)'[^']*'/.exec(value);
      if (quote !== null) {
        charset = quote[1] || "utf-8";
        value = value.slice(quote[0].length);
      }
    }
    if (piece.encoded) {
      for (let j = 0; j < value.length; j++) {
        const hex = value[j] === "%" ? value.slice(j + 1, j + 3) : "";
        if (/^[0-9a-fA-F]{2}$/.test(hex)) {
          bytes.push(Number.parseInt(hex, 16));
          j += 2;
        } else bytes.push(value.charCodeAt(j) & 0xff);
      }
    } else for (const byte of new TextEncoder().encode(value)) bytes.push(byte);
  });
  try {
    return new TextDecoder(charset).decode(new Uint8Array(bytes));
  } catch {
    return new TextDecoder().decode(new Uint8Array(bytes));
  }
}

/** True when some part is an attachment (a disposition of `attachment`, or a named non-text part). */
export function hasAttachment(part: MimePart): boolean {
  if (part.disposition === "attachment") return true;
  if (part.children.length === 0) {
    return part.filename !== null && part.disposition !== "inline" && !part.type.startsWith("text/");
  }
  if (part.type === "multipart/related")
    return part.children.slice(1).some((c) => c.disposition === "attachment");
  return part.children.some(hasAttachment);
}
