/** German mail in the folder with the non-ASCII name Reisen/Übersee: a booking with a PDF, and a list. */
import { before } from "../clock.js";
import { FOLDERS } from "../folders.js";
import { binaryPart, multipart, textPart } from "../mime.js";
import { pdf } from "../pdf.js";
import { type Letter, messageId } from "./letter.js";
import { me } from "./people.js";

export function travel(now: Date): Letter[] {
  const itinerary = pdf("Booking TW7Q2K", [
    "Passenger: Demo User",
    "",
    "Outbound  FRA -> YUL   flight EX 4410   departs 10:35",
    "Return    YUL -> FRA   flight EX 4411   departs 18:50",
    "",
    "Baggage: 1 x 23 kg",
  ]);
  return [
    {
      mailbox: FOLDERS.travel,
      envelope: {
        from: { name: "Reisebüro Übersee", address: "buchung@reisen.example" },
        to: [me],
        subject: "Ihre Buchungsbestätigung: Flug nach Montréal",
        date: before(now, 12, 2, 0),
        messageId: messageId("booking-tw7q2k"),
      },
      root: multipart("mixed", "booking-mixed", [
        textPart(
          "Guten Tag,\n\nvielen Dank für Ihre Buchung. Ihr Reiseplan liegt als PDF bei.\n\nGute Reise wünscht\nIhr Reisebüro Übersee\n",
          {
            encoding: "quoted-printable",
          },
        ),
        binaryPart(itinerary, "application/pdf", {
          filename: "Reiseplan-TW7Q2K.pdf",
          disposition: "attachment",
        }),
      ]),
      flags: ["\\Seen", "\\Flagged"],
    },
    {
      mailbox: FOLDERS.travel,
      envelope: {
        from: { name: "Jürgen Groß", address: "juergen.gross@example.de" },
        to: [me],
        subject: "Packliste für Kanada ✈️",
        date: before(now, 10, 5, 0),
        messageId: messageId("packliste"),
      },
      root: textPart(
        "Hallo,\n\nmeine Packliste, falls du sie brauchst:\n\n- Reisepass und eTA\n- Regenjacke\n- Adapter (Typ A/B)\n- Wanderschuhe\n\nJürgen\n",
      ),
      flags: ["\\Seen"],
    },
  ];
}
