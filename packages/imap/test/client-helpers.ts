/** Helpers shared by the client's tests. */
import type { MemoryTransport } from "../src/client/memory-transport.js";
import { ImapError } from "../src/errors.js";

/** Lets scheduled flushes (microtasks) and promise continuations run. */
export async function tick(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** The lines written to `transport` since the last call, without CRLF. */
export function writtenLines(transport: MemoryTransport): string[] {
  const text = transport.written();
  transport.writes.length = 0;
  return text.split("\r\n").filter((line) => line !== "");
}

/** The code `promise` rejects with, or undefined when it resolves. */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof ImapError ? error.code : String(error);
  }
}
