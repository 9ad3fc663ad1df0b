import { lazy, Suspense, useState } from "react";
import { FolderTree } from "../features/folders/folder-tree";
import { useFoldersStore } from "../features/folders/store";
import { MessageList } from "../features/messages/message-list";
import { useMessagesStore } from "../features/messages/store";
import { useProtocolStore } from "../features/protocol/store";
import { useSessionStore } from "../features/session/store";
import { showPane, usePane } from "./layout";
import { ReaderSlot } from "./reader-slot";
import { closeMessage, openFolder, openMessage, reconnect, showRows, signOut } from "./wiring";

const ProtocolPanel = lazy(() =>
  import("../features/protocol/protocol-panel").then((m) => ({ default: m.ProtocolPanel })),
);

/** Three panes (folders | list | reading pane) over the Protocol dock; one pane at a time on a phone. */
export function Shell() {
  const pane = usePane();
  const username = useSessionStore((s) => s.username);
  const lost = useSessionStore((s) => s.connectionLost);
  const problem = useSessionStore((s) => s.problem);
  const current = useFoldersStore((s) => s.folders.find((f) => f.path === s.current));

  return (
    <div className="shell" data-pane={pane}>
      <header className="shell-header">
        <button
          type="button"
          className="shell-icon-button shell-phone-only"
          aria-label="Show folders"
          onClick={() => showPane("folders")}
        >
          <MenuIcon />
        </button>
        <span className="shell-brand">Tagwire</span>
        <span className="shell-folder-name shell-phone-only">{current?.name ?? ""}</span>
        <span className="shell-spacer" />
        <span className="shell-user">{username}</span>
        <button type="button" className="shell-button" onClick={() => void signOut()}>
          Sign out
        </button>
        <ActivityBar />
      </header>
      {lost && <ConnectionBanner message={problem?.message ?? "The connection to the mail server closed."} />}
      <div className="shell-panes">
        <aside className="shell-folders">
          <FolderTree onOpen={openFolder} />
        </aside>
        <div className="shell-list">
          <ListHeader />
          <MessageList onRange={showRows} onOpen={openMessage} />
        </div>
        <div className="shell-reader">
          <button type="button" className="shell-button shell-phone-only shell-back" onClick={closeMessage}>
            ← Back
          </button>
          <ReaderSlot />
        </div>
      </div>
      <Suspense fallback={null}>
        <ProtocolPanel />
      </Suspense>
    </div>
  );
}

/** A thin bar that moves while commands are in flight (its own component: it changes per chunk). */
function ActivityBar() {
  const inFlight = useProtocolStore((s) => s.inFlight);
  return <div className="shell-activity" data-active={inFlight > 0 || undefined} aria-hidden="true" />;
}

/** Why the connection ended, and a way back; "Reconnecting" while it tries. */
function ConnectionBanner({ message }: { readonly message: string }) {
  const [trying, setTrying] = useState(false);
  if (trying) {
    return (
      <div className="shell-banner" role="status">
        Reconnecting…
      </div>
    );
  }
  return (
    <div className="shell-banner" role="alert">
      <span>{message}</span>
      <button
        type="button"
        className="shell-button"
        onClick={() => {
          setTrying(true);
          void reconnect().finally(() => setTrying(false));
        }}
      >
        Reconnect
      </button>
    </div>
  );
}

/** The open folder's name and size above the list. */
function ListHeader() {
  const name = useFoldersStore((s) => s.folders.find((f) => f.path === s.current)?.name ?? "");
  const total = useMessagesStore((s) => s.view?.uids.length ?? null);
  return (
    <div className="shell-list-header">
      <h1 className="shell-list-title">{name}</h1>
      {total !== null && (
        <span className="shell-list-count">
          {total.toLocaleString()} {total === 1 ? "message" : "messages"}
        </span>
      )}
    </div>
  );
}

function MenuIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M2.5 4h11M2.5 8h11M2.5 12h11" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </svg>
  );
}
