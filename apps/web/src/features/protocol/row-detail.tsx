import { formatMs } from "./format";
import type { LogLine, ProtocolRow } from "./store";

export interface RowDetailProps {
  readonly row: ProtocolRow;
  readonly lines: readonly LogLine[];
  onClose(): void;
}

/** The raw lines of one command: what was sent, the responses routed to it and its completion. */
export function RowDetail({ row, lines, onClose }: RowDetailProps) {
  // The command line and its completion (when it has one) besides the untagged responses.
  const expected = row.untagged + (row.doneAt === null ? 1 : 2);
  const dropped = lines.length < expected;
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
      {dropped ? (
        <p className="protocol-note">Older lines were dropped from the log; {lines.length} are kept.</p>
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
