import { describe, expect, it } from "vitest";
import { octets } from "../../test/trace-events.js";
import { type ResponsePiece, responsePieces } from "./response-pieces.js";

/** Pieces as [kind, text] (Latin-1), a streamed literal as [kind, size]. */
function pieces(text: string, streamed: number[] = []): Array<[ResponsePiece["kind"], string | number]> {
  return responsePieces(octets(text), streamed).map((p) => [
    p.kind,
    p.kind === "streamed" ? p.size : text.slice(p.start, p.end),
  ]);
}

describe("responsePieces", () => {
  it("returns a one-line response as one line with its CRLF", () => {
    expect(pieces("* 3 EXISTS\r\n")).toEqual([["line", "* 3 EXISTS\r\n"]]);
  });

  it("cuts literals out by count, whatever they hold", () => {
    expect(pieces("* 1 FETCH (BODY[] {8}\r\na\r\n{2}\r\n UID 4)\r\n")).toEqual([
      ["line", "* 1 FETCH (BODY[] {8}\r\n"],
      ["literal", "a\r\n{2}\r\n"],
      ["line", " UID 4)\r\n"],
    ]);
  });

  it.each([
    ["{3+}", "* 1 FETCH (BODY[] {3+}\r\nabc)\r\n"],
    ["~{3}", "* 1 FETCH (BINARY[] ~{3}\r\nabc)\r\n"],
  ])("knows the %s announcement", (_name, text) => {
    expect(pieces(text).map(([kind]) => kind)).toEqual(["line", "literal", "line"]);
  });

  it("marks a streamed body, left out of the octets, by its size and item", () => {
    expect(pieces("* 2 FETCH (UID 9 BODY[] {70000}\r\n)\r\n", [70000])).toEqual([
      ["line", "* 2 FETCH (UID 9 BODY[] {70000}\r\n"],
      ["streamed", 70000],
      ["line", ")\r\n"],
    ]);
    expect(
      pieces("* 2 FETCH (BODY[]<0> {9000}\r\n RFC822 {9000}\r\n)\r\n", [9000, 9000]).map(([k]) => k),
    ).toEqual(["line", "streamed", "line", "streamed", "line"]);
  });

  it("does not take another literal of the same size for a streamed one", () => {
    const text = '* 2 FETCH (ENVELOPE ("x" {5}\r\nhello NIL) BODY[] {5}\r\n)\r\n';
    expect(pieces(text, [5]).map(([kind]) => kind)).toEqual(["line", "literal", "line", "streamed", "line"]);
  });

  it("takes what is there when a literal claims more octets than are left", () => {
    expect(pieces("* 1 FETCH (BODY[] {50}\r\n)\r\n")).toEqual([
      ["line", "* 1 FETCH (BODY[] {50}\r\n"],
      ["literal", ")\r\n"],
    ]);
  });

  it("keeps bare LF line ends and a last line without one", () => {
    expect(pieces("* OK a\n* OK b")).toEqual([
      ["line", "* OK a\n"],
      ["line", "* OK b"],
    ]);
  });

  it("reads an empty literal and ignores what only looks like one", () => {
    expect(pieces("* 1 FETCH (BODY[] {0}\r\n)\r\n").map(([k]) => k)).toEqual(["line", "line"]);
    expect(pieces("* OK {x}\r\n* OK {}\r\n").map(([k]) => k)).toEqual(["line", "line"]);
  });
});
