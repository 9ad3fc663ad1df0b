/** `SORT (criteria) charset keys` (RFC 5256 §3) and `THREAD algorithm charset keys` (RFC 5256 §3). */
import { type Command, SORT_KEYS, THREAD_ALGORITHMS, type ThreadAlgorithm } from "../types/command.js";
import { invalid } from "./invalid.js";
import type { Reader } from "./reader.js";
import { searchKeys } from "./search.js";

type SortCriterion = Extract<Command, { name: "SORT" }>["criteria"][number];
const SORT_KEY_SET: ReadonlySet<string> = new Set(SORT_KEYS);

export function sortCommand(reader: Reader, uid: boolean): Command {
  const words = reader.atoms(reader.list("sort criteria")).map((a) => a.toUpperCase());
  const criteria: SortCriterion[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const reverse = word === "REVERSE";
    const key = reverse ? words[++i] : word;
    if (key === undefined || !SORT_KEY_SET.has(key))
      throw invalid(`${reader.what}: unknown sort key ${key ?? "after REVERSE"}`);
    criteria.push((reverse ? `REVERSE ${key}` : key) as SortCriterion);
  }
  const charset = reader.astring("a charset");
  return { name: "SORT", uid, criteria, charset, search: searchKeys(reader) };
}

export function threadCommand(reader: Reader, uid: boolean): Command {
  const algorithm = reader.atom("a thread algorithm").toUpperCase() as ThreadAlgorithm;
  if (!THREAD_ALGORITHMS.includes(algorithm)) {
    throw invalid(`${reader.what}: unknown thread algorithm ${algorithm}`);
  }
  const charset = reader.astring("a charset");
  return { name: "THREAD", uid, algorithm, charset, search: searchKeys(reader) };
}
