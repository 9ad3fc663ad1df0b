import { describe, expect, it } from "vitest";
import { decodeEmbeddedHeader, decodeWhole } from "./decode-message";
import { decodeTextPart } from "./decode-text";
import { structure, text } from "./mime-part.testing";

const bytes = (value: string) => new TextEncoder().encode(value);
const latin1 = (value: string) => Uint8Array.from(value, (c) => c.charCodeAt(0));

describe("decodeTextPart", () => {
  it("applies the MIME header's transfer encoding and charset", async () => {
    const part = structure(text({ params: { charset: "iso-8859-1" }, encoding: "quoted-printable" }));
    const header = bytes(
      "Content-Type: text/plain;\r\n charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
    );
    const decoded = await decodeTextPart(part, header, bytes("Gr=FC=DFe aus K=F6ln=\r\n!"));
    expect(decoded).toEqual({ text: "Grüße aus Köln!", notes: [] });
  });

  it("builds the header from the structure when none was fetched or it describes another part", async () => {
    const part = structure(text({ params: { charset: "koi8-r" }, encoding: "base64" }));
    const body = bytes(Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]).toString("base64"));
    expect((await decodeTextPart(part, undefined, body)).text).toBe("Привет");
    const messageHeader = bytes('From: a@b\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n');
    expect((await decodeTextPart(part, messageHeader, body)).text).toBe("Привет");
  });

  it("unfolds format=flowed, with and without DelSp, keeping quotes and the signature", async () => {
    const part = structure(text({ params: { charset: "utf-8", format: "flowed" } }));
    const header = bytes("Content-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n");
    const body = bytes("Hello \r\nworld.\r\n> quoted \r\n> line\r\n-- \r\nSig");
    expect((await decodeTextPart(part, header, body)).text).toBe("Hello world.\n> quoted line\n-- \nSig");

    const delsp = bytes("Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\r\n\r\n");
    expect((await decodeTextPart(part, delsp, bytes("Zusammen \r\ngeschrieben"))).text).toBe(
      "Zusammengeschrieben",
    );
  });

  it("decodes the charsets mail uses", async () => {
    const cases: [string, Uint8Array, string][] = [
      [
        "shift_jis",
        Uint8Array.from([0x82, 0xb1, 0x82, 0xf1, 0x82, 0xc9, 0x82, 0xbf, 0x82, 0xcd]),
        "こんにちは",
      ],
      ["iso-2022-jp", latin1("\x1b$B$3$s$K$A$O\x1b(B"), "こんにちは"],
      ["iso-8859-2", latin1("\xb3\xf3d\xbc"), "łódź"],
    ];
    for (const [charset, body, expected] of cases) {
      const part = structure(text({ params: { charset }, encoding: "8bit" }));
      const header = bytes(
        `Content-Type: text/plain; charset="${charset}"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      );
      expect((await decodeTextPart(part, header, body)).text, charset).toBe(expected);
    }
  });

  it("says so when the charset is unknown, and still shows the text", async () => {
    const part = structure(text({ params: { charset: "x-martian" } }));
    const decoded = await decodeTextPart(part, undefined, bytes("plain words"));
    expect(decoded.text).toBe("plain words");
    expect(decoded.notes[0]).toMatch(/x-martian/);
  });

  it("returns the HTML source of an HTML part, sniffing a meta charset when none is declared", async () => {
    const part = structure({ type: "text/html", encoding: "8bit" });
    const body = latin1('<meta charset="iso-8859-1"><p>Caf\xe9</p>');
    const decoded = await decodeTextPart(part, bytes("Content-Type: text/html\r\n\r\n"), body);
    expect(decoded.text).toContain("<p>Café</p>");
  });

  it("reads a delivery status part as plain text", async () => {
    const part = structure({ type: "message/delivery-status" });
    const header = bytes("Content-Type: message/delivery-status\r\n\r\n");
    const decoded = await decodeTextPart(part, header, bytes("Reporting-MTA: dns; mx.example\r\n"));
    expect(decoded.text).toBe("Reporting-MTA: dns; mx.example");
  });
});

describe("decodeEmbeddedHeader", () => {
  it("reads sender, recipients, subject and date of an embedded message", async () => {
    const header = bytes(
      "From: =?utf-8?q?J=C3=BCrgen?= <j@example.de>\r\nTo: a@x, Team: b@x, c@x;\r\nSubject: =?utf-8?b?w5xiZXJzZWU=?=\r\nDate: Tue, 3 Mar 2026 10:00:00 +0100\r\n\r\n",
    );
    const decoded = await decodeEmbeddedHeader(header);
    expect(decoded.from).toEqual([{ name: "Jürgen", email: "j@example.de" }]);
    expect(decoded.to.map((a) => a.email)).toEqual(["a@x", "b@x", "c@x"]);
    expect(decoded.subject).toBe("Übersee");
    expect(decoded.date).toBe(Date.UTC(2026, 2, 3, 9));
    expect(await decodeEmbeddedHeader(undefined)).toMatchObject({ subject: "", date: null });
  });
});

describe("decodeWhole", () => {
  it("reads a whole small message", async () => {
    const raw = bytes(
      'Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nplain\r\n--b\r\nContent-Type: text/html\r\n\r\n<b>rich</b>\r\n--b--\r\n',
    );
    expect(await decodeWhole(new Map([["", raw]]))).toEqual({ html: "<b>rich</b>", text: "plain" });
  });

  it("reads the first part of a large one with the right header", async () => {
    const multipart = new Map([
      ["HEADER", bytes('Content-Type: multipart/mixed; boundary="b"\r\n\r\n')],
      ["1.MIME", bytes("Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n")],
      ["1", bytes("aGVsbG8=")],
    ]);
    expect((await decodeWhole(multipart)).text).toBe("hello");
    const single = new Map([
      [
        "HEADER",
        bytes(
          "Subject: x\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
        ),
      ],
      ["1", bytes("caf=C3=A9")],
    ]);
    expect((await decodeWhole(single)).text).toBe("café\n");
    expect(await decodeWhole(new Map())).toEqual({ html: null, text: null });
  });
});
