/**
 * One text line per wire event of a session, for `tagwire-imap run`:
 *
 *   +   12.345ms  QZK3     C: UID FETCH 1:* (FLAGS)  (29 B)
 *   +   14.020ms  *        S: * 1 FETCH (UID 1 FLAGS (\Seen))  (38 B) -> QZK3
 *   +   14.101ms  QZK3     S: QZK3 OK Fetch completed.  (35 B) rtt 1.756ms
 *
 * Commands appear as the encoder's redacted trace text (passwords and SASL data are `***`), so no
 * credential can reach the output. Server responses are re-rendered from the typed model, abridged.
 */
import type { SessionEvent } from "../src/session/events.js";
import type { FetchItems, NumberRanges, ResponseCode, UntaggedData } from "../src/types/response.js";

/** Longest rendered text before it is cut with an ellipsis. */
export const MAX_TRACE_TEXT = 300;

const latin1 = new TextDecoder("latin1");

function clip(text: string): string {
  return text.length > MAX_TRACE_TEXT ? `${text.slice(0, MAX_TRACE_TEXT - 1)}…` : text;
}

export function formatRanges(ranges: NumberRanges): string {
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}:${b}`)).join(",");
}

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
      return `[${code.code} ${code.value}]`;
    case "HIGHESTMODSEQ":
      return `[HIGHESTMODSEQ ${code.value}]`;
    case "APPENDUID":
      return `[APPENDUID ${code.uidValidity} ${formatRanges(code.uids)}]`;
    case "COPYUID":
      return `[COPYUID ${code.uidValidity} ${formatRanges(code.source)} ${formatRanges(code.destination)}]`;
    case "MODIFIED":
      return `[MODIFIED ${formatRanges(code.set)}]`;
    case "other":
      return code.raw === null ? `[${code.name}]` : `[${code.name} ${latin1.decode(code.raw)}]`;
    default:
      return `[${code.code}]`;
  }
}

function joinText(...parts: string[]): string {
  return parts.filter((p) => p !== "").join(" ");
}

function numbers(list: ArrayLike<number>, max = 20): string {
  const shown = Array.from({ length: Math.min(list.length, max) }, (_, i) => list[i]);
  return list.length > max ? `${shown.join(" ")} … (${list.length} numbers)` : shown.join(" ");
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

/** Formats one session event as a trace line, or null for events that are not on the wire. */
export function formatTraceEvent(event: SessionEvent, start: number): string | null {
  const line = (
    tag: string,
    direction: "C" | "S" | "!" | "-",
    text: string,
    bytes: number | null,
    suffix = "",
  ): string => {
    const ms = `+${(event.at - start).toFixed(3).padStart(10)}ms`;
    const size = bytes === null ? "" : `  (${bytes} B)`;
    return `${ms}  ${tag.padEnd(8)} ${direction}: ${clip(text)}${size}${suffix === "" ? "" : ` ${suffix}`}`;
  };
  switch (event.type) {
    case "greetingReceived":
      return line(
        "*",
        "S",
        joinText(`* ${event.condition}`, formatCode(event.code), event.text),
        event.bytes,
      );
    case "commandSent":
      return line(event.tag, "C", event.text, event.bytes, event.internal ? "(internal)" : "");
    case "continuationRequested":
      return line(
        "+",
        "S",
        joinText("+", formatCode(event.code), event.text),
        event.bytes,
        `-> ${event.tag}`,
      );
    case "continuationSent": {
      const text = { literal: "<literal>", line: "<continuation line>", done: "DONE", cancel: "* (cancel)" }[
        event.kind
      ];
      return line(event.tag, "C", text, event.bytes);
    }
    case "untaggedReceived":
      return line(
        "*",
        "S",
        describeData(event.data),
        event.bytes,
        event.tags.length === 0 ? "" : `-> ${event.tags.join(",")}`,
      );
    case "statusReceived": {
      const s = event.status;
      return line("*", "S", joinText(`* ${s.condition}`, formatCode(s.code), s.text), event.bytes);
    }
    case "bodyStarted": {
      const origin = event.origin === null ? "" : `<${event.origin}>`;
      return line(
        "*",
        "S",
        `* ${event.seq} FETCH ${event.item}[${event.section}]${origin} {${event.size}} streaming`,
        null,
        event.tag === null ? "" : `-> ${event.tag}`,
      );
    }
    case "bodyEnded":
      return line("*", "S", "(end of streamed body)", null, event.tag === null ? "" : `-> ${event.tag}`);
    case "commandCompleted":
      return line(
        event.tag,
        "S",
        joinText(
          event.inferred ? "(no tagged response)" : `${event.tag} ${event.status}`,
          formatCode(event.code),
          event.text,
        ),
        event.bytes,
        `rtt ${(event.at - event.sentAt).toFixed(3)}ms`,
      );
    case "commandFailed":
      return line(event.tag, "!", `${event.name} failed: ${event.error.code} ${event.error.message}`, null);
    case "responseRejected":
      return line(event.tag ?? "?", "!", `response rejected: ${event.code} ${event.message}`, event.bytes);
    case "sessionClosed":
      return line(
        "-",
        "-",
        `session closed (${event.reason})${event.error === null ? "" : `: ${event.error.code} ${event.error.message}`}`,
        null,
      );
    default:
      return null;
  }
}
