/** Collects configuration problems, so that every one is reported at once. */
import type { Flaw } from "./config-parsers.js";
import type { ConfigProblem, ConfigProblemCode } from "./errors.js";

/** The problems found so far, each with its code and the setting it concerns. */
export class Problems {
  readonly list: ConfigProblem[] = [];

  /** Records a problem whose message is complete as given. */
  add(code: ConfigProblemCode, setting: string, message: string): void {
    this.list.push({ code, setting, message });
  }

  /** Records a parser's flaws as `setting: text`. */
  flaws(setting: string, flaws: readonly Flaw[]): void {
    for (const f of flaws) this.add(f.code, setting, `${setting}: ${f.text}`);
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}
