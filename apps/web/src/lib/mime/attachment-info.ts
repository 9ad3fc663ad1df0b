/** What an attachment chip shows, read from the part's structure (nothing is fetched for it). */
import type { MimePart } from "../imap-client/types";
import { safeFileName } from "./file-name";

export type AttachmentKind =
  | "image"
  | "pdf"
  | "archive"
  | "message"
  | "calendar"
  | "text"
  | "audio"
  | "video"
  | "file";

export interface AttachmentInfo {
  readonly section: string;
  /** The sanitized file name, as shown and as downloaded. */
  readonly name: string;
  readonly type: string;
  /** A short type for people: "PDF", "PNG image", "Email message". */
  readonly label: string;
  readonly kind: AttachmentKind;
  /** Decoded size, estimated from the encoded size on the wire. */
  readonly size: number;
  readonly encoding: string;
}

export function attachmentInfo(part: MimePart): AttachmentInfo {
  const name = safeFileName(part.filename, part.type);
  return {
    section: part.section,
    name,
    type: part.type,
    label: typeLabel(part.type, name),
    kind: kindOf(part.type, name),
    size: decodedSize(part),
    encoding: part.encoding,
  };
}

/** base64 carries 3 bytes in 4 characters plus a line break every 76. */
export function decodedSize(part: MimePart): number {
  if (part.encoding === "base64") return Math.floor((part.size * 57) / 78);
  return part.size;
}

const ARCHIVES = /(?:zip|x-7z-compressed|x-rar|x-tar|gzip|x-gzip|x-bzip2|x-xz)$/;

function kindOf(type: string, name: string): AttachmentKind {
  if (type.startsWith("image/")) return "image";
  if (type.startsWith("audio/")) return "audio";
  if (type.startsWith("video/")) return "video";
  if (type === "application/pdf" || /\.pdf$/i.test(name)) return "pdf";
  if (type === "message/rfc822" || type === "message/global") return "message";
  if (type === "text/calendar" || type === "application/ics") return "calendar";
  if (ARCHIVES.test(type) || /\.(zip|7z|rar|tar|gz|tgz|bz2|xz)$/i.test(name)) return "archive";
  if (type.startsWith("text/")) return "text";
  return "file";
}

function typeLabel(type: string, name: string): string {
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toUpperCase();
  switch (kindOf(type, name)) {
    case "message":
      return "Email message";
    case "calendar":
      return "Invitation";
    case "pdf":
      return "PDF";
    case "image":
      return `${extension ?? type.slice(6).toUpperCase()} image`;
    default:
      return extension ?? (type === "application/octet-stream" || type === "" ? "File" : type);
  }
}
