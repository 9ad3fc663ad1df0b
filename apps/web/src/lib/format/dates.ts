/** Dates as a mail list shows them: the time today, the weekday within the last week, else the date. */

const DAY_MS = 86_400_000;

const time = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: "short" });
const dayMonth = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const dayMonthYear = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short" });

export function shortDate(ms: number, now: number = Date.now()): string {
  if (!Number.isFinite(ms) || ms <= 0) return "";
  const date = new Date(ms);
  const today = new Date(now);
  if (sameDay(date, today)) return time.format(date);
  const startOfToday = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  if (ms >= startOfToday - 6 * DAY_MS && ms < startOfToday) return weekday.format(date);
  if (date.getFullYear() === today.getFullYear()) return dayMonth.format(date);
  return dayMonthYear.format(date);
}

export function fullDate(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? full.format(new Date(ms)) : "";
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}
