/**
 * The reading pane. HTML mail is shown in a frame sandboxed without `allow-scripts` and without
 * `allow-same-origin` (W1): its document is the sanitized HTML under its own CSP, in an opaque origin
 * that can reach neither this page nor its connection. Links open in a new, unsandboxed tab.
 */
import { AttachmentList } from "./attachment-list";
import { MessageHeader } from "./message-header";
import { PlainTextView } from "./plain-text-view";
import { type ReaderBody, readerStore, useReaderStore } from "./store";
import "./reader.css";

export function ReaderPane() {
  const summary = useReaderStore((s) => s.summary);
  const status = useReaderStore((s) => s.status);
  const problem = useReaderStore((s) => s.problem);
  const body = useReaderStore((s) => s.body);
  const notes = useReaderStore((s) => s.notes);
  const attachments = useReaderStore((s) => s.attachments);
  const downloads = useReaderStore((s) => s.downloads);
  const allowRemote = useReaderStore((s) => s.allowRemote);
  const actions = readerStore.getState();

  if (summary === null) {
    return (
      <section className="reader reader-idle" aria-label="Message">
        <p className="reader-empty">Select a message to read it.</p>
      </section>
    );
  }
  const blocked = body?.kind === "html" && body.blockedRemote && !allowRemote;
  return (
    <section className="reader" aria-label="Message" aria-busy={status === "loading"}>
      <MessageHeader summary={summary} />
      {blocked && (
        <div className="reader-remote-bar" role="status">
          <span>Remote images hidden</span>
          <button type="button" onClick={() => actions.showImages()}>
            Show images
          </button>
        </div>
      )}
      <AttachmentList
        attachments={attachments}
        downloads={downloads}
        onDownload={(s) => actions.download(s)}
      />
      {notes.length > 0 && (
        <ul className="reader-notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {status === "failed" ? (
        <div className="reader-problem" role="alert">
          <p>{problem ?? "The message could not be loaded."}</p>
          <button type="button" onClick={() => actions.retry()}>
            Try again
          </button>
        </div>
      ) : status === "loading" || body === null ? (
        <div className="reader-placeholder" aria-hidden="true">
          <div />
          <div />
          <div />
        </div>
      ) : (
        <MessageBody body={body} uid={summary.uid} />
      )}
    </section>
  );
}

function MessageBody({ body, uid }: { body: ReaderBody; uid: number }) {
  if (body.kind === "none") return <div className="reader-body reader-nothing" />;
  if (body.kind === "plain") {
    return (
      <div className="reader-body reader-scroll">
        {body.texts.map((text, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts' order is fixed.
          <PlainTextView key={`${uid}-${i}`} text={text} />
        ))}
      </div>
    );
  }
  return (
    <iframe
      className="reader-body reader-frame"
      title="Message content"
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      srcDoc={body.doc}
    />
  );
}
