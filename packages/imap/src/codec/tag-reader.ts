/** Reading a tag from the first octets of a response that did not parse or was rejected. */
import { C_TAG, CLASS, SP } from "./parser/chars.js";

/** Longest tag read from a response's head. */
export const MAX_TAG_LENGTH = 64;

/**
 * The tag at the start of `head` (the octets before the first SP), or null for `*`, `+`, an empty
 * head or octets that cannot form a tag (`C_TAG`: RFC 3501 §9 `tag`, ASTRING-CHAR except `+`).
 */
export function readTag(head: Uint8Array): string | null {
  const end = Math.min(head.length, MAX_TAG_LENGTH + 1);
  let tag = "";
  for (let i = 0; i < end; i++) {
    const c = head[i] as number;
    if (c === SP) return tag === "" ? null : tag;
    if (((CLASS[c] as number) & C_TAG) === 0) return null;
    tag += String.fromCharCode(c);
  }
  return null;
}
