/** Builds `MimePart` trees for tests: sections are numbered as the IMAP server numbers them. */
import type { MimePart } from "../imap-client/types";

export interface PartSpec {
  readonly type: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly encoding?: string;
  readonly size?: number;
  readonly disposition?: string | null;
  readonly filename?: string | null;
  readonly contentId?: string | null;
  readonly children?: readonly PartSpec[];
}

/** A message's structure: a single part gets section "1", a multipart "" with children from "1". */
export function structure(spec: PartSpec): MimePart {
  return spec.type.startsWith("multipart/") ? build(spec, "") : build(spec, "1");
}

function build(spec: PartSpec, section: string): MimePart {
  const child = (i: number) => (section === "" ? String(i + 1) : `${section}.${i + 1}`);
  return {
    section,
    type: spec.type,
    params: spec.params ?? {},
    encoding: spec.encoding ?? "7bit",
    size: spec.size ?? 100,
    disposition: spec.disposition ?? null,
    filename: spec.filename ?? null,
    contentId: spec.contentId ?? null,
    children: (spec.children ?? []).map((c, i) => build(c, child(i))),
  };
}

export const text = (extra: Partial<PartSpec> = {}): PartSpec => ({
  type: "text/plain",
  params: { charset: "utf-8" },
  ...extra,
});
export const html = (extra: Partial<PartSpec> = {}): PartSpec => ({
  type: "text/html",
  params: { charset: "utf-8" },
  ...extra,
});
export const file = (type: string, filename: string, size = 5_000_000): PartSpec => ({
  type,
  encoding: "base64",
  size,
  disposition: "attachment",
  filename,
});
