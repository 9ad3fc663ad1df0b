import { formatMs } from "./format";
import type { LogLine, ProtocolRow } from "./store";

export interface RowDetailProps {
  readonly row: ProtocolRow;
  readonly lines: readonly LogLine[];
  /** False when the log dropped some of its older lines. */
  readonly complete: boolean;
  onClose(): void;
}

/** The raw lines of one command: what was sent, the responses routed to it and its completion. */
export function RowDetail({ row, lines, complete, onClose }: RowDetailProps) {
  return (
    <section className="protocol-detail" aria-label={`Raw lines of ${row.tag}`}>
      <div className="protocol-detail-head">
        <span className="protocol-detail-title">
          {row.tag} · {row.untagged} untagged
          {row.doneAt === null ? " · in flight" : ` · ${formatMs(row.doneAt - row.sentAt)}`}
        </span>
        <button type="button" className="protocol-button" onClick={onClose}>
          Close raw lines
        </button>
      </div>
      {!complete ? (
        <p className="protocol-note">
          The log keeps only its newest lines; {lines.length} of this command's are left.
        </p>
      ) : null}
      <pre className="protocol-lines">
        {lines.map((line) => (
          <span
            key={line.id}
            className={`protocol-line protocol-line-${line.direction === "C" ? "out" : "in"}`}
          >
            {`+${formatMs(line.at - row.sentAt).padStart(9)}  ${line.direction}: ${line.text}${
              line.bytes === null ? "" : `  (${line.bytes} B)`
            }\n`}
          </span>
        ))}
      </pre>
    </section>
  );
}
