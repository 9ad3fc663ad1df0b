import type { DovecotUser } from "@tagwire/dovecot";

/** The public demo account: shown on the sign-in page, so the mailbox holds nothing private. */
export const DEMO_USER: Readonly<DovecotUser> = Object.freeze({ username: "demo", password: "demo" });

/** The demo user's address and display name, as the generated mail names them. */
export const ME = { name: "Demo User", address: "demo@example.org" } as const;
