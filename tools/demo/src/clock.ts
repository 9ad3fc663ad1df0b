const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A time `days`, `hours` and `minutes` before `now`, on a whole second. */
export function before(now: Date, days: number, hours = 0, minutes = 0): Date {
  const time = now.getTime() - days * DAY - hours * HOUR - minutes * MINUTE;
  return new Date(Math.floor(time / 1000) * 1000);
}

/** RFC 5322 date in UTC (`Tue, 04 Mar 2025 09:15:00 +0000`). */
export function rfc5322Date(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${time} +0000`;
}
