/** The session's record of one command, from `send` to its completion. */
import type { EncodedCommand } from "../codec/fragment.js";
import type { Command } from "../types/command.js";
import type { UntaggedData } from "../types/response.js";
import type { CapabilitySet } from "./capabilities.js";
import type { FetchWants } from "./fetch-wants.js";
import type { MessageScope } from "./message-set.js";
import type { PipeliningProfile } from "./pipelining.js";

export interface IdleProgress {
  /** The server's `+` arrived: the server is idling. */
  continued: boolean;
  doneRequested: boolean;
  doneWritten: boolean;
}

export interface Entry {
  readonly tag: string;
  /** The command; replaced once by `prepare`'s result when capabilities become known. */
  command: Command;
  /** Chooses the final command from the capabilities (see `SendOptions.prepare`); null once applied. */
  prepare: ((capabilities: CapabilitySet) => Command) | null;
  readonly internal: boolean;
  /** It needs a capability the server must offer (checked before it goes out). */
  readonly needsCapabilities: boolean;
  collect: boolean;
  readonly queuedAt: number;
  encoded: EncodedCommand;
  encodedKey: string;
  sentAt: number;
  profile: PipeliningProfile | null;
  /** Messages a FETCH/STORE addresses, for routing FETCH responses. */
  routeScope: MessageScope | null;
  /** Items a FETCH/STORE asked for, for routing FETCH responses. */
  wants: FetchWants | null;
  /** Streamed bodies it received (see `routing.ts`). */
  readonly streamed: Set<string>;
  /** FETCH items it received, by message and item (see `routing.ts`). */
  readonly received: Set<string>;
  fragmentIndex: number;
  fragmentOffset: number;
  /** `+` arrived for the fragment at `fragmentIndex`. */
  granted: boolean;
  written: boolean;
  /** LOGIN/AUTHENTICATE: the server announced capabilities while it ran or on its completion. */
  capabilitiesAnnounced: boolean;
  /** Cancelled after it was sent: its outcome was reported; its late reply is consumed quietly. */
  cancelled: boolean;
  readonly data: UntaggedData[];
  readonly idle: IdleProgress | null;
}

export function createEntry(fields: {
  readonly tag: string;
  readonly command: Command;
  readonly prepare: ((capabilities: CapabilitySet) => Command) | null;
  readonly internal: boolean;
  readonly needsCapabilities: boolean;
  readonly collect: boolean;
  readonly now: number;
  readonly encoded: EncodedCommand;
  readonly encodedKey: string;
}): Entry {
  return {
    tag: fields.tag,
    command: fields.command,
    prepare: fields.prepare,
    internal: fields.internal,
    needsCapabilities: fields.needsCapabilities,
    collect: fields.collect,
    queuedAt: fields.now,
    encoded: fields.encoded,
    encodedKey: fields.encodedKey,
    sentAt: fields.now,
    profile: null,
    routeScope: null,
    wants: null,
    streamed: new Set(),
    received: new Set(),
    fragmentIndex: 0,
    fragmentOffset: 0,
    granted: false,
    written: false,
    capabilitiesAnnounced: false,
    cancelled: false,
    data: [],
    idle:
      fields.command.name === "IDLE" ? { continued: false, doneRequested: false, doneWritten: false } : null,
  };
}
