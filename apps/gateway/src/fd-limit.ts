/**
 * Each session holds two file descriptors (the browser's socket and the upstream's), so the process's
 * open-file limit caps sessions before `MAX_SESSIONS` does. Checked once at start-up so an operator
 * learns it from the log, not from EMFILE closes under load.
 */
import { readFileSync } from "node:fs";

/** Descriptors the process needs besides sessions (listening socket, stdio, libuv, DNS, files). */
const BASE_DESCRIPTORS = 64;

/** The soft "Max open files" limit from `/proc/self/limits` text, or null if absent/unlimited. */
export function parseOpenFileLimit(limits: string): number | null {
  const match = /^Max open files\s+(\d+|unlimited)\s/m.exec(limits);
  if (match === null || match[1] === "unlimited") return null;
  return Number(match[1]);
}

/** Descriptors needed to hold `maxSessions` sessions. */
export function descriptorsNeeded(maxSessions: number): number {
  return 2 * maxSessions + BASE_DESCRIPTORS;
}

/** A warning when the open-file limit cannot hold `maxSessions`, else null. */
export function openFileLimitWarning(maxSessions: number, limits?: string): string | null {
  let text = limits;
  if (text === undefined) {
    try {
      text = readFileSync("/proc/self/limits", "utf8");
    } catch {
      return null; // Not Linux: nothing to check.
    }
  }
  const limit = parseOpenFileLimit(text);
  const needed = descriptorsNeeded(maxSessions);
  if (limit === null || limit >= needed) return null;
  const holds = Math.max(0, Math.floor((limit - BASE_DESCRIPTORS) / 2));
  return `open-file limit ${limit} holds about ${holds} sessions, below MAX_SESSIONS=${maxSessions}: raise it to ${needed} (ulimit -n, systemd LimitNOFILE) or lower MAX_SESSIONS`;
}
