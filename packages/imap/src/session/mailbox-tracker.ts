/**
 * Which mailbox untagged data describes while SELECT, EXAMINE, CLOSE and UNSELECT come and go.
 *
 * Without QRESYNC or IMAP4rev2, a SELECT can only be sent once nothing else on the old mailbox is
 * running (the pipelining table sees to that), so everything after it describes the new mailbox:
 * the tracker switches when the SELECT is sent. With QRESYNC (RFC 7162 §3.2.11) or IMAP4rev2 the
 * server marks the switch with `* OK [CLOSED]`: data before it still belongs to the old mailbox. A
 * server that forgets the marker is tolerated: what arrived since the SELECT is replayed onto the
 * new mailbox when the SELECT completes.
 */
import type { ResponseCode, StatusResponse, UntaggedData } from "../types/response.js";
import {
  confirmMailbox,
  type MailboxChange,
  type MailboxState,
  openMailbox,
  reduceMailbox,
  reduceMailboxCode,
} from "./mailbox-state.js";

/** One `mailboxChanged` worth of output. */
export interface MailboxTransition {
  readonly mailbox: MailboxState | null;
  readonly changes: readonly MailboxChange[];
}

interface PendingSelect {
  readonly tag: string;
  readonly name: string;
  readonly readOnly: boolean;
  readonly buffered: (UntaggedData | StatusResponse)[];
}

export class MailboxTracker {
  #mailbox: MailboxState | null = null;
  #pending: PendingSelect | null = null;

  /** The selected (or opening) mailbox. */
  get mailbox(): MailboxState | null {
    return this.#mailbox;
  }

  /** SELECT/EXAMINE `tag` was sent; `marksSwitch` when the server will send [CLOSED]. */
  beginSelect(tag: string, name: string, readOnly: boolean, marksSwitch: boolean): MailboxTransition[] {
    if (this.#mailbox !== null && marksSwitch) {
      this.#pending = { tag, name, readOnly, buffered: [] };
      return [];
    }
    this.#pending = null;
    return [this.#open(name, readOnly)];
  }

  /**
   * `* OK [CLOSED]` arrived. Completes a pending switch; otherwise, with no SELECT in flight, the
   * server closed the mailbox by itself (RFC 9051 §3) and `closedByServer` is true.
   */
  closedCode(selectInFlight: boolean): { transitions: MailboxTransition[]; closedByServer: boolean } {
    const pending = this.#pending;
    if (pending !== null) {
      this.#pending = null;
      return { transitions: [this.#open(pending.name, pending.readOnly)], closedByServer: false };
    }
    if (selectInFlight || this.#mailbox === null) return { transitions: [], closedByServer: false };
    return { transitions: this.close(), closedByServer: true };
  }

  /** Feeds one untagged response (data or status with a code) to the reducer. */
  apply(response: UntaggedData | StatusResponse): MailboxTransition[] {
    this.#pending?.buffered.push(response);
    const mailbox = this.#mailbox;
    if (mailbox === null) return [];
    const update = reduceMailbox(mailbox, response);
    if (update === null) return [];
    this.#mailbox = update.state;
    return [{ mailbox: update.state, changes: update.changes }];
  }

  /** SELECT/EXAMINE `tag` completed; `code` is its completion's response code. */
  finishSelect(tag: string, ok: boolean, code: ResponseCode | null): MailboxTransition[] {
    const out: MailboxTransition[] = [];
    const pending = this.#pending;
    if (pending !== null && pending.tag === tag) {
      this.#pending = null;
      if (ok) {
        // The server never marked the switch: what arrived since SELECT described the new mailbox.
        out.push(this.#open(pending.name, pending.readOnly));
        for (const response of pending.buffered) out.push(...this.apply(response));
      }
    }
    // A failed SELECT leaves no mailbox selected (RFC 3501 §6.3.1).
    if (!ok) return [...out, ...this.close()];
    let mailbox = this.#mailbox;
    if (mailbox === null) return out;
    const changes: MailboxChange[] = [];
    const update = code === null ? null : reduceMailboxCode(mailbox, code);
    if (update !== null) {
      mailbox = update.state;
      changes.push(...update.changes);
    }
    const confirmed = confirmMailbox(mailbox);
    this.#mailbox = confirmed.state;
    changes.push(...confirmed.changes);
    out.push({ mailbox: confirmed.state, changes });
    return out;
  }

  /** No mailbox is selected any more (CLOSE, UNSELECT, failed SELECT). */
  close(): MailboxTransition[] {
    const previous = this.#mailbox;
    this.#mailbox = null;
    this.#pending = null;
    return previous === null ? [] : [{ mailbox: null, changes: [{ kind: "closed", name: previous.name }] }];
  }

  #open(name: string, readOnly: boolean): MailboxTransition {
    const changes: MailboxChange[] = [];
    if (this.#mailbox !== null) changes.push({ kind: "closed", name: this.#mailbox.name });
    this.#mailbox = openMailbox(name, readOnly);
    changes.push({ kind: "opened", name, readOnly });
    return { mailbox: this.#mailbox, changes };
  }
}
