/**
 * Size limits the encoder enforces or uses to choose an encoding. Each has its rationale; the
 * session reads `MAX_COMMAND_LINE_OCTETS` to split long sequence sets before encoding.
 */

/**
 * Longest command line, literal data excluded: RFC 7162 §4 (updating RFC 2683 §3.2.1.5) asks clients
 * to keep lines "including all quoted strings but not including literals" to about 8192 octets, the
 * smallest line buffer a server is expected to have. The encoder refuses to build a longer one; the
 * session splits sequence sets (`splitLongCommand`) instead.
 */
export const MAX_COMMAND_LINE_OCTETS = 8192;

/**
 * LITERAL- (RFC 7888 §5, and IMAP4rev2) accepts non-synchronizing literals up to this size; a larger
 * one is answered `BAD [TOOBIG]` after the server has already read it as commands.
 */
export const LITERAL_MINUS_MAX_OCTETS = 4096;

/**
 * Largest literal sent non-synchronizing even when LITERAL+ allows any size. The synchronizing form
 * costs one round trip but lets the server refuse (`NO [OVERQUOTA]`, `NO [TRYCREATE]`, `BAD`) before
 * the bytes travel. At 64 KiB the transfer itself takes about one round trip on a slow uplink
 * (10 Mbit/s, ~50 ms), so beyond it the saved round trip stops mattering while wasted uploads of
 * refused messages grow; below it drafts and small messages append without waiting.
 */
export const LITERAL_PLUS_MAX_OCTETS = 64 * 1024;

/**
 * Longest value sent as a quoted string; longer ones go as literals so that one big search text or
 * header value cannot push the command line past `MAX_COMMAND_LINE_OCTETS`.
 */
export const MAX_QUOTED_OCTETS = 1024;
