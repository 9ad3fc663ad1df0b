import { describe, expect, it } from "vitest";
import { linkify, textBlocks } from "./plain-text";

describe("textBlocks", () => {
  it("groups lines by quote depth and strips the marks", () => {
    const blocks = textBlocks("Hi\n> quoted\n>> deeper\n> > also deeper\n> back\nme");
    expect(blocks.map((b) => [b.depth, b.lines.map((l) => l.map((s) => s.text).join(""))])).toEqual([
      [0, ["Hi"]],
      [1, ["quoted"]],
      [2, ["deeper", "also deeper"]],
      [1, ["back"]],
      [0, ["me"]],
    ]);
  });
});

describe("linkify", () => {
  it("makes http, https and mailto links, leaving trailing punctuation as text", () => {
    expect(linkify("See https://example.org/a_(b). Or mailto:x@y.test, or http://e.test!")).toEqual([
      { text: "See " },
      { text: "https://example.org/a_(b)", href: "https://example.org/a_(b)" },
      { text: ". Or " },
      { text: "mailto:x@y.test", href: "mailto:x@y.test" },
      { text: ", or " },
      { text: "http://e.test", href: "http://e.test" },
      { text: "!" },
    ]);
  });

  it("never links other schemes", () => {
    expect(linkify("javascript:alert(1) data:text/html,x ftp://h")).toEqual([
      { text: "javascript:alert(1) data:text/html,x ftp://h" },
    ]);
  });

  it("drops an unbalanced closing parenthesis", () => {
    expect(linkify("(https://e.test/x)")[1]).toEqual({ text: "https://e.test/x", href: "https://e.test/x" });
  });
});
