/**
 * What the server announced (CAPABILITY) and what the client switched on (ENABLE), and how both
 * change the wire format: which literals the encoder may use and whether strings are UTF-8.
 */
import type { EncoderOptions } from "../codec/fragment.js";

/** Capability atoms, upper-cased (`IMAP4REV1`, `LITERAL+`, `AUTH=PLAIN`, ...). */
export type CapabilitySet = ReadonlySet<string>;

/** Builds a capability set from atoms as sent; names are case-insensitive (RFC 3501 §7.2.1). */
export function capabilitySet(atoms: Iterable<string>): CapabilitySet {
  const set = new Set<string>();
  for (const atom of atoms) set.add(atom.toUpperCase());
  return set;
}

/** Whether `caps` (null when unknown) includes `name`. */
export function hasCapability(caps: CapabilitySet | null, name: string): boolean {
  return caps?.has(name.toUpperCase()) === true;
}

/** SASL mechanisms from `AUTH=` atoms, upper-cased. */
export function authMechanisms(caps: CapabilitySet | null): string[] {
  const out: string[] = [];
  if (caps === null) return out;
  for (const atom of caps) if (atom.startsWith("AUTH=")) out.push(atom.slice(5));
  return out;
}

/**
 * Whether strings travel as UTF-8: `ENABLE UTF8=ACCEPT` (RFC 6855) or `ENABLE IMAP4rev2`
 * (RFC 9051 §6.3.1) took effect.
 */
export function utf8Enabled(enabled: CapabilitySet): boolean {
  return enabled.has("UTF8=ACCEPT") || enabled.has("IMAP4REV2");
}

/**
 * Whether untagged SEARCH results carry the `(TAG "x")` correlator even without `RETURN`:
 * IMAP4rev2 replaces the SEARCH response with ESEARCH (RFC 9051 §7.3.4).
 */
export function searchAlwaysCorrelated(enabled: CapabilitySet): boolean {
  return enabled.has("IMAP4REV2");
}

/**
 * Encoder options from the server's capabilities and what was enabled. `{n+}` needs LITERAL+ or
 * LITERAL- (IMAP4rev2 includes LITERAL-, RFC 9051 §4.3); unknown capabilities mean the
 * conservative choice everywhere. `overrides` lets a caller switch a feature off for a broken server.
 */
export function encoderOptionsFor(
  caps: CapabilitySet | null,
  enabled: CapabilitySet,
  overrides: Partial<EncoderOptions> = {},
): EncoderOptions {
  return {
    literalPlus: overrides.literalPlus ?? hasCapability(caps, "LITERAL+"),
    literalMinus:
      overrides.literalMinus ?? (hasCapability(caps, "LITERAL-") || hasCapability(caps, "IMAP4REV2")),
    utf8: overrides.utf8 ?? utf8Enabled(enabled),
    saslIr: overrides.saslIr ?? hasCapability(caps, "SASL-IR"),
    binary: overrides.binary ?? hasCapability(caps, "BINARY"),
  };
}

/** A stable key for comparing encoder options (an encoded command is reused while it matches). */
export function encoderOptionsKey(options: EncoderOptions): string {
  return `${+options.literalPlus}${+options.literalMinus}${+options.utf8}${+options.saslIr}${+options.binary}`;
}
