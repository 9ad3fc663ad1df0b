import type { SpecialUse } from "../../lib/imap-client/types";

/** 16 px outline icons, one per special use, and a plain folder. */
const PATHS: Readonly<Record<SpecialUse | "folder", string>> = {
  inbox:
    "M2 9h3.5l1 2h3l1-2H14M2 9l1.8-5.2A1 1 0 0 1 4.7 3h6.6a1 1 0 0 1 .9.8L14 9v3.5a.5.5 0 0 1-.5.5h-11a.5.5 0 0 1-.5-.5z",
  drafts: "M3 13h2.5L13 5.5 10.5 3 3 10.5zM9.5 4l2.5 2.5",
  sent: "M2.5 8 13.5 3l-4 10.5-2-4.5zM7.5 9 13.5 3",
  archive: "M2.5 3.5h11v3h-11zM3.5 6.5v6h9v-6M6.5 9h3",
  junk: "M8 2.5 14 13H2zM8 6.5v3M8 11.2v.1",
  trash: "M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5",
  all: "M2.5 4h11v8h-11zM2.5 4 8 8.5 13.5 4",
  flagged: "M4 14V2.5M4 3h8l-1.5 3L12 9H4",
  folder: "M2 4.5V12a.5.5 0 0 0 .5.5h11a.5.5 0 0 0 .5-.5V6a.5.5 0 0 0-.5-.5H8L6.5 3.5h-4a.5.5 0 0 0-.5.5z",
};

export function FolderIcon({ use }: { readonly use: SpecialUse | null }) {
  return (
    <svg className="folders-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <path
        d={PATHS[use ?? "folder"]}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.3"
        strokeLinejoin="round"
      />
    </svg>
  );
}
