import { describe, expect, it } from "vitest";
import { addr, as, b, decodeOne } from "../../../test/parse-cases.js";

describe("ENVELOPE", () => {
  it("reads the RFC 3501 §8 example", () => {
    const f = as(
      decodeOne(
        '* 12 FETCH (FLAGS (\\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE 4286 ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev1 WG mtg summary and minutes" (("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) ((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL "<B27397-0100000@cac.washington.edu>") BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))\r\n',
      ),
      "fetch",
    );
    const gray = addr("Terry Gray", "gray", "cac.washington.edu");
    expect(f.seq).toBe(12);
    expect(f.items.flags).toEqual(["\\Seen"]);
    expect(f.items.internalDate).toBe("17-Jul-1996 02:44:25 -0700");
    expect(f.items.rfc822Size).toBe(4286);
    expect(f.items.envelope).toEqual({
      date: b("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)"),
      subject: b("IMAP4rev1 WG mtg summary and minutes"),
      from: [gray],
      sender: [gray],
      replyTo: [gray],
      to: [addr(null, "imap", "cac.washington.edu")],
      cc: [addr(null, "minutes", "CNRI.Reston.VA.US"), addr("John Klensin", "KLENSIN", "MIT.EDU")],
      bcc: null,
      inReplyTo: null,
      messageId: b("<B27397-0100000@cac.washington.edu>"),
    });
    expect(f.items.body).toEqual({
      kind: "text",
      type: "TEXT",
      subtype: "PLAIN",
      params: [[b("CHARSET"), b("US-ASCII")]],
      id: null,
      description: null,
      encoding: b("7BIT"),
      size: 3028,
      lines: 92,
    });
  });

  it("keeps the source route (adl) of an address", () => {
    const f = as(
      decodeOne(
        '* 1 FETCH (ENVELOPE (NIL NIL (("N" "@relay.example" "m" "h")) NIL NIL NIL NIL NIL NIL NIL))\r\n',
      ),
      "fetch",
    );
    expect(f.items.envelope?.from).toEqual([
      { name: b("N"), adl: b("@relay.example"), mailbox: b("m"), host: b("h") },
    ]);
  });
});
