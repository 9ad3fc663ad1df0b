/** IMAP date formats (RFC 3501 §9 `date`, `date-time`), always in UTC. */
import { ImapLocalError } from "../../errors.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

function checkDate(date: Date): void {
  const year = date instanceof Date ? date.getUTCFullYear() : Number.NaN;
  // date-year is 4DIGIT; NaN (an invalid Date) fails this too.
  if (!(year >= 0 && year <= 9999)) {
    throw new ImapLocalError("IMAP_ERR_INVALID_ARGUMENT", "date is invalid or outside years 0000-9999");
  }
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** Search date `d-Mon-yyyy` of the UTC day (RFC 3501 `date-text`), e.g. `5-Jan-2024`. */
export function formatSearchDate(date: Date): string {
  checkDate(date);
  return `${date.getUTCDate()}-${MONTHS[date.getUTCMonth()]}-${pad(date.getUTCFullYear(), 4)}`;
}

/** APPEND date-time `"dd-Mon-yyyy hh:mm:ss +0000"` (quotes included), in UTC. */
export function formatDateTime(date: Date): string {
  checkDate(date);
  const day = `${pad(date.getUTCDate(), 2)}-${MONTHS[date.getUTCMonth()]}-${pad(date.getUTCFullYear(), 4)}`;
  const time = `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
  return `"${day} ${time} +0000"`;
}
