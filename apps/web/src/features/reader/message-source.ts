/** What the reading pane needs from the mail connection (a `MailSession` has all three). */
export interface MessageSource {
  /** `BODY.PEEK[spec]` for each spec, in one UID FETCH; a spec the server sent NIL for is absent. */
  fetchBodies(
    uid: number,
    specs: readonly string[],
    options?: { signal?: AbortSignal },
  ): Promise<Map<string, Uint8Array>>;
  /** One part's content as it arrives; `decoded: false` means the transfer encoding is still on. */
  streamBody(
    uid: number,
    section: string,
    onChunk: (bytes: Uint8Array) => void,
    options?: { signal?: AbortSignal },
  ): Promise<{ decoded: boolean }>;
  markSeen(uid: number): Promise<void>;
}
