import { describe, expect, it } from "vitest";
import { mimeLeaf as leaf, mimeMulti as multi } from "../../testing/mail";
import { MAX_INLINE_OCTETS, planParts } from "./part-plan";

describe("planParts", () => {
  it("reads a single-part message's header as HEADER and its body as 1", () => {
    const plan = planParts(leaf("1", "text/plain"));
    expect(plan.texts.map((t) => t.kind)).toEqual(["plain"]);
    expect(plan.specs).toEqual(["HEADER", "1"]);
  });

  it("prefers html in multipart/alternative", () => {
    const plan = planParts(
      multi("", "multipart/alternative", [leaf("1", "text/plain"), leaf("2", "text/html")]),
    );
    expect(plan.texts.map((t) => t.part.section)).toEqual(["2"]);
    expect(plan.specs).toEqual(["2.MIME", "2"]);
  });

  it("falls back to plain when the alternative has no html", () => {
    const plan = planParts(
      multi("", "multipart/alternative", [leaf("1", "text/plain"), leaf("2", "text/calendar")]),
    );
    expect(plan.texts.map((t) => t.part.section)).toEqual(["1"]);
  });

  it("shows the related root and fetches its small cid images, but never a big attachment", () => {
    const root = multi("", "multipart/mixed", [
      multi("1", "multipart/related", [
        multi("1.1", "multipart/alternative", [leaf("1.1.1", "text/plain"), leaf("1.1.2", "text/html")]),
        leaf("1.2", "image/png", { contentId: "logo@x", filename: "logo.png", encoding: "base64" }),
        leaf("1.3", "image/jpeg", { contentId: "huge@x", size: MAX_INLINE_OCTETS + 1 }),
      ]),
      leaf("2", "application/pdf", { disposition: "attachment", filename: "a.pdf", size: 9_000_000 }),
    ]);
    const plan = planParts(root);
    expect(plan.texts.map((t) => t.part.section)).toEqual(["1.1.2"]);
    expect(plan.inline.map((p) => p.contentId)).toEqual(["logo@x"]);
    expect(plan.attachments.map((p) => p.section)).toEqual(["1.3", "2"]);
    expect(plan.specs).toEqual(["1.1.2.MIME", "1.1.2", "1.2.MIME", "1.2"]);
  });

  it("honours the related start parameter", () => {
    const plan = planParts(
      multi(
        "",
        "multipart/related",
        [leaf("1", "image/gif", { contentId: "img" }), leaf("2", "text/html", { contentId: "root" })],
        {
          start: "<root>",
        },
      ),
    );
    expect(plan.texts.map((t) => t.part.section)).toEqual(["2"]);
    expect(plan.inline.map((p) => p.part.section)).toEqual(["1"]);
  });

  it("shows mixed inline text parts in order and lists the rest as attachments", () => {
    const plan = planParts(
      multi("", "multipart/mixed", [
        leaf("1", "text/plain"),
        leaf("2", "image/jpeg"),
        leaf("3", "text/plain", { filename: "notes.txt" }),
        leaf("4", "text/plain", { disposition: "inline" }),
        leaf("5", "message/rfc822"),
      ]),
    );
    expect(plan.texts.map((t) => t.part.section)).toEqual(["1", "4"]);
    expect(plan.attachments.map((p) => p.section)).toEqual(["2", "3", "5"]);
    expect(plan.notes).toEqual([]);
  });

  it("says so when there is no text, or the structure is damaged or unknown", () => {
    expect(planParts(leaf("1", "application/pdf", { filename: "x.pdf" })).notes).toEqual([
      "This message has no text, only attachments.",
    ]);
    const broken = planParts(
      multi("", "multipart/mixed", [leaf("1", "text/plain"), multi("2", "multipart/alternative", [])]),
    );
    expect(broken.texts).toHaveLength(1);
    expect(broken.notes[0]).toMatch(/damaged/);
    expect(planParts(null)).toMatchObject({ whole: true, specs: ["HEADER", "TEXT"] });
  });
});
