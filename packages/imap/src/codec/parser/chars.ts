/**
 * Byte constants and character-class tables of the IMAP grammar (RFC 3501 §9, RFC 9051 §9).
 * One table lookup replaces a chain of comparisons in the hot loops.
 */

export const NUL = 0x00;
export const SP = 0x20;
export const CR = 0x0d;
export const LF = 0x0a;
export const DQUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const LPAREN = 0x28;
export const RPAREN = 0x29;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;
export const LT = 0x3c;
export const GT = 0x3e;
export const PLUS = 0x2b;
export const MINUS = 0x2d;
export const STAR = 0x2a;
export const COLON = 0x3a;
export const COMMA = 0x2c;
export const DOT = 0x2e;
export const TILDE = 0x7e;
export const DIGIT_0 = 0x30;
export const DIGIT_9 = 0x39;

/** ATOM-CHAR: any CHAR except atom-specials `( ) { SP CTL % * " \ ]`. */
export const C_ATOM = 1;
/** ASTRING-CHAR: ATOM-CHAR or `]`. */
export const C_ASTRING = 2;
/** Tag character: ASTRING-CHAR except `+`. */
export const C_TAG = 4;
/** Loose atom (quirk): anything but SP, `(`, `)`, DQUOTE, CR, LF. */
export const C_LOOSE = 8;
/** Characters of FETCH item names and keywords before `[`, `<` or SP: letters, digits, `.`, `-`. */
export const C_NAME = 16;

/** Class bits per byte. */
export const CLASS = new Uint8Array(256);
/** ASCII upper-casing per byte (other bytes map to themselves). */
export const UPPER = new Uint8Array(256);

for (let b = 0; b < 256; b++) {
  UPPER[b] = b >= 0x61 && b <= 0x7a ? b - 0x20 : b;
  let c = 0;
  const ctl = b < 0x20 || b === 0x7f;
  const atomSpecial =
    b === LPAREN ||
    b === RPAREN ||
    b === LBRACE ||
    b === SP ||
    ctl ||
    b === 0x25 ||
    b === STAR ||
    b === DQUOTE ||
    b === BACKSLASH ||
    b === RBRACKET;
  if (b < 0x80 && !atomSpecial) c |= C_ATOM;
  if ((c & C_ATOM) !== 0 || b === RBRACKET) c |= C_ASTRING;
  if ((c & C_ASTRING) !== 0 && b !== PLUS) c |= C_TAG;
  if (b !== SP && b !== LPAREN && b !== RPAREN && b !== DQUOTE && b !== CR && b !== LF) c |= C_LOOSE;
  if (
    (b >= 0x41 && b <= 0x5a) ||
    (b >= 0x61 && b <= 0x7a) ||
    (b >= 0x30 && b <= 0x39) ||
    b === DOT ||
    b === MINUS
  )
    c |= C_NAME;
  CLASS[b] = c;
}
