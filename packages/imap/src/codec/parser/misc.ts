/**
 * The small untagged responses: CAPABILITY (RFC 3501 §7.2.1), ENABLED (RFC 5161), ID (RFC 2971),
 * FLAGS (§7.2.6), EXISTS/RECENT/EXPUNGE (§7.3, §7.4.1) and VANISHED (RFC 7162 §3.2.10).
 */
import type {
  CapabilityResponse,
  EnabledResponse,
  FlagsResponse,
  IdResponse,
  VanishedResponse,
} from "../../types/response.js";
import { LPAREN, RPAREN } from "./chars.js";
import { flagList } from "./flags.js";
import { textString } from "./intern.js";
import type { Reader } from "./reader.js";
import { numberRanges } from "./sets.js";
import { atomList } from "./status.js";

export function capabilityResponse(r: Reader): CapabilityResponse {
  const capabilities = atomList(r, []);
  r.end();
  return { type: "capability", capabilities };
}

/** `* ENABLED` may list nothing (RFC 5161 §3.2). */
export function enabledResponse(r: Reader): EnabledResponse {
  const capabilities = atomList(r, []);
  r.end();
  return { type: "enabled", capabilities };
}

/** `* ID NIL` or `* ID ("name" "Dovecot" "version" NIL)`. */
export function idResponse(r: Reader): IdResponse {
  r.sp();
  let params: Array<readonly [string, string | null]> | null = null;
  if (!r.nil()) {
    params = [];
    r.open();
    if (r.peek() !== RPAREN) {
      do {
        const field = r.string();
        r.sp();
        const value = r.nstring();
        params.push([
          textString(field, 0, field.length),
          value === null ? null : textString(value, 0, value.length),
        ]);
      } while (r.more());
    }
    r.close();
  }
  r.end();
  return { type: "id", params };
}

export function flagsResponse(r: Reader): FlagsResponse {
  r.sp();
  const flags = flagList(r, false);
  r.end();
  return { type: "flags", flags };
}

/** `* VANISHED [(EARLIER) SP] known-uids`; no UIDs at all is the `emptyVanished` quirk (§2.53). */
export function vanishedResponse(r: Reader): VanishedResponse {
  let earlier = false;
  let hasUids = r.moreAtEnd();
  if (hasUids && r.peek() === LPAREN) {
    r.open();
    r.word("EARLIER");
    r.close();
    earlier = true;
    hasUids = r.moreAtEnd();
  }
  if (!hasUids) {
    if (!r.q.emptyVanished) r.fail();
    return { type: "vanished", earlier, uids: [] };
  }
  const uids = numberRanges(r);
  r.end();
  return { type: "vanished", earlier, uids };
}
