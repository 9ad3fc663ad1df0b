/**
 * Subjects and sender names in many charsets: one letter per legacy charset of `CHARSET_LETTERS`
 * (body in the same charset), UTF-8 in B and in Q encoded-words, and a raw 8-bit UTF-8 Subject.
 */
import { bytesOf, CHARSET_LETTERS, type CharsetLetter } from "../charsets.js";
import { before } from "../clock.js";
import { encodedWord, utf8Words } from "../encoded-words.js";
import { FOLDERS } from "../folders.js";
import { textPart } from "../mime.js";
import { type Letter, messageId } from "./letter.js";
import { me } from "./people.js";

function legacy(now: Date, letter: CharsetLetter, index: number): Letter {
  const word = (sample: CharsetLetter["name"]) =>
    encodedWord(bytesOf(sample), letter.charset, letter.wordEncoding);
  return {
    mailbox: FOLDERS.inbox,
    envelope: {
      from: { name: letter.name.text, address: letter.address, encodedName: word(letter.name) },
      to: [me],
      subject: letter.subject.text,
      subjectHeader: word(letter.subject),
      date: before(now, 3 + index * 2, index * 3, 17),
      messageId: messageId(`charset-${letter.id}`),
    },
    root: textPart(bytesOf(letter.body), { charset: letter.charset, encoding: letter.bodyEncoding }),
    flags: index % 2 === 0 ? ["\\Seen"] : [],
  };
}

function utf8(now: Date): Letter[] {
  const zurich = "Grüße aus Zürich — Übergabe der Schlüssel 🔑";
  const cafe = "Café au lait ☕ demain à 9h ?";
  const raw = "Ünïcödé straight in the header: naïve café ✓";
  return [
    {
      mailbox: FOLDERS.inbox,
      envelope: {
        from: { name: "Jürgen Groß", address: "juergen.gross@example.de" },
        to: [me],
        subject: zurich,
        date: before(now, 0, 5, 5),
        messageId: messageId("utf8-b"),
      },
      root: textPart("Hallo,\n\ndie Schlüssel liegen beim Empfang. Grüße aus Zürich!\n\nJürgen\n", {
        encoding: "quoted-printable",
      }),
    },
    {
      mailbox: FOLDERS.inbox,
      envelope: {
        from: {
          name: "Amélie Durand",
          address: "amelie@example.fr",
          encodedName: utf8Words("Amélie Durand", "Q"),
        },
        to: [me],
        subject: cafe,
        subjectHeader: utf8Words(cafe, "Q"),
        date: before(now, 1, 6, 40),
        messageId: messageId("utf8-q"),
      },
      root: textPart("Salut,\n\non se retrouve au café à 9h ? ☕\n\nAmélie\n"),
      flags: ["\\Seen"],
    },
    {
      mailbox: FOLDERS.inbox,
      envelope: {
        from: { name: "Søren Bjørnstad", address: "soren@example.dk", encodedName: '"Søren Bjørnstad"' },
        to: [me],
        subject: raw,
        subjectHeader: raw,
        date: before(now, 6, 9, 10),
        messageId: messageId("utf8-raw"),
      },
      root: textPart(
        "Hej,\n\nthis message has its Subject and From in raw 8-bit UTF-8, as RFC 6532 allows.\n\nSøren\n",
      ),
    },
  ];
}

/** The letters in many charsets, spread over the last weeks. */
export function international(now: Date): Letter[] {
  return [...CHARSET_LETTERS.map((letter, i) => legacy(now, letter, i)), ...utf8(now)];
}
