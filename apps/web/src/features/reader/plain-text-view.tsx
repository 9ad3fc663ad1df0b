import { textBlocks } from "../../lib/mime/plain-text";

/** Plain text with its quote levels dimmed and its links clickable. */
export function PlainTextView({ text }: { text: string }) {
  return (
    <div className="reader-plain">
      {textBlocks(text).map((block, b) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: blocks are positional and never reordered.
          key={b}
          className={
            block.depth === 0 ? "reader-text" : `reader-quote reader-quote-${Math.min(block.depth, 3)}`
          }
        >
          {block.lines.map((line, l) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional and never reordered.
            <div key={l} className="reader-line">
              {line.map((segment, s) =>
                segment.href === undefined ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional.
                  <span key={s}>{segment.text}</span>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional.
                  <a key={s} href={segment.href} target="_blank" rel="noopener noreferrer">
                    {segment.text}
                  </a>
                ),
              )}
              {line.length === 1 && line[0]?.text === "" && "\u00a0"}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
