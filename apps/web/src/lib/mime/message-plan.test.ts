import { describe, expect, it } from "vitest";
import { bodySpecs, fallbackSpecs } from "./fetch-specs";
import { planMessage } from "./message-plan";
import { file, html, structure, text } from "./mime-part.testing";

const sections = (parts: readonly { section: string }[]) => parts.map((p) => p.section);
const items = (plan: ReturnType<typeof planMessage>) =>
  plan.items.map((i) => `${i.kind}:${i.part.section}:${i.headerSpec}`);

describe("planMessage", () => {
  it("reads a single-part message as its body, with the message header as the part's header", () => {
    const plan = planMessage(structure(text()));
    expect(items(plan)).toEqual(["text:1:HEADER"]);
    expect(bodySpecs(plan).specs).toEqual(["HEADER", "1"]);
  });

  it("prefers the HTML of an alternative and never fetches the 5 MB attachment", () => {
    const plan = planMessage(
      structure({
        type: "multipart/mixed",
        children: [
          { type: "multipart/alternative", children: [text(), html()] },
          file("application/pdf", "report.pdf"),
        ],
      }),
    );
    expect(items(plan)).toEqual(["html:1.2:1.2.MIME"]);
    expect(sections(plan.attachments)).toEqual(["2"]);
    expect(bodySpecs(plan).specs).toEqual(["1.2.MIME", "1.2"]);
  });

  it("falls back to the plain alternative when there is no HTML, and lists a calendar alternative", () => {
    const plan = planMessage(
      structure({
        type: "multipart/alternative",
        children: [text(), { type: "text/calendar", params: { method: "REQUEST" } }],
      }),
    );
    expect(items(plan)).toEqual(["text:1:1.MIME"]);
    expect(sections(plan.attachments)).toEqual(["2"]);
  });

  it("shows the root of a related group and fetches its small cid images with the text", () => {
    const plan = planMessage(
      structure({
        type: "multipart/alternative",
        children: [
          text(),
          {
            type: "multipart/related",
            children: [
              html(),
              {
                type: "image/png",
                encoding: "base64",
                size: 40_000,
                contentId: "logo@x",
                disposition: "inline",
              },
              { type: "image/jpeg", encoding: "base64", size: 3_000_000, contentId: "hero@x" },
            ],
          },
        ],
      }),
    );
    expect(items(plan)).toEqual(["html:2.1:2.1.MIME"]);
    expect(sections(plan.inline)).toEqual(["2.2", "2.3"]);
    const specs = bodySpecs(plan);
    expect(specs.specs).toEqual(["2.1.MIME", "2.1", "2.2"]);
    expect(sections(specs.deferred)).toEqual(["2.3"]);
  });

  it("honours the related group's start parameter", () => {
    const plan = planMessage(
      structure({
        type: "multipart/related",
        params: { start: "<root@x>" },
        children: [{ type: "image/gif", contentId: "pic@x" }, html({ contentId: "root@x" })],
      }),
    );
    expect(items(plan)).toEqual(["html:2:2.MIME"]);
    expect(sections(plan.inline)).toEqual(["1"]);
  });

  it("shows every inline text part of a mixed message in order, the rest as attachments", () => {
    const plan = planMessage(
      structure({
        type: "multipart/mixed",
        children: [
          text(),
          { type: "image/png", disposition: "inline", contentId: "a@b" },
          text({ disposition: "inline" }),
          text({ filename: "notes.txt" }),
          html({ disposition: "attachment", filename: "page.html" }),
          { type: "application/octet-stream" },
        ],
      }),
    );
    expect(items(plan)).toEqual(["text:1:1.MIME", "text:3:3.MIME"]);
    expect(sections(plan.attachments)).toEqual(["2", "4", "5", "6"]);
  });

  it("shows an embedded message inline with its header, and an attached one as an attachment", () => {
    const plan = planMessage(
      structure({
        type: "multipart/mixed",
        children: [
          text(),
          { type: "message/rfc822", children: [text()] },
          { type: "message/rfc822", disposition: "attachment", filename: "fwd.eml", children: [text()] },
        ],
      }),
    );
    expect(items(plan)).toEqual(["text:1:1.MIME", "message:2:2.HEADER", "text:2.1:2.HEADER"]);
    expect(sections(plan.attachments)).toEqual(["3"]);
    expect(bodySpecs(plan).specs).toEqual(["1.MIME", "1", "2.HEADER", "2.1"]);
  });

  it("takes a flattened text + HTML pair inside an embedded message for an alternative", () => {
    const plan = planMessage(
      structure({
        type: "multipart/mixed",
        children: [text(), { type: "message/rfc822", children: [text(), html()] }],
      }),
    );
    expect(items(plan)).toEqual(["text:1:1.MIME", "message:2:2.HEADER", "html:2.2:2.2.MIME"]);
  });

  it("shows a signed message's content, the signature as an attachment", () => {
    const plan = planMessage(
      structure({
        type: "multipart/signed",
        children: [text(), { type: "application/pgp-signature", filename: "signature.asc" }],
      }),
    );
    expect(items(plan)).toEqual(["text:1:1.MIME"]);
    expect(sections(plan.attachments)).toEqual(["2"]);
  });

  it("says an encrypted message cannot be read, and reads a delivery report's text parts", () => {
    const encrypted = planMessage(
      structure({
        type: "multipart/encrypted",
        children: [{ type: "application/pgp-encrypted" }, { type: "application/octet-stream" }],
      }),
    );
    expect(encrypted.notes[0]).toMatch(/encrypted/);
    expect(encrypted.fallback).toBe(false);
    const report = planMessage(
      structure({
        type: "multipart/report",
        children: [text(), { type: "message/delivery-status" }, { type: "text/rfc822-headers" }],
      }),
    );
    expect(items(report)).toEqual(["text:1:1.MIME", "text:2:2.MIME", "text:3:3.MIME"]);
  });

  it("offers a huge text part as a download rather than fetching it", () => {
    const plan = planMessage(
      structure({ type: "multipart/mixed", children: [text(), text({ size: 50_000_000 })] }),
    );
    expect(items(plan)).toEqual(["text:1:1.MIME"]);
    expect(sections(plan.attachments)).toEqual(["2"]);
    expect(plan.notes).toHaveLength(1);
  });

  it("degrades to reading the whole message when the structure is missing or empty", () => {
    expect(planMessage(null).fallback).toBe(true);
    expect(planMessage(structure({ type: "multipart/mixed", children: [] })).fallback).toBe(true);
    expect(fallbackSpecs(20_000)).toEqual([""]);
    expect(fallbackSpecs(30_000_000)).toEqual(["HEADER", "1.MIME", "1"]);
  });

  it("treats an unknown multipart as mixed and a lone attachment as an attachment", () => {
    const plan = planMessage(structure({ type: "multipart/x-weird", children: [html(), text()] }));
    expect(items(plan)).toEqual(["html:1:1.MIME", "text:2:2.MIME"]);
    const lone = planMessage(structure(file("application/pdf", "scan.pdf")));
    expect(items(lone)).toEqual([]);
    expect(sections(lone.attachments)).toEqual(["1"]);
    expect(lone.fallback).toBe(false);
  });

  it("fetches no images for a text-only body", () => {
    const plan = planMessage(
      structure({ type: "multipart/related", children: [text(), { type: "image/png", contentId: "x@y" }] }),
    );
    expect(bodySpecs(plan).specs).toEqual(["1.MIME", "1"]);
  });
});
