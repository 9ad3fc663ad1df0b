/*
 * The repository's fixture mail: `fixtures/manifest.json` names the users, extra (empty) mailboxes per user
 * and, for each message, its owner, mailbox, flags and `.eml` file under `fixtures/mail/`. One file may be
 * seeded in several mailboxes (a thread lives in the sender's Sent and the recipients' INBOX).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DovecotUser, SeedMessage } from "./types.js";

/** Absolute path of the fixtures folder. */
export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/", import.meta.url));

interface ManifestMessage {
  user: string;
  mailbox: string;
  file: string;
  flags?: string[];
}

/** The parsed `fixtures/manifest.json`. */
export interface FixtureManifest {
  users: DovecotUser[];
  /** Mailboxes to create for a user even when empty. */
  mailboxes: Record<string, string[]>;
  messages: ManifestMessage[];
}

let manifest: Promise<FixtureManifest> | undefined;

function fail(detail: string): never {
  throw new Error(`fixtures/manifest.json: ${detail}`);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function validate(data: unknown): FixtureManifest {
  if (typeof data !== "object" || data === null) fail("not an object");
  const { users, mailboxes, messages } = data as Record<string, unknown>;
  if (!Array.isArray(users)) fail("users must be an array");
  for (const user of users as unknown[]) {
    const { username, password } = (user ?? {}) as Record<string, unknown>;
    if (typeof username !== "string" || typeof password !== "string")
      fail("each user needs username and password");
  }
  if (typeof mailboxes !== "object" || mailboxes === null) fail("mailboxes must be an object");
  for (const list of Object.values(mailboxes))
    if (!isStringArray(list)) fail("mailboxes values must be string arrays");
  if (!Array.isArray(messages)) fail("messages must be an array");
  for (const message of messages as unknown[]) {
    const { user, mailbox, file, flags } = (message ?? {}) as Record<string, unknown>;
    if (typeof user !== "string" || typeof mailbox !== "string" || typeof file !== "string") {
      fail("each message needs user, mailbox and file");
    }
    if (flags !== undefined && !isStringArray(flags)) fail(`flags of ${file} must be a string array`);
  }
  return data as FixtureManifest;
}

/** Read (once) and check the fixture manifest. */
export function loadFixtureManifest(): Promise<FixtureManifest> {
  manifest ??= readFile(join(FIXTURES_DIR, "manifest.json"), "utf8")
    .then((text) => validate(JSON.parse(text)))
    .catch((error: unknown) => {
      manifest = undefined;
      throw error;
    });
  return manifest;
}

/** The fixture users (alice and bob) with their passwords. */
export async function fixtureUsers(): Promise<DovecotUser[]> {
  const { users } = await loadFixtureManifest();
  return users.map((user) => ({ ...user }));
}

/** Extra empty mailboxes the fixtures create, per user. */
export async function fixtureMailboxes(): Promise<Record<string, string[]>> {
  const { mailboxes } = await loadFixtureManifest();
  return Object.fromEntries(Object.entries(mailboxes).map(([user, list]) => [user, [...list]]));
}

/**
 * Every fixture message with its bytes, in manifest order. Tests use it to derive expected counts
 * (e.g. alice's INBOX) instead of hard-coding them.
 */
export async function fixtureMessages(): Promise<SeedMessage[]> {
  const { messages } = await loadFixtureManifest();
  const files = new Map<string, Promise<Buffer>>();
  const read = (file: string): Promise<Buffer> => {
    let bytes = files.get(file);
    if (bytes === undefined) {
      bytes = readFile(join(FIXTURES_DIR, "mail", file));
      files.set(file, bytes);
    }
    return bytes;
  };
  return Promise.all(
    messages.map(async (entry) => ({
      username: entry.user,
      mailbox: entry.mailbox,
      message: await read(entry.file),
      flags: entry.flags ?? [],
    })),
  );
}
