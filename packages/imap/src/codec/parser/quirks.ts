/**
 * Named tolerances for non-conforming servers (PROTOCOL.md §2). Every flag is on by default; turning
 * one off gives the strict RFC 3501/9051 reading, where the quirk makes the response `unparsed`.
 * Each flag names the §2 cases it covers and the servers known to need it.
 */
export interface ParserQuirks {
  /** §2.9: a bare LF ends a line or a literal announcement (imap-codec `crlf_relaxed`). */
  crlfRelaxed: boolean;
  /** §2.22: NUL bytes before a response are skipped. */
  leadingNul: boolean;
  /** §2.42, §2.58: several SP where one separates two elements (Domino, DavMail's `*  OK`). */
  doubleSpace: boolean;
  /** §2.44, §2.49, §2.57, §2.58: SP before `)` or at the end of the line (qq.com, Exchange). */
  trailingSpace: boolean;
  /** §2.12: in a quoted string, `\` before a byte other than `"` or `\` keeps both bytes. */
  looseEscapes: boolean;
  /**
   * §2.17, §2.18, §2.26: flags and atoms may hold any byte but SP, parentheses, DQUOTE, CR and LF
   * (a `[css3-page]` keyword, a corrupted Dovecot keyword with control or 8-bit bytes).
   */
  looseAtomChars: boolean;
  /** §2.20: negative numbers (`-1`) as body size, line count or MODSEQ (Dovecot, Exchange). */
  negativeNumbers: boolean;
  /** §2.21: message sequence number 0 (old Courier-IMAP). */
  zeroSequenceNumber: boolean;
  /** §2.23, §2.58: no SP or text after the condition, the response code or `+` (Gmail, AOL). */
  missingText: boolean;
  /** §2.25: a known response code whose arguments do not parse becomes `{ code: "other" }`. */
  malformedCodes: boolean;
  /** §2.27: `\*` inside FLAGS, where only PERMANENTFLAGS allows it (GreenMail). */
  flagWildcardInFlags: boolean;
  /** §2.34: SP between the addresses of an ENVELOPE address list (outlook.com). */
  extraSpaceBetweenAddresses: boolean;
  /** §2.35: `()` where NIL belongs (address lists, body parameters, NAMESPACE). */
  emptyListAsNil: boolean;
  /** §2.39, §2.42: a multipart with no children, `("MIXED")` or `("X-ZIP" ("BOUNDARY" "") NIL NIL)`. */
  multipartWithoutParts: boolean;
  /** §2.42: a single part whose subtype is missing: `("X-ZIP" NIL NIL NIL "BASE64" 12)`. */
  missingSubtype: boolean;
  /** §2.40: message/rfc822 whose embedded body is `()` (Domino). */
  emptyNestedBody: boolean;
  /**
   * §2.40, §2.41: NIL where BODYSTRUCTURE requires a string: type, subtype, encoding, a parameter
   * value (mail.ru, maddy, MailKit #1393).
   */
  nilBodyStrings: boolean;
  /** §2.42: a bare string where the disposition list belongs, `"inline"` (Exchange). */
  bareInlineDisposition: boolean;
  /** §2.42: a parenthesised list where the body MD5 belongs is skipped (misplaced fields). */
  misplacedBodyFields: boolean;
  /** §2.42: SP between the children of a multipart. */
  spaceBetweenBodyParts: boolean;
  /** §2.45: the invalid `RFC822[]` item is read as `RFC822`. */
  rfc822Section: boolean;
  /** §2.53: VANISHED without UIDs (Apache James). */
  emptyVanished: boolean;
  /** §2.56: an empty flag `\` in LIST/XLIST attributes (libetpan #403). */
  emptyFlag: boolean;
}

/** Every quirk on: the default for real servers. */
export const DEFAULT_QUIRKS: Readonly<ParserQuirks> = Object.freeze({
  crlfRelaxed: true,
  leadingNul: true,
  doubleSpace: true,
  trailingSpace: true,
  looseEscapes: true,
  looseAtomChars: true,
  negativeNumbers: true,
  zeroSequenceNumber: true,
  missingText: true,
  malformedCodes: true,
  flagWildcardInFlags: true,
  extraSpaceBetweenAddresses: true,
  emptyListAsNil: true,
  multipartWithoutParts: true,
  missingSubtype: true,
  emptyNestedBody: true,
  nilBodyStrings: true,
  bareInlineDisposition: true,
  misplacedBodyFields: true,
  spaceBetweenBodyParts: true,
  rfc822Section: true,
  emptyVanished: true,
  emptyFlag: true,
});

/** Every quirk off: RFC grammar only. */
export const STRICT_QUIRKS: Readonly<ParserQuirks> = Object.freeze(
  Object.fromEntries(Object.keys(DEFAULT_QUIRKS).map((k) => [k, false])) as unknown as ParserQuirks,
);

const resolved = new WeakMap<Partial<ParserQuirks>, Readonly<ParserQuirks>>();

/** The defaults overridden by `partial`; cached per object so a session's context costs nothing per response. */
export function resolveQuirks(partial: Partial<ParserQuirks> | undefined): Readonly<ParserQuirks> {
  if (partial === undefined) return DEFAULT_QUIRKS;
  let q = resolved.get(partial);
  if (q === undefined) {
    q = Object.freeze({ ...DEFAULT_QUIRKS, ...partial });
    resolved.set(partial, q);
  }
  return q;
}
