/*
 * Generated bulk mail for large-mailbox demos and benchmarks. A seeded PRNG (mulberry32) drives every
 * choice, so a given seed and count always produce the same bytes: realistic senders, subjects, dates
 * going back from a fixed instant, plain and multipart/alternative bodies, a few attachments and
 * non-ASCII subjects, reply chains with In-Reply-To/References, and a mix of flags (older mail mostly read).
 */
import type { SeedMessage } from "./types.js";

/** Newest generated message; older ones step back from here. */
const NEWEST = Date.UTC(2024, 5, 28, 16, 30, 0);

const PEOPLE: ReadonlyArray<readonly [string, string]> = [
  ["Carol Nguyen", "carol@example.net"],
  ["Dave Okafor", "dave@example.com"],
  ["Bob Builder", "bob@example.org"],
  ["Priya Raman", "priya.raman@example.com"],
  ["Lars Eriksson", "lars@example.net"],
  ["Mei Chen", "mei.chen@example.org"],
  ["Tomás Ortega", "tomas@example.com"],
  ["Fatima Zahra", "fzahra@example.net"],
  ["GitLab", "gitlab@ci.example.com"],
  ["Calendar", "calendar-noreply@example.org"],
  ["Travel Desk", "travel@example.com"],
  ["The Weekly Byte", "digest@news.example.com"],
];

const TOPICS = [
  "budget review",
  "on-call handover",
  "design doc feedback",
  "hiring loop",
  "customer escalation",
  "sprint planning",
  "Q3 roadmap",
  "incident postmortem",
  "vendor contract",
  "team offsite",
  "security audit",
  "API deprecation",
  "database migration",
  "release notes",
  "conference talk",
  "onboarding checklist",
];

const SUBJECT_FORMS = [
  (t: string) => `Quick question about the ${t}`,
  (t: string) => `Notes from today's ${t}`,
  (t: string) => `Agenda: ${t}`,
  (t: string) => `Follow-up on the ${t}`,
  (t: string) => `Draft ${t} attached`,
  (t: string) => `[action needed] ${t}`,
  (t: string) => `Can we move the ${t}?`,
  (t: string) => `Update on ${t}`,
];

const NON_ASCII_SUBJECTS = [
  "Réunion de suivi — budget",
  "Grüße vom Team: Übergabe",
  "会議のお知らせ",
  "¿Nos vemos el jueves?",
  "Отчёт за неделю",
  "🚀 Launch checklist",
];

const SENTENCES = [
  "I went through the numbers again and they look consistent with last month.",
  "Could you take a look before the end of the week?",
  "The main open point is still the timeline for the second phase.",
  "We agreed to revisit this after the customer call on Tuesday.",
  "Attached are the figures we discussed, with the corrections from Finance.",
  "Let me know if anything is unclear or if you want to go through it together.",
  "The team is on track, but we could use one more reviewer.",
  "I have added the action items to the tracker.",
  "Nothing blocking on our side at the moment.",
  "This supersedes the version I sent yesterday.",
  "Happy to discuss in the next sync if that is easier.",
  "The dashboard now shows the new metrics as well.",
  "We should probably loop in legal before signing anything.",
  "Thanks again for the quick turnaround on this.",
];

/** mulberry32: a small, fast PRNG with good enough distribution for test data. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** RFC 5322 date in UTC. */
export function rfc5322Date(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function encodedWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, "utf8").toString("base64")}?=`;
}

function wrap(text: string, width = 72): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line.length > 0 ? `${line} ${word}` : word;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines.join("\n");
}

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

interface Generated {
  /** Subject without "Re: ". */
  topic: string;
  messageId: string;
  references: string[];
}

/** Options of {@link generateBulk}; `username` is required here (the caller resolves the default). */
export interface GenerateBulkOptions {
  count: number;
  username: string;
  mailbox: string;
  seed: number;
}

/**
 * Generate `count` messages for one mailbox, oldest first. The same options always give the same bytes.
 */
export function generateBulk(options: GenerateBulkOptions): SeedMessage[] {
  const { count, username, mailbox, seed } = options;
  if (!Number.isSafeInteger(count) || count < 0)
    throw new Error(`bulk count must be a whole number, got ${count}`);
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const me = `${username}@example.org`;

  // Dates step back from NEWEST by 2 minutes to 14 hours, whole seconds; generate newest first, then reverse.
  const dates: number[] = [];
  let time = NEWEST;
  for (let i = 0; i < count; i++) {
    dates.push(time);
    time -= 1000 * Math.floor(120 + random() * 50_000);
  }
  dates.reverse();

  const sent: Generated[] = [];
  const out: SeedMessage[] = [];
  for (let i = 0; i < count; i++) {
    const [name, address] = pick(PEOPLE);
    const date = new Date(dates[i] as number);
    const messageId = `<bulk-${seed}-${i + 1}.${(dates[i] as number) / 1000}@${address.split("@")[1]}>`;
    const parent = sent.length > 0 && random() < 0.3 ? pick(sent.slice(-40)) : undefined;
    let topic: string;
    let references: string[] = [];
    if (parent !== undefined) {
      topic = parent.topic;
      references = [...parent.references, parent.messageId].slice(-10);
    } else {
      topic = random() < 0.04 ? pick(NON_ASCII_SUBJECTS) : pick(SUBJECT_FORMS)(pick(TOPICS));
    }
    sent.push({ topic, messageId, references });

    const paragraphs = Array.from({ length: 1 + Math.floor(random() * 4) }, () =>
      Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(SENTENCES)).join(" "),
    );
    const firstName = username.charAt(0).toUpperCase() + username.slice(1);
    const signature = name.split(" ")[0] ?? name;
    const text = `Hi ${firstName},\n\n${paragraphs.map((p) => wrap(p)).join("\n\n")}\n\n${signature}\n`;

    const headers = [
      `From: ${encodedWord(name)} <${address}>`,
      `To: ${me}`,
      `Subject: ${parent === undefined ? "" : "Re: "}${encodedWord(topic)}`,
      `Date: ${rfc5322Date(date)}`,
      `Message-ID: ${messageId}`,
    ];
    if (parent !== undefined) {
      headers.push(`In-Reply-To: ${parent.messageId}`, `References: ${references.join("\n ")}`);
    }
    headers.push("MIME-Version: 1.0");

    const shape = random();
    let body: string;
    if (shape < 0.05) {
      const boundary = `bulk-mixed-${seed}-${i + 1}`;
      const rows = Array.from(
        { length: 3 + Math.floor(random() * 8) },
        (_, r) => `${r + 1},${pick(TOPICS)},${Math.floor(random() * 10000) / 100}`,
      );
      const csv = Buffer.from(`id,item,amount\n${rows.join("\n")}\n`).toString("base64");
      headers.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
      body = [
        `--${boundary}`,
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        text,
        `--${boundary}`,
        'Content-Type: text/csv; name="figures.csv"',
        'Content-Disposition: attachment; filename="figures.csv"',
        "Content-Transfer-Encoding: base64",
        "",
        csv.replace(/.{76}/g, "$&\n"),
        `--${boundary}--`,
        "",
      ].join("\n");
    } else if (shape < 0.4) {
      const boundary = `bulk-alt-${seed}-${i + 1}`;
      const html = `<html><body>${text
        .trim()
        .split("\n\n")
        .map((p) => `<p>${escapeHtml(p).replaceAll("\n", " ")}</p>`)
        .join("\n")}</body></html>`;
      headers.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
      body = [
        `--${boundary}`,
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        text,
        `--${boundary}`,
        "Content-Type: text/html; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        html,
        "",
        `--${boundary}--`,
        "",
      ].join("\n");
    } else {
      headers.push("Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit");
      body = text;
    }

    const recent = i >= count - 15;
    const flags: string[] = [];
    if (random() < (recent ? 0.3 : 0.9)) flags.push("\\Seen");
    if (random() < 0.06) flags.push("\\Flagged");
    if (random() < 0.12) flags.push("\\Answered");
    out.push({ username, mailbox, message: `${headers.join("\n")}\n\n${body}`, flags, internalDate: date });
  }
  return out;
}
