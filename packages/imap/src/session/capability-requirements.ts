/**
 * Which capability a command needs before it may be sent (PROTOCOL.md: code to capabilities, never
 * to one server). A command the server did not advertise is refused locally with
 * IMAP_ERR_NOT_SUPPORTED instead of being sent to earn a `BAD`; callers that want a fallback (MOVE
 * as COPY + STORE + UID EXPUNGE, NOOP polling instead of IDLE) ask `hasCapability` first.
 *
 * Each requirement is a list of capabilities of which the server must offer one. IMAP4rev2
 * (RFC 9051) folds many extensions into the base protocol, so it satisfies those it includes.
 */
import type { Command, FetchAttribute, SearchKey, SortKey } from "../types/command.js";
import type { CapabilitySet } from "./capabilities.js";
import { COMMAND_TRAITS } from "./command-traits.js";

const REV2 = "IMAP4REV2";

/** Search keys walked without recursion: whether any needs CONDSTORE (MODSEQ). */
function searchNeedsCondstore(keys: readonly SearchKey[]): boolean {
  const stack: SearchKey[] = [...keys];
  for (let key = stack.pop(); key !== undefined; key = stack.pop()) {
    if (key.key === "MODSEQ") return true;
    if (key.key === "NOT") stack.push(key.operand);
    else if (key.key === "OR") stack.push(key.left, key.right);
    else if (key.key === "AND") stack.push(...key.operands);
  }
  return false;
}

function fetchRequirements(attributes: readonly FetchAttribute[], out: string[][]): void {
  for (const a of attributes) {
    if (typeof a === "object") {
      if (a.item !== "BODY") out.push(["BINARY", REV2]);
    } else if (a === "MODSEQ") out.push(["CONDSTORE"]);
    else if (a === "PREVIEW") out.push(["PREVIEW"]);
    else if (a.startsWith("X-GM-")) out.push(["X-GM-EXT-1"]);
  }
}

function sortKeyName(criterion: SortKey | `REVERSE ${SortKey}`): SortKey {
  return (criterion.startsWith("REVERSE ") ? criterion.slice(8) : criterion) as SortKey;
}

/**
 * SAVE needs SEARCHRES (RFC 5182, in IMAP4rev2); PARTIAL needs CONTEXT=SEARCH or CONTEXT=SORT (RFC
 * 5267 §4.4) or PARTIAL (RFC 9394), and negative positions PARTIAL itself.
 */
function returnRequirements(
  command: { readonly return?: readonly string[]; readonly partial?: readonly [number, number] },
  out: string[][],
): void {
  if (command.return?.includes("SAVE") === true) out.push(["SEARCHRES", REV2]);
  if (command.partial === undefined) return;
  out.push(command.partial[0] < 0 ? ["PARTIAL"] : ["CONTEXT=SEARCH", "CONTEXT=SORT", "PARTIAL"]);
}

/** Every requirement of `command`: static (the table's `requires`) and from its arguments. */
export function capabilityRequirements(command: Command): string[][] {
  const out: string[][] = [];
  const fixed = COMMAND_TRAITS[command.name].requires;
  if (fixed.length > 0) out.push([...fixed]);
  switch (command.name) {
    case "AUTHENTICATE":
      out.push([`AUTH=${command.mechanism}`]);
      break;
    case "EXPUNGE":
      if (command.uids !== undefined) out.push(["UIDPLUS", REV2]);
      break;
    case "SEARCH":
      if (command.return !== undefined || command.partial !== undefined) out.push(["ESEARCH", REV2]);
      returnRequirements(command, out);
      if (searchNeedsCondstore(command.criteria)) out.push(["CONDSTORE"]);
      break;
    case "SORT":
      if (command.criteria.some((c) => sortKeyName(c).startsWith("DISPLAY"))) out.push(["SORT=DISPLAY"]);
      if (command.return !== undefined || command.partial !== undefined) out.push(["ESORT"]);
      returnRequirements(command, out);
      if (searchNeedsCondstore(command.search)) out.push(["CONDSTORE"]);
      break;
    case "THREAD":
      out.push([`THREAD=${command.algorithm}`]);
      if (searchNeedsCondstore(command.search)) out.push(["CONDSTORE"]);
      break;
    case "LIST":
      if (
        command.selectOptions !== undefined ||
        command.returnSubscribed === true ||
        command.returnChildren === true ||
        command.patterns.length > 1
      ) {
        out.push(["LIST-EXTENDED", REV2]);
      }
      if (command.returnSpecialUse === true) out.push(["SPECIAL-USE", REV2]);
      if (command.returnStatus !== undefined) out.push(["LIST-STATUS", REV2]);
      break;
    case "STATUS":
      if (command.items.includes("HIGHESTMODSEQ")) out.push(["CONDSTORE"]);
      if (command.items.includes("SIZE")) out.push(["STATUS=SIZE", REV2]);
      break;
    case "CREATE":
      if (command.specialUse !== undefined) out.push(["CREATE-SPECIAL-USE"]);
      break;
    case "SELECT":
    case "EXAMINE":
      if (command.condstore === true) out.push(["CONDSTORE"]);
      if (command.qresync !== undefined) out.push(["QRESYNC"]);
      break;
    case "FETCH":
      fetchRequirements(command.attributes, out);
      if (command.changedSince !== undefined) out.push(["CONDSTORE"]);
      if (command.vanished === true) out.push(["QRESYNC"]);
      break;
    case "STORE":
      if (command.unchangedSince !== undefined) out.push(["CONDSTORE"]);
      break;
    case "APPEND":
      if (command.messages.length > 1) out.push(["MULTIAPPEND"]);
      break;
    default:
      break;
  }
  return out;
}

/**
 * Why `command` cannot be sent to a server with `caps`, or null when it can: the first requirement
 * none of whose capabilities is offered, or LOGIN where the server says LOGINDISABLED.
 */
export function unsupportedReason(command: Command, caps: CapabilitySet): string | null {
  if (command.name === "LOGIN" && caps.has("LOGINDISABLED")) {
    return "the server refuses LOGIN here (LOGINDISABLED)";
  }
  for (const anyOf of capabilityRequirements(command)) {
    if (!anyOf.some((name) => caps.has(name))) {
      return `${command.name} needs ${anyOf.filter((name) => name !== REV2).join(" or ")}, which the server does not offer`;
    }
  }
  return null;
}
