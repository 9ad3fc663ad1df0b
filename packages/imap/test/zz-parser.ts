export interface ParseContext { utf8: boolean; maxNesting: number }
export function parseResponse(raw: Uint8Array, _ctx: ParseContext, _s?: ReadonlyMap<number, number>): any {
  const text = String.fromCharCode(...raw.subarray(0, 20));
  const [tag, cond] = text.split(" ");
  const type = cond === "OK" || cond === "NO" || cond === "BAD" ? "status" : "unparsed";
  return { type, tag: tag ?? null, raw, reason: "IMAP_ERR_SYNTAX", offset: 0, condition: cond, code: null, text: "" };
}
