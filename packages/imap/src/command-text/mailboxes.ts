/** LIST (RFC 5258 / 5819 / 6154), SELECT and EXAMINE (RFC 7162 CONDSTORE, QRESYNC), CREATE, STATUS. */
import { type Command, STATUS_ITEMS, type StatusItem } from "../types/command.js";
import { invalid } from "./invalid.js";
import { Reader } from "./reader.js";
import type { Token } from "./tokenize.js";

function statusItems(reader: Reader, items: readonly Token[]): StatusItem[] {
  return reader.atoms(items).map((a) => {
    const item = a.toUpperCase() as StatusItem;
    if (!(STATUS_ITEMS as readonly string[]).includes(item))
      throw invalid(`${reader.what}: unknown status item ${a}`);
    return item;
  });
}

export function listCommand(reader: Reader): Command {
  const selectOptions =
    reader.peek()?.kind === "list" ? reader.atoms(reader.list("selection options")) : undefined;
  const reference = reader.astring("a reference");
  const pattern = reader.next("a mailbox pattern");
  const patterns = pattern.kind === "list" ? reader.atoms(pattern.items) : [pattern.value];
  let returnSpecialUse = false;
  let returnSubscribed = false;
  let returnChildren = false;
  let returnStatus: StatusItem[] | undefined;
  if (reader.keyword("RETURN")) {
    const options = new Reader(reader.list("RETURN options"), reader.what);
    while (!options.done) {
      const option = options.atom("a RETURN option").toUpperCase();
      if (option === "SPECIAL-USE") returnSpecialUse = true;
      else if (option === "SUBSCRIBED") returnSubscribed = true;
      else if (option === "CHILDREN") returnChildren = true;
      else if (option === "STATUS") returnStatus = statusItems(reader, options.list("status items"));
      else throw invalid(`${reader.what}: unknown RETURN option ${option}`);
    }
  }
  reader.end();
  return {
    name: "LIST",
    reference,
    patterns,
    ...(selectOptions === undefined ? {} : { selectOptions }),
    ...(returnSpecialUse ? { returnSpecialUse } : {}),
    ...(returnSubscribed ? { returnSubscribed } : {}),
    ...(returnChildren ? { returnChildren } : {}),
    ...(returnStatus === undefined ? {} : { returnStatus }),
  };
}

export function selectCommand(reader: Reader, name: "SELECT" | "EXAMINE"): Command {
  const mailbox = reader.astring("a mailbox");
  let condstore = false;
  let qresync: { uidValidity: number; modseq: bigint; knownUids?: string } | undefined;
  if (!reader.done) {
    const params = new Reader(reader.list("select parameters"), reader.what);
    while (!params.done) {
      const param = params.atom("a select parameter").toUpperCase();
      if (param === "CONDSTORE") condstore = true;
      else if (param === "QRESYNC") {
        const args = new Reader(params.list("QRESYNC parameters"), reader.what);
        const uidValidity = args.number("UIDVALIDITY");
        const modseq = args.bigint("a mod-sequence");
        const knownUids = args.done ? undefined : args.sequenceSet();
        args.end();
        qresync = { uidValidity, modseq, ...(knownUids === undefined ? {} : { knownUids }) };
      } else throw invalid(`${reader.what}: unknown select parameter ${param}`);
    }
  }
  reader.end();
  return {
    name,
    mailbox,
    ...(condstore ? { condstore } : {}),
    ...(qresync === undefined ? {} : { qresync }),
  };
}

export function createCommand(reader: Reader): Command {
  const mailbox = reader.astring("a mailbox");
  if (reader.done) return { name: "CREATE", mailbox };
  const params = new Reader(reader.list("CREATE parameters"), reader.what);
  if (params.atom("USE").toUpperCase() !== "USE") throw invalid(`${reader.what}: the only parameter is USE`);
  const specialUse = reader.atoms(params.list("special-use attributes"));
  params.end();
  reader.end();
  return { name: "CREATE", mailbox, specialUse };
}

export function statusCommand(reader: Reader): Command {
  const mailbox = reader.astring("a mailbox");
  const items = statusItems(reader, reader.list("status items"));
  reader.end();
  return { name: "STATUS", mailbox, items };
}
