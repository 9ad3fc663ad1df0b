import { fullDate } from "../../lib/format/dates";
import type { MailAddress, MessageSummary } from "../../lib/imap-client/types";

function who(address: MailAddress): string {
  return address.name !== "" ? address.name : address.email !== "" ? address.email : "Undisclosed recipients";
}

function Address({ address }: { address: MailAddress }) {
  return (
    <span className="reader-address" title={address.email}>
      {who(address)}
    </span>
  );
}

function AddressList({ addresses }: { addresses: readonly MailAddress[] }) {
  return (
    <>
      {addresses.map((a, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the same address may appear twice.
        <span key={i}>
          {i > 0 && ", "}
          <Address address={a} />
          {a.name !== "" && a.email !== "" && <span className="reader-email"> &lt;{a.email}&gt;</span>}
        </span>
      ))}
    </>
  );
}

/** "to Ann, Bob and 3 others" */
function recipientsLine(to: readonly MailAddress[], cc: readonly MailAddress[]): string {
  const all = [...to, ...cc];
  if (all.length === 0) return "to undisclosed recipients";
  const shown = all.slice(0, 2).map(who).join(", ");
  const more = all.length - 2;
  return more > 0 ? `to ${shown} and ${more} ${more === 1 ? "other" : "others"}` : `to ${shown}`;
}

export function MessageHeader({ summary }: { summary: MessageSummary }) {
  const sender = summary.from[0];
  return (
    <header className="reader-header">
      <h2 className="reader-subject">{summary.subject.trim() === "" ? "(no subject)" : summary.subject}</h2>
      <div className="reader-meta">
        <div className="reader-from">
          {sender === undefined ? (
            <span className="reader-address">Unknown sender</span>
          ) : (
            <>
              <Address address={sender} />
              {sender.name !== "" && <span className="reader-email"> {sender.email}</span>}
            </>
          )}
        </div>
        <time className="reader-date" dateTime={new Date(summary.date).toISOString()}>
          {fullDate(summary.date)}
        </time>
      </div>
      <details className="reader-recipients">
        <summary>{recipientsLine(summary.to, summary.cc)}</summary>
        <dl>
          {summary.to.length > 0 && (
            <>
              <dt>To</dt>
              <dd>
                <AddressList addresses={summary.to} />
              </dd>
            </>
          )}
          {summary.cc.length > 0 && (
            <>
              <dt>Cc</dt>
              <dd>
                <AddressList addresses={summary.cc} />
              </dd>
            </>
          )}
          {summary.replyTo.length > 0 && (
            <>
              <dt>Reply-To</dt>
              <dd>
                <AddressList addresses={summary.replyTo} />
              </dd>
            </>
          )}
        </dl>
      </details>
    </header>
  );
}
