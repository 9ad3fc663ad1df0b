import { describe, expect, it } from "vitest";
import { linkify, quoteRuns } from "./plain-text";
import { plainTextHtml } from "./plain-text-html";

describe("quoteRuns", () => {
  it("groups lines by quote depth and drops trailing blank lines", () => {
    const runs = quoteRuns("Hi,\n\nOn Monday Ann wrote:\n> one\n>> two\n> > two again\n> one\nBye\n\n\n");
    expect(runs.map((r) => [r.depth, r.segments.map((s) => s.text).join("")])).toEqual([
      [0, "Hi,\n\nOn Monday Ann wrote:"],
      [1, "> one"],
      [2, ">> two\n> > two again"],
      [1, "> one"],
      [0, "Bye"],
    ]);
  });
});

describe("linkify", () => {
  it("links http, https, mailto and bare addresses, leaving sentence punctuation out", () => {
    expect(
      linkify("See https://example.org/a?b=1, or (http://x.test/wiki_(y)). Mail ann@example.org."),
    ).toEqual([
      { text: "See " },
      { text: "https://example.org/a?b=1", href: "https://example.org/a?b=1" },
      { text: ", or (" },
      { text: "http://x.test/wiki_(y)", href: "http://x.test/wiki_(y)" },
      { text: "). Mail " },
      { text: "ann@example.org", href: "mailto:ann@example.org" },
      { text: "." },
    ]);
  });

  it("never links other schemes", () => {
    for (const text of [
      "javascript:alert(1)",
      "data:text/html,<b>x</b>",
      "file:///etc/passwd",
      "ftp://x.test/",
    ]) {
      expect(linkify(text).every((s) => !("href" in s))).toBe(true);
    }
    expect(linkify("<https://a.test/>")[1]).toEqual({ text: "https://a.test/", href: "https://a.test/" });
  });
});

describe("plainTextHtml", () => {
  it("escapes everything and marks quotes and links", () => {
    const html = plainTextHtml('<script>alert("x")</script>\n> https://a.test/?q=<b>');
    expect(html).not.toContain("<script");
    expect(html).toContain("&#60;script&#62;alert(&#34;x&#34;)");
    expect(html).toContain(
      '<span class="tw-quote" data-depth="1">&#62; <a href="https://a.test/?q=" target="_blank" rel="noopener noreferrer">',
    );
  });
});
