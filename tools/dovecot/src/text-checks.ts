/** True when `text` contains a C0 control character or DEL. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 || unit === 0x7f) return true;
  }
  return false;
}

const ATOM_SPECIALS = new Set(["(", ")", "{", " ", "%", "*", '"', "\\", "]"]);

/** True for a non-empty IMAP atom (RFC 3501): printable ASCII without atom-specials. */
export function isAtom(text: string): boolean {
  if (text.length === 0) return false;
  for (const char of text) {
    const unit = char.charCodeAt(0);
    if (unit <= 0x20 || unit >= 0x7f || ATOM_SPECIALS.has(char)) return false;
  }
  return true;
}
