/**
 * Octets as one line of safe text: printable ASCII as itself, CR, LF and TAB as `\r`, `\n`, `\t`,
 * every other octet (controls, DEL, anything at or above 0x80) as `\xNN`. A backslash stays as it is
 * (`\Seen` reads as sent) unless `\`, `r`, `n`, `t` or `x` follows it, when it is written `\\`, so the
 * text always reads back to the same octets. Escaped octets are ASCII, so they cannot hide control,
 * bidi or look-alike characters. Only the first `maxOctets` are rendered; the rest are counted,
 * `… (+1234 bytes)`: its `…` is the one non-ASCII character, so server octets can never forge the mark.
 */
import { latin1Decode } from "../text/text.js";

const BACKSLASH = 0x5c;

const NAMED: Readonly<Record<number, string>> = { 9: "\\t", 10: "\\n", 13: "\\r", [BACKSLASH]: "\\\\" };

/** Octets that would make a backslash before them read as an escape: `\`, `r`, `n`, `t`, `x`. */
const ESCAPE_LETTERS: ReadonlySet<number | undefined> = new Set([BACKSLASH, 0x72, 0x6e, 0x74, 0x78]);

function escapeOctet(octet: number): string {
  return NAMED[octet] ?? `\\x${octet.toString(16).padStart(2, "0")}`;
}

/** Whether `octet` is shown as itself; `next` is the octet after it, if any. */
function isPlain(octet: number, next: number | undefined): boolean {
  if (octet === BACKSLASH) return !ESCAPE_LETTERS.has(next);
  return octet >= 0x20 && octet < 0x7f;
}

/** `bytes[start, end)` escaped, clipped after `maxOctets` octets with a count of the rest. */
export function escapeOctets(bytes: Uint8Array, start: number, end: number, maxOctets: number): string {
  const stop = Math.min(end, start + maxOctets);
  let out = "";
  let run = start;
  for (let i = start; i < stop; i++) {
    const octet = bytes[i] as number;
    if (isPlain(octet, i + 1 < end ? bytes[i + 1] : undefined)) continue;
    // Runs of plain octets are copied in one step.
    if (i > run) out += latin1Decode(bytes, run, i);
    out += escapeOctet(octet);
    run = i + 1;
  }
  if (stop > run) out += latin1Decode(bytes, run, stop);
  return end > stop ? `${out}… (+${end - stop} bytes)` : out;
}
