/** A cursor over tokens with typed readers; every error names the command (`what`). */
import { normalizeSequenceSet } from "../types/sequence-set.js";
import { invalid } from "./invalid.js";
import type { Token } from "./tokenize.js";

function describe(token: Token): string {
  return token.kind === "list" ? "list" : JSON.stringify(token.value);
}

/** Whether `text` is spelled like a sequence set (digits, `*`, `:`, `,`) or is `$`. */
export function looksLikeSequenceSet(text: string): boolean {
  return /^(\$|[\d*:,]+)$/.test(text);
}

export class Reader {
  #index = 0;
  constructor(
    readonly tokens: readonly Token[],
    readonly what: string,
  ) {}

  get done(): boolean {
    return this.#index >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.#index];
  }

  next(expected: string): Token {
    const token = this.tokens[this.#index];
    if (token === undefined) throw invalid(`${this.what}: missing ${expected}`);
    this.#index++;
    return token;
  }

  atom(expected: string): string {
    const token = this.next(expected);
    if (token.kind !== "atom") throw invalid(`${this.what}: expected ${expected}`);
    return token.value;
  }

  astring(expected: string): string {
    const token = this.next(expected);
    if (token.kind === "list") throw invalid(`${this.what}: expected ${expected}, not a list`);
    return token.value;
  }

  list(expected: string): Token[] {
    const token = this.next(expected);
    if (token.kind !== "list") throw invalid(`${this.what}: expected (${expected})`);
    return token.items;
  }

  number(expected: string): number {
    const value = this.atom(expected);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
      throw invalid(`${this.what}: ${expected} must be a number`);
    return Number(value);
  }

  bigint(expected: string): bigint {
    const value = this.atom(expected);
    if (!/^\d+$/.test(value)) throw invalid(`${this.what}: ${expected} must be a number`);
    return BigInt(value);
  }

  /** A sequence set as typed, checked by the core's parser (no `0`, numbers below 2^32, `$`). */
  sequenceSet(): string {
    const value = this.atom("a sequence set");
    return this.checkSequenceSet(value);
  }

  /** `value` if it is a valid sequence set; else the parser's error, naming the command. */
  checkSequenceSet(value: string): string {
    try {
      normalizeSequenceSet(value);
    } catch (error) {
      const reason = error instanceof Error ? ` (${error.message})` : "";
      throw invalid(`${this.what}: ${JSON.stringify(value)} is not a sequence set${reason}`);
    }
    return value;
  }

  /** Optional keyword (case-insensitive); consumed when present. */
  keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind === "atom" && token.value.toUpperCase() === word) {
      this.#index++;
      return true;
    }
    return false;
  }

  /** The rest of the tokens must be empty. */
  end(): void {
    if (!this.done) throw invalid(`${this.what}: unexpected ${describe(this.peek() as Token)}`);
  }

  /** The atoms or strings of a flat list. */
  atoms(items: readonly Token[]): string[] {
    return items.map((t) => {
      if (t.kind === "list") throw invalid(`${this.what}: nested list not allowed`);
      return t.value;
    });
  }
}
