import { describe, expect, it } from "vitest";
import { mimeLeaf as leaf } from "../../testing/mail";
import type { MimePart } from "../imap-client/types";
import { decodeParts, joinPart } from "./decode-parts";
import { planParts } from "./part-plan";

const bytes = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

describe("decodeParts", () => {
  it("applies quoted-printable and the part's charset", async () => {
    const plan = planParts(leaf("1", "text/plain"));
    const body = await decodeParts(
      plan,
      new Map([
        [
          "HEADER",
          bytes(
            "Subject: x\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
          ),
        ],
        ["1", bytes("Gr=FC=DFe aus K=F6ln=\r\n, bis bald")],
      ]),
    );
    expect(body.pieces).toEqual([{ kind: "plain", text: "Grüße aus Köln, bis bald" }]);
  });

  it("unfolds format=flowed with DelSp and keeps quote marks for the renderer", async () => {
    const root: MimePart = { ...leaf("", "multipart/mixed"), children: [leaf("1", "text/plain")] };
    const body = await decodeParts(
      planParts(root),
      new Map([
        ["1.MIME", bytes("Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\r\n")],
        ["1", bytes("Hello wo \r\nrld\r\n> quoted  \r\n> line\r\n")],
      ]),
    );
    expect(body.pieces[0]?.text).toBe("Hello world\n> quoted line");
  });

  it("decodes base64 html in windows-1252 and a cid image", async () => {
    const root: MimePart = {
      ...leaf("", "multipart/related"),
      children: [leaf("1", "text/html"), leaf("2", "image/png", { contentId: "logo" })],
    };
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const body = await decodeParts(
      planParts(root),
      new Map([
        [
          "1.MIME",
          bytes("Content-Type: text/html; charset=windows-1252\r\nContent-Transfer-Encoding: base64\r\n\r\n"),
        ],
        ["1", bytes(Buffer.from(latin1("<p>caf\xe9</p>")).toString("base64"))],
        [
          "2.MIME",
          bytes("Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <logo>\r\n\r\n"),
        ],
        ["2", bytes(Buffer.from(png).toString("base64"))],
      ]),
    );
    expect(body.pieces).toEqual([{ kind: "html", text: "<p>café</p>" }]);
    expect(body.images).toEqual([{ contentId: "logo", type: "image/png", bytes: png }]);
  });

  it("rebuilds the header from the structure when the server sent none", async () => {
    const root: MimePart = {
      ...leaf("", "multipart/mixed"),
      children: [leaf("1", "text/plain", { encoding: "base64", params: { charset: "utf-8" } })],
    };
    const body = await decodeParts(
      planParts(root),
      new Map([["1", bytes(Buffer.from("héllo").toString("base64"))]]),
    );
    expect(body.pieces).toEqual([{ kind: "plain", text: "héllo" }]);
  });

  it("notes a part the server did not send", async () => {
    const body = await decodeParts(planParts(leaf("1", "text/plain")), new Map());
    expect(body.pieces).toEqual([]);
    expect(body.notes).toEqual(["Part of this message could not be loaded."]);
  });

  it("parses the whole message when there is no structure", async () => {
    const body = await decodeParts(
      planParts(null),
      new Map([
        ["HEADER", bytes("Content-Type: text/plain; charset=utf-8\r\n\r\n")],
        ["TEXT", bytes("just text")],
      ]),
    );
    expect(body.pieces).toEqual([{ kind: "plain", text: "just text" }]);
    expect(body.notes).toHaveLength(1);
  });
});

describe("joinPart", () => {
  it.each([
    ["A: b\r\n\r\n", "A: b\r\n\r\nX"],
    ["A: b\r\n", "A: b\r\n\r\nX"],
    ["A: b", "A: b\r\n\r\nX"],
    ["A: b\n\n", "A: b\n\nX"],
    ["\r\n", "\r\nX"],
    ["", "\r\nX"],
  ])("puts exactly one blank line after %j", (header, joined) => {
    expect(new TextDecoder().decode(joinPart(bytes(header), bytes("X")))).toBe(joined);
  });
});
