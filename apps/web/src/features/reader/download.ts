/**
 * Attachment downloads (W6): the part streamed into Blob chunks, its transfer encoding removed here
 * when the server could not (no BINARY), and handed to the browser as `application/octet-stream`
 * under a sanitized name, so an .html or .svg attachment is saved, never rendered in the app's origin.
 */

import type { MimePart } from "../../lib/imap-client/types";
import { decoderFor } from "../../lib/mime/stream-decoders";
import type { MessageSource } from "./message-source";

export const DOWNLOAD_TYPE = "application/octet-stream";

export async function fetchAttachment(
  source: MessageSource,
  uid: number,
  part: MimePart,
  signal?: AbortSignal,
): Promise<Blob> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const { decoded } = await source.streamBody(
    uid,
    part.section,
    (bytes) => chunks.push(bytes as Uint8Array<ArrayBuffer>),
    signal === undefined ? {} : { signal },
  );
  if (decoded) return new Blob(chunks, { type: DOWNLOAD_TYPE });
  // Decoded chunk by chunk, each raw chunk let go as soon as it is done.
  const decoder = decoderFor(part.encoding);
  const out: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < chunks.length; i++) {
    out.push(decoder.push(chunks[i] as Uint8Array) as Uint8Array<ArrayBuffer>);
    chunks[i] = new Uint8Array(0);
  }
  out.push(decoder.end() as Uint8Array<ArrayBuffer>);
  return new Blob(out, { type: DOWNLOAD_TYPE });
}

/** Saves a blob under `name` through a temporary `<a download>`; the URL is revoked afterwards. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.rel = "noopener";
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by the next task; a minute is ample for slow disks.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
