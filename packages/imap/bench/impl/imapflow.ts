/**
 * imapflow's own framing and parser, driven the way an `ImapFlow` connection drives them: the
 * socket's chunks are written into its `ImapStream` transform (which splits lines and collects
 * literals), a reader loop takes each framed response on `readable`, awaits the `parser` on its
 * payload and literals, then releases the item so the stream goes on; both loops yield to the
 * event loop every 10 items as imapflow does. Used only by the benchmark, as the baseline.
 */
import { once } from "node:events";
import { setImmediate as nextTurn } from "node:timers/promises";
import { parser } from "imapflow/lib/handler/imap-handler.js";
import { ImapStream } from "imapflow/lib/handler/imap-stream.js";
import type { ImapResponse } from "imapflow/lib/handler/types.js";

interface StreamItem {
  payload: Buffer;
  literals: Buffer[];
  next: () => void;
}

const silent = (): void => {};
/** imapflow's logger interface, muted: a connection without logRaw logs nothing per response either. */
const logger = { trace: silent, debug: silent, info: silent, warn: silent, error: silent, fatal: silent };

/** Buffer views of the benchmark chunks: the same bytes, no copy (imapflow needs Buffer methods). */
export function asBuffers(chunks: readonly Uint8Array[]): Buffer[] {
  return chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength));
}

/**
 * Feeds `chunks` through `ImapStream` + `parser` and calls `onResponse` for every parsed
 * response, in order. Resolves once the stream has ended and every response was handled.
 */
export async function runImapflow(
  chunks: readonly Buffer[],
  onResponse: (response: ImapResponse) => void | Promise<void>,
): Promise<void> {
  const stream = new ImapStream({ logger });
  let failure: unknown = null;
  let reading = false;
  const reader = async (): Promise<void> => {
    let processed = 0;
    for (
      let item = stream.read() as StreamItem | null;
      item !== null;
      item = stream.read() as StreamItem | null
    ) {
      try {
        await onResponse(await parser(item.payload, { literals: item.literals }));
      } catch (err) {
        failure ??= err;
      } finally {
        item.next();
      }
      if (++processed % 10 === 0) await nextTurn();
    }
  };
  const onReadable = (): void => {
    if (reading) return;
    reading = true;
    reader().finally(() => {
      reading = false;
      if (!stream.destroyed && stream.readableLength > 0) onReadable();
    });
  };
  stream.on("readable", onReadable);
  const ended = once(stream, "end");
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, "drain");
  }
  stream.end();
  await ended;
  if (failure !== null) throw failure;
}
