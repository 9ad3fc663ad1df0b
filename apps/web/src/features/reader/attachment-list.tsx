import { byteSize } from "../../lib/format/sizes";
import type { AttachmentView, ReaderState } from "./store";

const TYPE_LABELS: Readonly<Record<string, string>> = {
  "application/pdf": "PDF",
  "application/zip": "ZIP",
  "message/rfc822": "Email",
  "text/calendar": "Invitation",
  "text/html": "HTML",
  "text/plain": "Text",
};

function typeLabel(type: string): string {
  const known = TYPE_LABELS[type];
  if (known !== undefined) return known;
  const [major, minor = ""] = type.split("/");
  if (major === "image" || major === "audio" || major === "video") return `${minor.toUpperCase()} ${major}`;
  return minor.replace(/^x-|^vnd\./, "").toUpperCase() || "File";
}

/** base64 makes a part about 4/3 of the file; show the file's size. */
function fileSize(a: AttachmentView): number {
  return a.part.encoding === "base64" ? Math.floor((a.size * 3) / 4) : a.size;
}

export function AttachmentList({
  attachments,
  downloads,
  onDownload,
}: {
  attachments: readonly AttachmentView[];
  downloads: ReaderState["downloads"];
  onDownload: (section: string) => void;
}) {
  if (attachments.length === 0) return null;
  return (
    <ul className="reader-attachments" aria-label="Attachments">
      {attachments.map((a) => {
        const state = downloads[a.section];
        return (
          <li key={a.section}>
            <button
              type="button"
              className="reader-chip"
              onClick={() => onDownload(a.section)}
              aria-busy={state?.state === "running"}
              title={`Download ${a.name}`}
            >
              <span className="reader-chip-icon" aria-hidden="true">
                {a.type.startsWith("image/") ? "🖼" : "📎"}
              </span>
              <span className="reader-chip-name">{a.name}</span>
              <span className="reader-chip-meta">
                {typeLabel(a.type)} · {byteSize(fileSize(a))}
                {state?.state === "running" && " · downloading…"}
              </span>
            </button>
            {state?.state === "failed" && (
              <span className="reader-chip-problem" role="alert">
                {state.problem}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
