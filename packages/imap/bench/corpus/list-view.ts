/**
 * The list-view corpus: what a webmail reads to draw a message list, i.e. the answer to
 * `UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)`.
 *
 * Shapes follow what Dovecot, Gmail and Exchange send: upper- and lower-case MIME types,
 * plain text, multipart/alternative, mixed with attachments (RFC 2231 `filename*` and
 * continuation parameters, a filename sent as a literal), related HTML with inline images,
 * forwarded message/rfc822 parts with their own envelope and body, delivery reports,
 * encoded-word subjects and names, subjects sent as literals (quotes, raw UTF-8), escaped
 * quotes in display names, 1-5 recipients, NIL fields and the full extension data (md5,
 * disposition, language, location). The generator counts what it writes so the benchmark
 * can check every parser's output against known values.
 */
import { ByteWriter, utf8 } from "./bytes.js";
import { Prng } from "./prng.js";

/** What the corpus contains, counted while writing it. */
export interface ListViewExpected {
  /** Every response, the final tagged OK included. */
  responses: number;
  messages: number;
  uidSum: number;
  sizeSum: number;
  flags: number;
  /** Envelopes whose subject is not NIL (`""` counts). */
  subjects: number;
  /** Subjects that are neither NIL nor empty. */
  nonEmptySubjects: number;
  /** Subjects sent as `{n}` literals. */
  literalSubjects: number;
  /** Octets of all subjects after unquoting. */
  subjectBytes: number;
  /** Addresses in the top-level envelopes (from, sender, reply-to, to, cc, bcc). */
  addresses: number;
  /** Non-multipart body parts, counting into message/rfc822 parts (which count themselves). */
  leafParts: number;
  /** Forwarded message/rfc822 parts. */
  nestedMessages: number;
}

export interface ListViewCorpus {
  readonly bytes: Uint8Array;
  readonly expected: ListViewExpected;
}

const FIRST_NAMES = [
  "Anna",
  "Ben",
  "Chiara",
  "David",
  "Emma",
  "Farid",
  "Grace",
  "Hiroshi",
  "Ines",
  "Jonas",
  "Kateřina",
  "Liam",
  "Maria",
  "Noah",
  "Olga",
  "Pablo",
  "Quentin",
  "Rosa",
  "Sven",
  "Tariq",
  "Uma",
  "Victor",
];
const LAST_NAMES = [
  "Schmidt",
  "O'Brien",
  "García",
  "Nguyen",
  "Kowalski",
  "Rossi",
  "Tanaka",
  "Müller",
  "Dubois",
  "Smith",
  "Johansson",
  "Papadopoulos",
  "Novak",
  "Fischer",
  "Ahmed",
  "Silva",
];
const HOSTS = [
  "example.com",
  "mail.example.org",
  "corp.example.net",
  "lists.example.org",
  "gmail.example",
  "outlook.example",
  "university.example.edu",
  "shop.example.co.uk",
  "news.example.de",
];
const TOPICS = [
  "Q3 budget review",
  "Weekly sync notes",
  "Your order has shipped",
  "Invitation: design review",
  "Build failed on main",
  "Re: contract draft v4",
  "Travel plans for the conference",
  "Invoice 2024-0117",
  "Password reset request",
  "Lunch on Friday?",
  "Minutes of the board meeting",
  "New comment on your post",
  "[dev] patch 3/7: fix literal parsing on chunk boundaries",
  "Quarterly report attached",
  "Security advisory for release 2.4.1",
  "Your subscription renews soon",
];
const UTF8_TOPICS = [
  "Grüße aus München",
  "Réunion de l'équipe",
  "Отчёт за квартал",
  "会議の議事録",
  "Ünïcödé tëst ✓",
  "Zażółć gęślą jaźń",
  "Καλημέρα",
  "Счёт № 42",
  "週報 2024年第3週",
  "Café ☕ on Tuesday",
];
const FLAG_POOL = ["\\Answered", "\\Flagged", "$NotJunk", "$Forwarded", "$MDNSent", "NonJunk", "$label1"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const ATTACHMENTS: ReadonlyArray<readonly [type: string, subtype: string, name: string]> = [
  ["application", "pdf", "report.pdf"],
  ["application", "vnd.openxmlformats-officedocument.wordprocessingml.document", "contract draft.docx"],
  ["image", "jpeg", "IMG_20240717_091523.jpg"],
  ["application", "zip", "logs-2024-07-17.zip"],
  ["text", "calendar", "invite.ics"],
  ["application", "octet-stream", "data.bin"],
  ["text", "csv", "export.csv"],
];

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** A quoted string; the caller passes ASCII only. */
function quoted(s: string): string {
  return `"${s.replace(/[\\"]/g, "\\$&")}"`;
}

function encodedWordB(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, "utf8").toString("base64")}?=`;
}

function encodedWordQ(text: string): string {
  let out = "";
  for (const byte of utf8(text)) {
    if (byte === 0x20) out += "_";
    else if (
      (byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a)
    )
      out += String.fromCharCode(byte);
    else out += `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return `=?utf-8?Q?${out}?=`;
}

/** Writes one list-view FETCH response after another and counts what it wrote. */
class ListViewWriter {
  readonly expected: ListViewExpected = {
    responses: 0,
    messages: 0,
    uidSum: 0,
    sizeSum: 0,
    flags: 0,
    subjects: 0,
    nonEmptySubjects: 0,
    literalSubjects: 0,
    subjectBytes: 0,
    addresses: 0,
    leafParts: 0,
    nestedMessages: 0,
  };
  /** Upper-case MIME atoms (Gmail, Exchange) or lower-case (Dovecot passes the message's own). */
  private upper = false;

  constructor(
    private readonly w: ByteWriter,
    private readonly r: Prng,
  ) {}

  private hex(len: number): string {
    let s = "";
    while (s.length < len) s += this.r.nextUint32().toString(16).padStart(8, "0");
    return s.slice(0, len);
  }

  private mime(s: string): string {
    return quoted(this.upper ? s.toUpperCase() : s);
  }

  private rfc822Date(): string {
    const r = this.r;
    const zone = r.pick(["+0000", "+0200", "-0700", "+0530", "+0100"]);
    const base = `${r.pick(DAYS)}, ${r.int(1, 28)} ${r.pick(MONTHS)} ${r.int(2019, 2024)} ${pad2(r.int(0, 23))}:${pad2(
      r.int(0, 59),
    )}:${pad2(r.int(0, 59))} ${zone}`;
    return r.chance(0.15) ? `${base} (UTC)` : base;
  }

  private internalDate(): string {
    const r = this.r;
    const day = r.int(1, 28);
    return `"${day < 10 ? ` ${day}` : day}-${r.pick(MONTHS)}-${r.int(2019, 2024)} ${pad2(r.int(0, 23))}:${pad2(
      r.int(0, 59),
    )}:${pad2(r.int(0, 59))} ${r.pick(["+0000", "+0200", "-0700"])}"`;
  }

  private messageId(): string {
    return `"<${this.hex(this.r.int(12, 32))}.${this.r.int(1000, 99999)}@${this.r.pick(HOSTS)}>"`;
  }

  /** A display name: NIL, plain, with escaped quotes, or an encoded-word. */
  private displayName(): string {
    const r = this.r;
    const first = r.pick(FIRST_NAMES);
    const last = r.pick(LAST_NAMES);
    const ascii = /^[\x20-\x7e]*$/;
    const roll = r.float();
    if (roll < 0.2) return "NIL";
    if (roll < 0.3) return quoted(encodedWordQ(`${first} ${last}`));
    if (roll < 0.36) return quoted(`${last}, ${first} "${first.slice(0, 2)}"`.replace(/[^\x20-\x7e]/g, "e"));
    const name = `${first} ${last}`;
    return ascii.test(name) ? quoted(name) : quoted(encodedWordB(name));
  }

  private address(): string {
    const r = this.r;
    const mailbox =
      `${r.pick(FIRST_NAMES)}.${r.pick(["x", "dev", "team", "billing", "noreply"])}${r.int(1, 99)}`
        .toLowerCase()
        .replace(/[^a-z0-9.]/g, "x");
    return `(${this.displayName()} NIL ${quoted(mailbox)} ${quoted(r.pick(HOSTS))})`;
  }

  /** An address list of `n` entries (the caller decides NIL), counting them when `top`. */
  private addressList(n: number, top: boolean): string {
    if (top) this.expected.addresses += n;
    let s = "(";
    for (let i = 0; i < n; i++) s += this.address();
    return `${s})`;
  }

  private subject(top: boolean): void {
    const r = this.r;
    const e = this.expected;
    const roll = r.float();
    const count = (bytes: number, literal: boolean): void => {
      if (!top) return;
      e.subjects++;
      if (bytes > 0) e.nonEmptySubjects++;
      if (literal) e.literalSubjects++;
      e.subjectBytes += bytes;
    };
    if (roll < 0.02) {
      this.w.text("NIL");
      return;
    }
    if (roll < 0.04) {
      this.w.text('""');
      count(0, false);
      return;
    }
    if (roll < 0.12) {
      // Servers send a literal when the text has 8-bit bytes, or (some) when it has quotes.
      const text = r.chance(0.6)
        ? `${r.pick(["", "Re: ", "AW: ", "Fwd: "])}${r.pick(UTF8_TOPICS)}`
        : `Re: "${r.pick(TOPICS)}" and the C:\\shared\\${r.pick(["q3", "drafts"])} folder`;
      const bytes = utf8(text);
      this.w.literal(bytes);
      count(bytes.length, true);
      return;
    }
    let text: string;
    if (roll < 0.22) text = encodedWordB(r.pick(UTF8_TOPICS));
    else if (roll < 0.28) text = `${r.pick(["Re: ", ""])}${encodedWordQ(r.pick(UTF8_TOPICS))}`;
    else if (roll < 0.33) text = `Re: "${r.pick(TOPICS)}" follow-up`;
    else if (roll < 0.38)
      text = `${r.pick(TOPICS)} - ${r.pick(TOPICS)} - ${r.pick(TOPICS)} (${this.hex(24)})`;
    else text = `${r.pick(["", "", "Re: ", "Fwd: ", "RE: AW: "])}${r.pick(TOPICS)}`;
    this.w.text(quoted(text));
    count(text.length, false);
  }

  /** ENVELOPE: date subject from sender reply-to to cc bcc in-reply-to message-id. */
  private envelope(top: boolean): void {
    const r = this.r;
    const w = this.w;
    w.text(`(${r.chance(0.97) ? quoted(this.rfc822Date()) : "NIL"} `);
    this.subject(top);
    const from = this.addressList(1, top);
    // Servers fill sender and reply-to from From when those headers are absent.
    const sender = r.chance(0.9) ? from : this.addressList(1, false);
    if (top) this.expected.addresses++;
    const sameReplyTo = r.chance(0.85);
    if (top && sameReplyTo) this.expected.addresses++;
    const replyTo = sameReplyTo ? from : this.addressList(r.int(1, 2), top);
    const to = r.chance(0.97) ? this.addressList(r.pick([1, 1, 1, 2, 2, 3, 4, 5]), top) : "NIL";
    const cc = r.chance(0.35) ? this.addressList(r.int(1, 4), top) : "NIL";
    const bcc = r.chance(0.04) ? this.addressList(1, top) : "NIL";
    const inReplyTo = r.chance(0.4) ? this.messageId() : "NIL";
    const messageId = r.chance(0.98) ? this.messageId() : "NIL";
    w.text(` ${from} ${sender} ${replyTo} ${to} ${cc} ${bcc} ${inReplyTo} ${messageId})`);
  }

  /** body-ext-1part: md5 disposition language location (location sometimes left out). */
  private singleExtension(disposition: string): string {
    const r = this.r;
    const md5 = r.chance(0.03) ? quoted(Buffer.from(this.hex(16), "hex").toString("base64")) : "NIL";
    const language = r.chance(0.85)
      ? "NIL"
      : r.chance(0.5)
        ? quoted("en")
        : `(${quoted("en")} ${quoted("de")})`;
    if (r.chance(0.15)) return ` ${md5} ${disposition} ${language}`;
    const location = r.chance(0.03) ? quoted(`http://${r.pick(HOSTS)}/part/${this.hex(8)}`) : "NIL";
    return ` ${md5} ${disposition} ${language} ${location}`;
  }

  private text(subtype: string, size: number): void {
    const r = this.r;
    this.expected.leafParts++;
    const params = r.chance(0.1)
      ? `(${this.mime("charset")} ${this.mime("utf-8")} ${this.mime("format")} ${this.mime("flowed")})`
      : `(${this.mime("charset")} ${this.mime(r.pick(["utf-8", "utf-8", "iso-8859-1", "us-ascii"]))})`;
    const encoding = this.mime(r.pick(["7bit", "quoted-printable", "quoted-printable", "base64", "8bit"]));
    const disposition = r.chance(0.1) ? `(${this.mime("inline")} NIL)` : "NIL";
    this.w.text(
      `(${this.mime("text")} ${this.mime(subtype)} ${params} NIL NIL ${encoding} ${size} ${Math.max(
        1,
        Math.floor(size / 60),
      )}${this.singleExtension(disposition)})`,
    );
  }

  /** An attachment, its filename plain, RFC 2231 encoded, RFC 2231 continued, or a literal. */
  private attachment(): void {
    const r = this.r;
    const w = this.w;
    this.expected.leafParts++;
    const [type, subtype, name] = r.pick(ATTACHMENTS);
    const size = r.skewed(2_000, 8_000_000);
    const encoding = type === "text" ? this.mime("quoted-printable") : this.mime("base64");
    const attachment = this.mime("attachment");
    w.text(`(${this.mime(type)} ${this.mime(subtype)} `);
    let disposition: string;
    const roll = r.float();
    if (roll < 0.55) {
      w.text(`(${this.mime("name")} ${quoted(name)})`);
      disposition = `(${attachment} (${this.mime("filename")} ${quoted(name)}))`;
    } else if (roll < 0.75) {
      const encoded = quoted(`utf-8''${encodeURIComponent(`${r.pick(UTF8_TOPICS)} ${name}`)}`);
      w.text(`(${this.mime("name*")} ${encoded})`);
      disposition = `(${attachment} (${this.mime("filename*")} ${encoded}))`;
    } else if (roll < 0.9) {
      const encoded = encodeURIComponent(`${r.pick(UTF8_TOPICS)} - ${r.pick(TOPICS)} - ${name}`);
      const cut = Math.floor(encoded.length / 2);
      w.text("NIL");
      disposition = `(${attachment} (${quoted("filename*0*")} ${quoted(`utf-8''${encoded.slice(0, cut)}`)} ${quoted(
        "filename*1*",
      )} ${quoted(encoded.slice(cut))}))`;
    } else {
      // A filename with quotes: some servers send it as a literal (node-imap #86).
      w.text(`(${this.mime("name")} `);
      w.literal(utf8(`"${name}" (final).${subtype}`));
      w.text(")");
      disposition = `(${attachment} NIL)`;
    }
    const lines = type === "text" ? ` ${Math.floor(size / 70)}` : "";
    w.text(` NIL NIL ${encoding} ${size}${lines}${this.singleExtension(disposition)})`);
  }

  private inlineImage(): void {
    const r = this.r;
    this.expected.leafParts++;
    const name = `image${r.int(1, 9)}.png`;
    this.w.text(
      `(${this.mime("image")} ${this.mime("png")} (${this.mime("name")} ${quoted(name)}) "<${this.hex(
        16,
      )}@${r.pick(HOSTS)}>" NIL ${this.mime("base64")} ${r.skewed(500, 300_000)}${this.singleExtension(
        `(${this.mime("inline")} (${this.mime("filename")} ${quoted(name)}))`,
      )})`,
    );
  }

  private multipart(subtype: string, children: () => void): void {
    const r = this.r;
    this.w.text("(");
    children();
    const boundary = quoted(`${r.pick(["----=_Part_", "000000000000", "_NextPart_", "b1_"])}${this.hex(24)}`);
    const location = r.chance(0.9) ? " NIL" : "";
    this.w.text(` ${this.mime(subtype)} (${this.mime("boundary")} ${boundary}) NIL NIL${location})`);
  }

  private alternative(): void {
    this.multipart("alternative", () => {
      this.text("plain", this.r.skewed(200, 40_000));
      this.text("html", this.r.skewed(1_000, 200_000));
    });
  }

  /** A forwarded message: message/rfc822 with its own envelope, body structure and line count. */
  private forwarded(): void {
    const r = this.r;
    this.expected.leafParts++;
    this.expected.nestedMessages++;
    const size = r.skewed(2_000, 500_000);
    this.w.text(`(${this.mime("message")} ${this.mime("rfc822")} NIL NIL NIL ${this.mime("7bit")} ${size} `);
    this.envelope(false);
    this.w.text(" ");
    if (r.chance(0.5)) this.text("plain", r.skewed(200, 20_000));
    else this.alternative();
    this.w.text(` ${Math.floor(size / 70)}${this.singleExtension("NIL")})`);
  }

  private bodyStructure(): void {
    const r = this.r;
    const roll = r.float();
    if (roll < 0.25) this.text("plain", r.skewed(200, 60_000));
    else if (roll < 0.3) this.text("html", r.skewed(1_000, 200_000));
    else if (roll < 0.62) this.alternative();
    else if (roll < 0.82)
      this.multipart("mixed", () => {
        if (r.chance(0.6)) this.alternative();
        else this.text("plain", r.skewed(200, 20_000));
        const n = r.pick([1, 1, 1, 2, 3]);
        for (let i = 0; i < n; i++) this.attachment();
      });
    else if (roll < 0.92)
      this.multipart("alternative", () => {
        this.text("plain", r.skewed(200, 20_000));
        this.multipart("related", () => {
          this.text("html", r.skewed(1_000, 100_000));
          const n = r.int(1, 4);
          for (let i = 0; i < n; i++) this.inlineImage();
        });
      });
    else if (roll < 0.96)
      this.multipart("mixed", () => {
        this.text("plain", r.skewed(100, 5_000));
        this.forwarded();
      });
    else
      this.multipart("report", () => {
        this.text("plain", r.skewed(200, 3_000));
        this.expected.leafParts++;
        this.w.text(
          `(${this.mime("message")} ${this.mime("delivery-status")} NIL NIL NIL ${this.mime("7bit")} ${r.int(
            200,
            900,
          )} NIL NIL NIL NIL)`,
        );
        this.text("rfc822-headers", r.skewed(500, 4_000));
      });
  }

  /** One `* seq FETCH (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)` response. */
  fetch(seq: number, uid: number): void {
    const r = this.r;
    const e = this.expected;
    this.upper = r.chance(0.5);
    e.responses++;
    e.messages++;
    e.uidSum += uid;
    const flags: string[] = [];
    if (r.chance(0.8)) flags.push("\\Seen");
    for (const flag of FLAG_POOL) if (r.chance(0.07)) flags.push(flag);
    e.flags += flags.length;
    const size = r.skewed(900, 12_000_000);
    e.sizeSum += size;
    this.w.text(
      `* ${seq} FETCH (UID ${uid} FLAGS (${flags.join(" ")}) INTERNALDATE ${this.internalDate()} RFC822.SIZE ${size} ENVELOPE `,
    );
    this.envelope(true);
    this.w.text(" BODYSTRUCTURE ");
    this.bodyStructure();
    this.w.text(")\r\n");
  }

  tagged(tag: string): void {
    this.expected.responses++;
    this.w.text(`${tag} OK Fetch completed (0.041 + 0.000 + 0.040 secs).\r\n`);
  }
}

/** Generates at least `minBytes` of list-view FETCH responses and a tagged OK. */
export function generateListView(seed = 1, minBytes = 4_200_000): ListViewCorpus {
  const writer = new ByteWriter();
  const gen = new ListViewWriter(writer, new Prng(seed));
  const r = new Prng(seed + 1);
  let uid = 41_000 + r.int(0, 999);
  for (let seq = 1; writer.length < minBytes; seq++) {
    gen.fetch(seq, uid);
    uid += r.chance(0.8) ? 1 : r.int(2, 40);
  }
  gen.tagged("A0042");
  return { bytes: writer.finish(), expected: gen.expected };
}
