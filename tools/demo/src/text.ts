/** Plain-text bodies: word wrapping, `> ` quoting, and format=flowed (RFC 3676) paragraphs. */

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapLines(text: string, width = 72): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** Every line of `text` quoted once more, as a reply quotes the message before it. */
export function quote(text: string): string {
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => (line === "" ? ">" : line.startsWith(">") ? `>${line}` : `> ${line}`))
    .join("\n");
}

/** A paragraph of a flowed body, quoted `depth` times. */
export interface FlowedParagraph {
  readonly text: string;
  readonly depth?: number;
}

/**
 * A format=flowed body: each paragraph wrapped at 66 characters, every line but its last ending in a
 * space (a soft break a reader rejoins), quoted paragraphs prefixed with `>` per level and a space.
 */
export function flowed(paragraphs: readonly (string | FlowedParagraph)[]): string {
  const out: string[] = [];
  let previous = 0;
  for (const item of paragraphs) {
    const { text, depth = 0 } = typeof item === "string" ? { text: item } : item;
    const prefix = depth === 0 ? "" : `${">".repeat(depth)} `;
    if (out.length > 0) out.push(">".repeat(Math.min(previous, depth)));
    previous = depth;
    const lines = wrapLines(text, 66);
    lines.forEach((line, i) => {
      out.push(`${prefix}${line}${i < lines.length - 1 ? " " : ""}`);
    });
  }
  return `${out.join("\n")}\n`;
}
