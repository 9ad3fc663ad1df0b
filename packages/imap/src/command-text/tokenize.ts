/** Command text → atoms, quoted strings and parenthesised lists; `[...]` stays inside its atom. */
import { invalid } from "./invalid.js";

export type Token =
  | { readonly kind: "atom"; readonly value: string }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "list"; readonly items: Token[] };

const ONE_LINE = "a command is one line: CR and LF are not allowed";

/** The quoted string starting at `text[start]` (a `"`) and the index after it. */
function quoted(text: string, start: number): [value: string, end: number] {
  let value = "";
  let i = start + 1;
  for (;;) {
    const d = text[i];
    if (d === undefined) throw invalid("unterminated quoted string");
    i++;
    if (d === '"') return [value, i];
    if (d === "\\") {
      const e = text[i];
      if (e !== '"' && e !== "\\") throw invalid('only \\" and \\\\ may be escaped in a quoted string');
      value += e;
      i++;
    } else value += d;
  }
}

/** The atom starting at `text[start]` and the index after it; brackets may hold spaces and parens. */
function atom(text: string, start: number): [value: string, end: number] {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const d = text[i] as string;
    if (depth === 0 && (d === " " || d === "\t" || d === "(" || d === ")" || d === '"')) break;
    if (d === "\r" || d === "\n") throw invalid(ONE_LINE);
    if (d === "[") depth++;
    else if (d === "]") depth = Math.max(0, depth - 1);
    i++;
  }
  return [text.slice(start, i), i];
}

/** Splits command text into tokens. Throws `IMAP_ERR_INVALID_ARGUMENT` for CR/LF, literals, unbalanced lists. */
export function tokenize(text: string): Token[] {
  const root: Token[] = [];
  const stack: Token[][] = [root];
  const top = (): Token[] => stack[stack.length - 1] as Token[];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === " " || c === "\t") {
      i++;
    } else if (c === "\r" || c === "\n") {
      throw invalid(ONE_LINE);
    } else if (c === "(") {
      const list: Token[] = [];
      top().push({ kind: "list", items: list });
      stack.push(list);
      i++;
    } else if (c === ")") {
      if (stack.length === 1) throw invalid("unbalanced ')'");
      stack.pop();
      i++;
    } else if (c === '"') {
      const [value, end] = quoted(text, i);
      top().push({ kind: "string", value });
      i = end;
    } else if (c === "{") {
      throw invalid("literals ({n}) cannot be typed as command text; use a quoted string");
    } else {
      const [value, end] = atom(text, i);
      top().push({ kind: "atom", value });
      i = end;
    }
  }
  if (stack.length !== 1) throw invalid("unbalanced '('");
  return root;
}
