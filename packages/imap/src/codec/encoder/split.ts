/**
 * Cutting a command whose sequence set would make its line too long into several commands
 * (RFC 7162 §4: lines of at most about 8192 octets). Only commands that act on each message
 * independently are cut: FETCH, STORE, COPY, MOVE and UID EXPUNGE. SEARCH, SORT and THREAD are not
 * (their keys combine), nor is APPEND (a MULTIAPPEND is atomic).
 */
import type { Command, SequenceSet } from "../../types/command.js";
import { splitSequenceSet } from "../../types/sequence-set.js";
import type { EncoderOptions } from "../fragment.js";
import { encodeCommand } from "./encode-command.js";
import { MAX_COMMAND_LINE_OCTETS } from "./limits.js";

/** Tag length assumed when the tag is not known yet; generous, costs at most a few dozen octets. */
const DEFAULT_TAG_LENGTH = 32;

function withSet(command: Command, set: SequenceSet): Command {
  switch (command.name) {
    case "FETCH":
    case "STORE":
    case "COPY":
    case "MOVE":
      return { ...command, set };
    case "EXPUNGE":
      return { ...command, uids: set };
    default:
      return command;
  }
}

function setOf(command: Command): SequenceSet | undefined {
  switch (command.name) {
    case "FETCH":
    case "STORE":
    case "COPY":
    case "MOVE":
      return command.set;
    case "EXPUNGE":
      return command.uids;
    default:
      return undefined;
  }
}

/**
 * Returns the command itself when it fits, else one command per piece of its sequence set, each of
 * which encodes within `MAX_COMMAND_LINE_OCTETS` with a tag of up to `tagLength` characters. Throws
 * what `encodeCommand` throws for invalid arguments.
 */
export function splitLongCommand(
  command: Command,
  options: EncoderOptions,
  tagLength: number = DEFAULT_TAG_LENGTH,
): Command[] {
  const set = setOf(command);
  if (set === undefined) return [command];
  // Measure everything but the set: the same command with a one-character set.
  const probe = encodeCommand("T".repeat(Math.max(1, tagLength)), withSet(command, 1), options);
  let overhead = -1;
  for (const fragment of probe.fragments) if (fragment.kind === "line") overhead += fragment.bytes.length;
  const pieces = splitSequenceSet(set, MAX_COMMAND_LINE_OCTETS - overhead);
  return pieces.length === 1 ? [command] : pieces.map((piece) => withSet(command, piece));
}
