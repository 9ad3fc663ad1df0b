/**
 * The typed response model as abridged IMAP text, for trace lines: response codes, number ranges and
 * untagged data. Abridged means big or nested values (envelopes, body structures, long SEARCH
 * results, literal contents) are summarised, so a line stays short whatever the server sent.
 */
import { latin1Decode } from "../text/text.js";
import type { FetchItems, NumberRanges, ResponseCode, UntaggedData } from "../types/response.js";

/** Longest list of numbers shown before the rest is counted. */
const MAX_NUMBERS = 20;

/** `[[1, 3], [7, 7]]` → `1:3,7`. */
export function formatRanges(ranges: NumberRanges): string {
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}:${b}`)).join(",");
}

/** A response code in brackets, or "" for none. */
export function formatCode(code: ResponseCode | null): string {
  if (code === null) return "";
  switch (code.code) {
    case "CAPABILITY":
      return `[CAPABILITY ${code.capabilities.join(" ")}]`;
    case "PERMANENTFLAGS":
      return `[PERMANENTFLAGS (${code.flags.join(" ")})]`;
    case "UIDVALIDITY":
    case "UIDNEXT":
    case "UNSEEN":
    case "HIGHESTMODSEQ":
      return `[${code.code} ${code.value}]`;
    case "APPENDUID":
      return `[APPENDUID ${code.uidValidity} ${formatRanges(code.uids)}]`;
    case "COPYUID":
      return `[COPYUID ${code.uidValidity} ${formatRanges(code.source)} ${formatRanges(code.destination)}]`;
    case "MODIFIED":
      return `[MODIFIED ${formatRanges(code.set)}]`;
    case "other":
      return code.raw === null ? `[${code.name}]` : `[${code.name} ${latin1Decode(code.raw)}]`;
    default:
      return `[${code.code}]`;
  }
}

/** Non-empty parts joined by one space. */
export function joinText(...parts: string[]): string {
  return parts.filter((p) => p !== "").join(" ");
}

function numbers(list: ArrayLike<number>): string {
  const shown = Array.from({ length: Math.min(list.length, MAX_NUMBERS) }, (_, i) => list[i]);
  return list.length > MAX_NUMBERS ? `${shown.join(" ")} … (${list.length} numbers)` : shown.join(" ");
}

function fetchItems(items: FetchItems): string {
  const out: string[] = [];
  if (items.uid !== undefined) out.push(`UID ${items.uid}`);
  if (items.flags !== undefined) out.push(`FLAGS (${items.flags.join(" ")})`);
  if (items.internalDate !== undefined) out.push(`INTERNALDATE "${items.internalDate}"`);
  if (items.rfc822Size !== undefined) out.push(`RFC822.SIZE ${items.rfc822Size}`);
  if (items.modseq !== undefined) out.push(`MODSEQ (${items.modseq})`);
  if (items.envelope !== undefined) out.push("ENVELOPE (…)");
  if (items.bodyStructure !== undefined) out.push("BODYSTRUCTURE (…)");
  if (items.body !== undefined) out.push("BODY (…)");
  for (const s of items.sections ?? []) {
    const origin = s.origin === null ? "" : `<${s.origin}>`;
    const size = s.streamedSize ?? s.data?.length;
    out.push(`${s.item}[${s.section}]${origin} ${size === undefined ? "NIL" : `{${size}}`}`);
  }
  for (const b of items.binarySizes ?? []) out.push(`BINARY.SIZE[${b.section}] ${b.size}`);
  if (items.preview !== undefined) out.push("PREVIEW …");
  if (items.gmMsgId !== undefined) out.push(`X-GM-MSGID ${items.gmMsgId}`);
  if (items.gmThrId !== undefined) out.push(`X-GM-THRID ${items.gmThrId}`);
  if (items.gmLabels !== undefined) out.push(`X-GM-LABELS (${items.gmLabels.length})`);
  for (const [name] of items.other ?? []) out.push(`${name} …`);
  return out.join(" ");
}

/** An untagged data response as abridged IMAP text. */
export function describeData(data: UntaggedData): string {
  switch (data.type) {
    case "capability":
      return `* CAPABILITY ${data.capabilities.join(" ")}`;
    case "enabled":
      return `* ENABLED ${data.capabilities.join(" ")}`;
    case "id":
      return data.params === null
        ? "* ID NIL"
        : `* ID (${data.params.map(([k, v]) => `"${k}" ${v === null ? "NIL" : `"${v}"`}`).join(" ")})`;
    case "namespace":
      return `* NAMESPACE (${[data.personal, data.otherUsers, data.shared].map((n) => (n === null ? "NIL" : `${n.length}`)).join(" ")})`;
    case "list":
      return `* ${data.command} (${data.attributes.join(" ")}) ${data.delimiter === null ? "NIL" : JSON.stringify(data.delimiter)} ${JSON.stringify(data.mailbox.name)}`;
    case "mailboxStatus": {
      const items = Object.entries(data.status).map(([k, v]) => `${k.toUpperCase()} ${v}`);
      return `* STATUS ${JSON.stringify(data.mailbox.name)} (${items.join(" ")})`;
    }
    case "flags":
      return `* FLAGS (${data.flags.join(" ")})`;
    case "exists":
      return `* ${data.count} EXISTS`;
    case "recent":
      return `* ${data.count} RECENT`;
    case "expunge":
      return `* ${data.seq} EXPUNGE`;
    case "vanished":
      return `* VANISHED ${data.earlier ? "(EARLIER) " : ""}${formatRanges(data.uids)}`;
    case "search":
    case "sort":
      return joinText(
        `* ${data.type.toUpperCase()}`,
        numbers(data.numbers),
        data.modseq === null ? "" : `(MODSEQ ${data.modseq})`,
      );
    case "esearch": {
      const parts = [data.tag === null ? "" : `(TAG "${data.tag}")`, data.uid ? "UID" : ""];
      if (data.min !== undefined) parts.push(`MIN ${data.min}`);
      if (data.max !== undefined) parts.push(`MAX ${data.max}`);
      if (data.count !== undefined) parts.push(`COUNT ${data.count}`);
      if (data.all !== undefined) parts.push(`ALL ${formatRanges(data.all)}`);
      if (data.modseq !== undefined) parts.push(`MODSEQ ${data.modseq}`);
      return joinText("* ESEARCH", ...parts);
    }
    case "thread":
      return `* THREAD (${data.threads.length} threads)`;
    case "fetch":
      return `* ${data.seq} FETCH (${fetchItems(data.items)})`;
  }
}
