/**
 * A file name safe to hand to the browser's download: no path parts, no control or bidi-override
 * characters (which can make `exe.pdf` read as `fdp.exe`), no names Windows reserves, not too long.
 */

const UNSAFE = /[/\\:*?"<>|\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;
const MAX_LENGTH = 180;

export function safeFileName(name: string | null | undefined, fallback = "attachment"): string {
  let safe = controlsReplaced((name ?? "").normalize("NFC"))
    .replace(UNSAFE, "_")
    .replace(/\s+/g, " ")
    .trim();
  safe = safe.replace(/^[.\s]+/, "").replace(/[.\s]+$/, "");
  if (safe === "" || /^_+$/.test(safe)) safe = fallback;
  if (RESERVED.test(safe)) safe = `_${safe}`;
  if (safe.length > MAX_LENGTH) {
    const dot = safe.lastIndexOf(".");
    const ext = dot > 0 && safe.length - dot <= 12 ? safe.slice(dot) : "";
    safe = safe.slice(0, MAX_LENGTH - ext.length) + ext;
  }
  return safe;
}

/** A name for a part that has none, from its type. */
export function fallbackName(type: string): string {
  if (type === "message/rfc822") return "message.eml";
  if (type === "text/calendar") return "invite.ics";
  const sub = type.split("/")[1] ?? "";
  return /^[a-z0-9]{1,8}$/.test(sub) ? `attachment.${sub}` : "attachment";
}

function controlsReplaced(name: string): string {
  let out = "";
  for (const ch of name) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? "_" : ch;
  }
  return out;
}
