/**
 * What the session knows of the server's capabilities and of the extensions ENABLE switched on.
 * Capabilities are unknown (null) until announced, stale between a login that announced none and
 * the CAPABILITY the session then sends (its tag is `refreshTag`), and discarded after STARTTLS
 * (RFC 3501 §6.2.1: a list read before TLS cannot be trusted).
 */
import type { EncoderOptions } from "../codec/fragment.js";
import { type CapabilitySet, capabilitySet, encoderOptionsFor } from "./capabilities.js";

export class CapabilityTracker {
  #capabilities: CapabilitySet | null = null;
  #stale = false;
  readonly #enabled = new Set<string>();
  readonly #overrides: Partial<EncoderOptions>;
  /** Tag of the CAPABILITY whose completion ends the staleness. */
  refreshTag: string | null = null;

  constructor(overrides: Partial<EncoderOptions>) {
    this.#overrides = overrides;
  }

  /** The server's capabilities, null while unknown. */
  get capabilities(): CapabilitySet | null {
    return this.#capabilities;
  }

  /** True between a login without a capability announcement and the re-read. */
  get stale(): boolean {
    return this.#stale;
  }

  get enabled(): CapabilitySet {
    return this.#enabled;
  }

  /** Known and current: what a command that depends on them may be judged by. */
  get current(): CapabilitySet | null {
    return this.#stale ? null : this.#capabilities;
  }

  get encoderOptions(): EncoderOptions {
    return encoderOptionsFor(this.#capabilities, this.#enabled, this.#overrides);
  }

  /** The server announced `atoms`; returns the new set. */
  announce(atoms: readonly string[]): CapabilitySet {
    this.#capabilities = capabilitySet(atoms);
    this.#stale = false;
    return this.#capabilities;
  }

  markStale(): void {
    this.#stale = true;
  }

  /** The refresh ended (completed or failed): the list is as current as it will get. */
  refreshEnded(): void {
    this.refreshTag = null;
    this.#stale = false;
  }

  discard(): void {
    this.#capabilities = null;
  }

  /** `* ENABLED atoms`: returns the extensions newly switched on, upper-cased. */
  enable(atoms: readonly string[]): string[] {
    const added: string[] = [];
    for (const atom of atoms) {
      const upper = atom.toUpperCase();
      if (!this.#enabled.has(upper)) {
        this.#enabled.add(upper);
        added.push(upper);
      }
    }
    return added;
  }
}
