import DOMPurify from "dompurify";
import { beforeAll, describe, expect, it } from "vitest";
import { frameCsp, frameDocument } from "./frame-document";
import { sanitizeHtml, sanitizeWith } from "./sanitize-html";
import { testWindow } from "./test-window";

let win: Window & typeof globalThis;
beforeAll(async () => {
  win = await testWindow();
});

const clean = (html: string, allowRemote = false, cids: Record<string, string> = {}) =>
  sanitizeWith(DOMPurify, html, { allowRemote, cidUrls: new Map(Object.entries(cids)) }, win);

const MARKER = "tracker.marker.test";

describe("sanitizeHtml: scripts and active content", () => {
  it.each([
    ["<script>alert(1)</script><p>hi</p>", "<script"],
    ['<img src="x" onerror="alert(1)">', "onerror"],
    ['<body onload="alert(1)"><p>x</p></body>', "onload"],
    ['<a href="javascript:alert(1)">x</a>', "javascript:"],
    ['<a href="  jav&#x09;ascript:alert(1)">x</a>', "script:"],
    ['<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:"],
    ['<img src="data:image/svg+xml,<svg onload=alert(1)>">', "data:"],
    ['<iframe src="https://evil.test"></iframe>', "iframe"],
    ['<object data="x.swf"></object><embed src="x">', "embed"],
    ['<form action="https://evil.test"><input name="p"><button>go</button></form>', "form"],
    ['<base href="https://evil.test/">', "base"],
    ['<meta http-equiv="refresh" content="0;url=https://evil.test">', "refresh"],
    ['<link rel="stylesheet" href="https://evil.test/x.css">', "link"],
    ['<svg><use href="data:image/svg+xml,<svg id=x></svg>#x"></use></svg>', "<use"],
    ['<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>', "animate"],
    ['<svg><set attributeName="onmouseover" to="alert(1)"/></svg>', "<set"],
    [
      "<svg><foreignObject><iframe srcdoc='<script>alert(1)</script>'></iframe></foreignObject></svg>",
      "foreign",
    ],
    ["<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror"],
    ['<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "onerror"],
    ['<a href="https://ok.test" ping="https://evil.test">x</a>', "ping"],
    ['<div style="background:url(javascript:alert(1))">x</div>', "javascript"],
    ['<div style="width:expression(alert(1))">x</div>', "expression("],
  ])("drops %s", (input, gone) => {
    expect(clean(input).html.toLowerCase()).not.toContain(gone.toLowerCase());
  });
});

describe("sanitizeHtml: remote content (W2)", () => {
  it.each([
    `<img src="https://${MARKER}/pixel.gif" width="1">`,
    `<img src="//${MARKER}/pixel.gif">`,
    `<img srcset="https://${MARKER}/a.png 1x, https://${MARKER}/b.png 2x">`,
    `<table background="http://${MARKER}/bg.png"><tr><td>x</td></tr></table>`,
    `<div style="background-image: url('https://${MARKER}/bg.png')">x</div>`,
    `<div style="background: u\\72l(https://${MARKER}/esc.png)">x</div>`,
    `<div style="background-image: image-set('https://${MARKER}/set.png' 1x)">x</div>`,
    `<style>@import url(https://${MARKER}/x.css); p{color:red}</style><p>x</p>`,
    `<style>@import "https://${MARKER}/y.css";</style>`,
    `<style>@font-face{font-family:x;src:url(https://${MARKER}/f.woff)} body{background:url("http://${MARKER}/b")}</style>`,
    `<svg><image href="https://${MARKER}/i.png"></image></svg>`,
  ])("blocks %s until allowed", (input) => {
    const blocked = clean(input);
    expect(blocked.html).not.toContain(MARKER);
    expect(blocked.blockedRemote).toBe(true);
  });

  it("keeps remote images once allowed, but never @import", () => {
    const allowed = clean(
      `<style>@import url(https://${MARKER}/x.css);</style><img src="https://${MARKER}/p.gif"><div style="background:url(https://${MARKER}/b.png)">x</div>`,
      true,
    );
    expect(allowed.html).toContain(`<img src="https://${MARKER}/p.gif">`);
    expect(allowed.html).toContain(`url(&quot;https://${MARKER}/b.png&quot;)`);
    expect(allowed.html).not.toContain("x.css");
    expect(allowed.blockedRemote).toBe(false);
  });

  it("reports nothing blocked for a mail without remote content", () => {
    expect(clean('<p style="color:red">hi</p><img src="data:image/png;base64,AAAA">')).toEqual({
      html: '<p style="color:red">hi</p><img src="data:image/png;base64,AAAA">',
      blockedRemote: false,
    });
  });

  it("keeps style elements, escaping a `<` that would close one once serialized", () => {
    expect(clean("<style>p{color:red} /* x */</style><p>x</p>").html).toBe(
      "<style>p{color:red} </style><p>x</p>",
    );
    const svg = clean(
      `<svg><style>&lt;/style&gt;&lt;img src=https://${MARKER}/m.png&gt;</style></svg>`,
      true,
    );
    expect(svg.html).not.toMatch(/<\/style><img/);
    const reparsed = new win.DOMParser().parseFromString(svg.html, "text/html");
    expect(reparsed.querySelector("img")).toBeNull();
  });
});

describe("sanitizeHtml: cid and links", () => {
  it("maps cid: to the blob URL given and drops unknown ones", () => {
    const { html } = clean(
      '<img src="cid:logo@x"><img src="cid:%3Cother%3E"><img src="cid:missing">',
      false,
      {
        "logo@x": "blob:http://localhost/1",
        other: "blob:http://localhost/2",
      },
    );
    expect(html).toBe('<img src="blob:http://localhost/1"><img src="blob:http://localhost/2"><img>');
  });

  it("opens every link in a new tab without opener or referrer", () => {
    const { html } = clean(
      '<a href="https://ok.test/" target="_self" rel="opener">x</a><a href="mailto:a@b.test">m</a>',
    );
    expect(html).toBe(
      '<a href="https://ok.test/" target="_blank" rel="noopener noreferrer">x</a><a href="mailto:a@b.test" target="_blank" rel="noopener noreferrer">m</a>',
    );
  });

  it("drops relative URLs, which would resolve against the app", () => {
    expect(clean('<img src="/api/servers"><a href="/api/x">x</a>').html).toBe("<img><a>x</a>");
  });

  it("loads DOMPurify on demand", async () => {
    await expect(sanitizeHtml("<b onclick=x>hi</b>")).resolves.toEqual({
      html: "<b>hi</b>",
      blockedRemote: false,
    });
  });
});

describe("frameDocument", () => {
  it("carries its own CSP, remote images only when allowed", () => {
    expect(frameCsp(false)).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data: blob:; form-action 'none'",
    );
    expect(frameCsp(true)).toContain("img-src data: blob: https: http:");
    expect(frameDocument("<p>x</p>", false)).toMatch(
      /^<!doctype html><html><head><meta http-equiv="Content-Security-Policy"/,
    );
  });
});
