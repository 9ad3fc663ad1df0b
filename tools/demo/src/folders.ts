/** The demo mailbox's folders (IMAP names, `/` as the hierarchy separator). */
export const FOLDERS = {
  inbox: "INBOX",
  sent: "Sent",
  drafts: "Drafts",
  archive: "Archive",
  junk: "Junk",
  trash: "Trash",
  tagwire: "Projects/Tagwire",
  design: "Projects/Tagwire/Design",
  travel: "Reisen/Übersee",
  bulk: "Lists/Bulk",
} as const;

/** How many generated messages the bulk folder holds. */
export const BULK_COUNT = 2500;
