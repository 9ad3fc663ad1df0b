/**
 * A credential that never prints: passwords and SASL responses travel through the command model as
 * `Secret`, so a command logged, serialised, thrown or shown in a test failure says `***`. Only the
 * encoder, which writes it on the wire, calls `reveal()`. (After imap-types' `Secret`.)
 */

const REDACTED = "***";

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    if (typeof value !== "string") throw new TypeError("a Secret holds a string");
    this.#value = value;
  }

  /** The secret itself, for the one place that must send it. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  /** Node's `util.inspect` (console.log, test failure output). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Secret(${REDACTED})`;
  }
}

/** Wraps `value` (a `Secret` is returned as it is). */
export function secret(value: string | Secret): Secret {
  return value instanceof Secret ? value : new Secret(value);
}
