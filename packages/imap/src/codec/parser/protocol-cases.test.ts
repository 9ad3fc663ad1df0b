/**
 * Known answers for every tricky server response of PROTOCOL.md §2 (cases numbered as there), each
 * decoded whole, one byte at a time and at every split point with identical results. Vectors are
 * written from the RFC grammar and the case descriptions.
 */
import { describe, expect, it } from "vitest";
import { addr, as, b, decodeAll, decodeOne, lit, parse, utf8 } from "../../../test/parse-cases.js";
import type { BodyStructure, FetchResponse, Response, ThreadNode } from "../../types/response.js";
import { groupAddresses } from "../../types/values.js";

function fetch(input: string | Uint8Array): FetchResponse {
  return as(decodeOne(input), "fetch");
}

function bodyOf(input: string): BodyStructure {
  const items = fetch(input).items;
  const body = items.bodyStructure ?? items.body;
  expect(body).toBeDefined();
  return body as BodyStructure;
}

function unparsedReason(r: Response): string {
  return as(r, "unparsed").reason;
}

describe("PROTOCOL.md §2: framing and literals", () => {
  it("§2.1 never reads literal bytes as protocol (CRLF, `)`, `{5}`, `* OK` inside)", () => {
    const body = ")\r\n{5}\r\n* OK x\r\n";
    const f = fetch(`* 1 FETCH (BODY[] ${lit(body)} UID 7)\r\n`);
    expect(f.items.sections).toEqual([{ item: "BODY", section: "", origin: null, data: b(body) }]);
    expect(f.items.uid).toBe(7);
  });

  it("§2.2 takes {0} followed by SP or `)`, also as the last element", () => {
    const f = fetch("* 3 FETCH (BODY[1] {0}\r\n BODY[2] {0}\r\n)\r\n");
    expect(f.items.sections).toEqual([
      { item: "BODY", section: "1", origin: null, data: b("") },
      { item: "BODY", section: "2", origin: null, data: b("") },
    ]);
  });

  it("§2.3 reads several literals in one response", () => {
    const f = fetch(`* 4 FETCH (BODY[1] ${lit("first")} BODY[2] ${lit("second\r\n")} UID 9)\r\n`);
    expect(f.items.sections?.map((s) => s.data)).toEqual([b("first"), b("second\r\n")]);
    expect(f.items.uid).toBe(9);
  });

  it("§2.4 gives the same result whatever chunk boundary splits the count, `}` or CRLF", () => {
    // decodeOne feeds every split point; the count and its CRLF are split in all possible ways.
    const f = fetch("* 5 FETCH (BODY[TEXT] {12}\r\nhello world!)\r\n");
    expect(f.items.sections?.[0]?.data).toEqual(b("hello world!"));
  });

  it("§2.5 accepts a zero-padded literal count {012}", () => {
    const f = fetch("* 6 FETCH (BODY[] {012}\r\nhello world!)\r\n");
    expect(f.items.sections?.[0]?.data).toEqual(b("hello world!"));
  });

  it("§2.6 refuses an absurd literal count without allocating", () => {
    const r = parse("* 7 FETCH (BODY[] {99999999999999999999}\r\nx)\r\n");
    expect(unparsedReason(r)).toBe("IMAP_ERR_BAD_LITERAL");
    const r2 = parse("* 7 FETCH (BODY[] {100000000000}\r\nx)\r\n");
    expect(unparsedReason(r2)).toBe("IMAP_ERR_BAD_LITERAL");
  });

  it("§2.7 reads ~{n} literal8 with NUL octets in BINARY[]", () => {
    const data = "a\u0000b\u0000\u00ff";
    const f = fetch(`* 8 FETCH (BINARY[1] ~{${data.length}}\r\n${data})\r\n`);
    expect(f.items.sections).toEqual([{ item: "BINARY", section: "1", origin: null, data: b(data) }]);
  });

  it("§2.8 treats {n} inside a quoted string as text", () => {
    const r = as(decodeOne('* LIST () "/" "folder {3}"\r\n'), "list");
    expect(r.mailbox.name).toBe("folder {3}");
  });

  it("§2.9 accepts bare LF line ends, also after {n}", () => {
    const f = fetch("* 9 FETCH (BODY[] {3}\nabc UID 2)\n");
    expect(f.items.sections?.[0]?.data).toEqual(b("abc"));
    expect(f.items.uid).toBe(2);
    expect(parse("* 9 FETCH (BODY[] {3}\nabc)\n", { crlfRelaxed: false }).type).toBe("unparsed");
  });

  it("§2.10 reports a wrong literal length instead of reading literal bytes as protocol", () => {
    // The framer takes 3 octets; what follows is not SP or `)`, so the response does not parse.
    const r = parse("* 10 FETCH (BODY[] {3}\r\nabcdef UID 5)\r\n");
    expect(r.type).toBe("unparsed");
    expect(as(r, "unparsed").tag).toBe("*");
  });

  it("§2.11 accepts literals where a quoted string would do", () => {
    const list = as(decodeOne(`* LIST () "/" ${lit("Sent Items")}\r\n`), "list");
    expect(list.mailbox.name).toBe("Sent Items");
    const env = fetch(
      `* 1 FETCH (ENVELOPE (NIL ${lit('Re: a "quoted" subject')} NIL NIL NIL NIL NIL NIL NIL NIL))\r\n`,
    ).items.envelope;
    expect(env?.subject).toEqual(b('Re: a "quoted" subject'));
    const body = bodyOf(
      `* 1 FETCH (BODYSTRUCTURE ("APPLICATION" "PDF" ("NAME*" ${lit("utf-8''r%C3%A9sum%C3%A9.pdf")}) NIL NIL "BASE64" 10 NIL NIL NIL NIL))\r\n`,
    );
    expect(body.kind === "basic" && body.params).toEqual([[b("NAME*"), b("utf-8''r%C3%A9sum%C3%A9.pdf")]]);
    const headers = fetch(`* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] ${lit("Subject: x\r\n\r\n")})\r\n`);
    expect(headers.items.sections?.[0]).toEqual({
      item: "BODY",
      section: "HEADER.FIELDS (SUBJECT)",
      origin: null,
      data: b("Subject: x\r\n\r\n"),
    });
  });
});

describe("PROTOCOL.md §2: quoted strings, atoms, numbers, NIL", () => {
  it('§2.12 unescapes \\" and \\\\ (X-GM-LABELS "\\\\Inbox" is \\Inbox)', () => {
    const f = fetch('* 1 FETCH (X-GM-LABELS ("\\\\Inbox" "a\\"b" "\\\\Sent"))\r\n');
    expect(f.items.gmLabels).toEqual([b("\\Inbox"), b('a"b'), b("\\Sent")]);
  });

  it("§2.13 keeps UTF-8 and legacy 8-bit bytes of quoted strings as sent", () => {
    const subject = utf8("Grüße 你好");
    const head = b('* 1 FETCH (ENVELOPE (NIL "');
    const tail = b('" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n');
    const input = new Uint8Array([...head, ...subject, ...tail]);
    expect(fetch(input).items.envelope?.subject).toEqual(subject);
    const latin1 = fetch('* 1 FETCH (ENVELOPE (NIL "caf\u00e9" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n');
    expect(latin1.items.envelope?.subject).toEqual(new Uint8Array([0x63, 0x61, 0x66, 0xe9]));
  });

  it('§2.14 distinguishes NIL (null) from "" and {0} (empty)', () => {
    const env = fetch('* 1 FETCH (ENVELOPE (NIL "" NIL NIL NIL NIL NIL NIL {0}\r\n NIL))\r\n').items.envelope;
    expect(env?.date).toBeNull();
    expect(env?.subject).toEqual(b(""));
    expect(env?.inReplyTo).toEqual(b(""));
    expect(env?.messageId).toBeNull();
  });

  it("§2.15 reads an astring NIL as a mailbox called NIL and keywords in any case", () => {
    const list = as(decodeOne('* LIST () "/" NIL\r\n'), "list");
    expect(list.mailbox).toEqual({ raw: b("NIL"), name: "NIL" });
    const f = fetch("* 2 fetch (uid 5 Body[] NiL flags (\\Seen))\r\n");
    expect(f.items).toEqual({
      uid: 5,
      sections: [{ item: "BODY", section: "", origin: null, data: null }],
      flags: ["\\Seen"],
    });
  });

  it("§2.16 fails only the response with unescaped quotes inside a quoted string", () => {
    const [bad, next] = decodeAll(
      '* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL """" "7BIT" 0 0))\r\n* 2 EXISTS\r\n',
    );
    expect(as(bad as Response, "unparsed")).toMatchObject({ tag: "*", reason: "IMAP_ERR_SYNTAX" });
    expect(next).toEqual({ type: "exists", count: 2 });
    const names = decodeAll(
      '* 1 FETCH (ENVELOPE (NIL "x" (("Joe "The Boss"" NIL "j" "x.org")) NIL NIL NIL NIL NIL NIL NIL))\r\n',
    );
    expect(names[0]?.type).toBe("unparsed");
  });

  it("§2.17 accepts unquoted atoms with odd characters", () => {
    for (const name of ["INBOX.[Airmail].Snooze", "'a", "<[+=</$]"]) {
      const list = as(decodeOne(`* LIST (\\HasNoChildren) "." ${name}\r\n`), "list");
      expect(list.mailbox.name).toBe(name);
    }
  });

  it("§2.18 keeps control and high-bit bytes inside flags", () => {
    const f = fetch("* 1 FETCH (FLAGS (\\Seen $Junk\u0001x caf\u00e9))\r\n");
    expect(f.items.flags).toEqual(["\\Seen", "$Junk\u0001x", "caf\u00e9"]);
    expect(parse("* 1 FETCH (FLAGS (\\Seen $Junk\u0001x))\r\n", { looseAtomChars: false }).type).toBe(
      "unparsed",
    );
  });

  it("§2.19 reads 64-bit values beyond 2^53 exactly", () => {
    const f = fetch(
      "* 1 FETCH (MODSEQ (9223372036854775807) X-GM-MSGID 1278455344230334865 X-GM-THRID 18446744073709551615 RFC822.SIZE 5000000000)\r\n",
    );
    expect(f.items.modseq).toBe(9223372036854775807n);
    expect(f.items.gmMsgId).toBe(1278455344230334865n);
    expect(f.items.gmThrId).toBe(18446744073709551615n);
    expect(f.items.rfc822Size).toBe(5000000000);
    expect(parse("* 1 FETCH (MODSEQ (9223372036854775808))\r\n").type).toBe("unparsed");
  });

  it("§2.20 accepts -1 as body size, line count and MODSEQ", () => {
    const body = bodyOf('* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" -1 -1))\r\n');
    expect(body).toMatchObject({ kind: "text", size: -1, lines: -1 });
    expect(fetch("* 1 FETCH (MODSEQ (-1))\r\n").items.modseq).toBe(-1n);
    expect(parse("* 1 FETCH (MODSEQ (-1))\r\n", { negativeNumbers: false }).type).toBe("unparsed");
  });

  it("§2.21 accepts sequence number 0 from old Courier-IMAP", () => {
    const f = fetch("* 0 FETCH (UID 5 FLAGS ())\r\n");
    expect(f).toEqual({ type: "fetch", seq: 0, items: { uid: 5, flags: [] } });
    expect(parse("* 0 FETCH (UID 5)\r\n", { zeroSequenceNumber: false }).type).toBe("unparsed");
  });

  it("§2.22 skips NUL bytes before a response", () => {
    const r = parse("\u0000\u0000* OK ready\r\n");
    expect(r).toEqual({ type: "status", tag: null, condition: "OK", code: null, text: "ready" });
    expect(parse("\u0000* OK ready\r\n", { leadingNul: false }).type).toBe("unparsed");
  });
});

describe("PROTOCOL.md §2: status responses and response codes", () => {
  it("§2.23 accepts a code without text, bare `* OK` and bare `+`", () => {
    expect(decodeOne("* OK [UNSEEN 17]\r\n")).toEqual({
      type: "status",
      tag: null,
      condition: "OK",
      code: { code: "UNSEEN", value: 17 },
      text: "",
    });
    expect(decodeOne("A3 OK [HIGHESTMODSEQ 715194045007]\r\n")).toMatchObject({
      tag: "A3",
      code: { code: "HIGHESTMODSEQ", value: 715194045007n },
      text: "",
    });
    expect(decodeOne("* OK\r\n")).toEqual({
      type: "status",
      tag: null,
      condition: "OK",
      code: null,
      text: "",
    });
    expect(decodeOne("+\r\n")).toEqual({ type: "continuation", code: null, text: "" });
    expect(parse("* OK [UNSEEN 17]\r\n", { missingText: false }).type).toBe("unparsed");
    expect(parse("+\r\n", { missingText: false }).type).toBe("unparsed");
  });

  it("§2.24 keeps an unknown code with arbitrary payload as name + raw bytes", () => {
    const r = as(
      decodeOne(
        '* BAD [Error="Microsoft.Exchange.Imap4.ImapProxyException: ..." AuthResultFromPopImapEnd=0 Proxy=host:1993:SSL] x\r\n',
      ),
      "status",
    );
    expect(r.code).toEqual({
      code: "other",
      name: "ERROR=",
      raw: b(
        '"Microsoft.Exchange.Imap4.ImapProxyException: ..." AuthResultFromPopImapEnd=0 Proxy=host:1993:SSL',
      ),
      malformed: false,
    });
    expect(r.text).toBe("x");
  });

  it("§2.25 keeps malformed known codes as unparsed codes and the response usable", () => {
    const cases: Array<[string, string, string | null]> = [
      ["A1 OK [COPYUID 701  ] done\r\n", "COPYUID", "701  "],
      ["A1 OK [COPYUID] done\r\n", "COPYUID", null],
      ["* OK [CLOSED junk] done\r\n", "CLOSED", "junk"],
      ["* OK [UIDNEXT 5 trailing] done\r\n", "UIDNEXT", "5 trailing"],
    ];
    for (const [input, name, raw] of cases) {
      const r = as(decodeOne(input), "status");
      expect(r.code).toEqual({ code: "other", name, raw: raw === null ? null : b(raw), malformed: true });
      expect(r.text).toBe("done");
      expect(parse(input, { malformedCodes: false }).type).toBe("unparsed");
    }
  });

  it("§2.26 finds the closing bracket after flags containing brackets", () => {
    const r = as(
      decodeOne("* OK [PERMANENTFLAGS (\\Seen [css3-page] OIB-Seen-[Gmail]/All \\*)] Flags permitted.\r\n"),
      "status",
    );
    expect(r.code).toEqual({
      code: "PERMANENTFLAGS",
      flags: ["\\Seen", "[css3-page]", "OIB-Seen-[Gmail]/All", "\\*"],
    });
    expect(r.text).toBe("Flags permitted.");
  });

  it("§2.27 accepts \\* in PERMANENTFLAGS and, as a quirk, in FLAGS", () => {
    const ok = as(decodeOne("* OK [PERMANENTFLAGS (\\Deleted \\*)] x\r\n"), "status");
    expect(ok.code).toEqual({ code: "PERMANENTFLAGS", flags: ["\\Deleted", "\\*"] });
    expect(decodeOne("* FLAGS (\\Seen \\*)\r\n")).toEqual({ type: "flags", flags: ["\\Seen", "\\*"] });
    expect(parse("* FLAGS (\\Seen \\*)\r\n", { flagWildcardInFlags: false }).type).toBe("unparsed");
    expect(parse("* OK [PERMANENTFLAGS (\\*)] x\r\n", { flagWildcardInFlags: false }).type).toBe("status");
  });

  it("§2.28 reads UIDPLUS codes with uid-sets, tagged and untagged", () => {
    expect(as(decodeOne("A2 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n"), "status").code).toEqual({
      code: "COPYUID",
      uidValidity: 38505,
      source: [
        [304, 304],
        [319, 320],
      ],
      destination: [[3956, 3958]],
    });
    expect(as(decodeOne("A3 OK [APPENDUID 38505 3955] APPEND completed\r\n"), "status").code).toEqual({
      code: "APPENDUID",
      uidValidity: 38505,
      uids: [[3955, 3955]],
    });
    expect(as(decodeOne("A4 OK [APPENDUID 38505 3955:3957,3960] Done\r\n"), "status").code).toEqual({
      code: "APPENDUID",
      uidValidity: 38505,
      uids: [
        [3955, 3957],
        [3960, 3960],
      ],
    });
    const moved = as(decodeOne("* OK [COPYUID 432432 42:43 1000:1001] Moved\r\n"), "status");
    expect(moved.tag).toBeNull();
    expect(moved.code).toMatchObject({ code: "COPYUID", uidValidity: 432432 });
  });

  it("§2.29 reads CONDSTORE/QRESYNC codes", () => {
    const code = (s: string) => as(decodeOne(s), "status").code;
    expect(code("* OK [HIGHESTMODSEQ 20010715194045007] x\r\n")).toEqual({
      code: "HIGHESTMODSEQ",
      value: 20010715194045007n,
    });
    expect(code("* OK [NOMODSEQ] x\r\n")).toEqual({ code: "NOMODSEQ" });
    expect(code("A5 OK [MODIFIED 7,9] Conditional STORE failed\r\n")).toEqual({
      code: "MODIFIED",
      set: [
        [7, 7],
        [9, 9],
      ],
    });
    expect(code("* OK [CLOSED] Previous mailbox closed\r\n")).toEqual({ code: "CLOSED" });
  });

  it("§2.30 reads CAPABILITY in greetings and keeps REFERRAL, BADCHARSET and RFC 5530 codes raw", () => {
    const greeting = as(
      decodeOne("* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR AUTH=PLAIN] Dovecot ready.\r\n"),
      "status",
    );
    expect(greeting.code).toEqual({
      code: "CAPABILITY",
      capabilities: ["IMAP4REV1", "LITERAL+", "SASL-IR", "AUTH=PLAIN"],
    });
    expect(
      as(decodeOne("A1 NO [REFERRAL imap://user;AUTH=*@SERVER2/REMOTE] Remote\r\n"), "status").code,
    ).toEqual({
      code: "other",
      name: "REFERRAL",
      raw: b("imap://user;AUTH=*@SERVER2/REMOTE"),
      malformed: false,
    });
    expect(as(decodeOne("A2 NO [BADCHARSET (UTF-8 US-ASCII)] x\r\n"), "status").code).toEqual({
      code: "other",
      name: "BADCHARSET",
      raw: b("(UTF-8 US-ASCII)"),
      malformed: false,
    });
    expect(as(decodeOne("A3 NO [ALREADYEXISTS] Mailbox exists\r\n"), "status").code).toEqual({
      code: "other",
      name: "ALREADYEXISTS",
      raw: null,
      malformed: false,
    });
  });

  it("§2.31 reports lines with neither `*` nor a tag as unparsed without a tag", () => {
    const [copyuid, unavailable] = decodeAll("[COPYUID 124 10 233]\r\nServer Unavailable. 15\r\n");
    expect(as(copyuid as Response, "unparsed")).toMatchObject({ tag: null, reason: "IMAP_ERR_SYNTAX" });
    expect(as(unavailable as Response, "unparsed")).toMatchObject({
      tag: null,
      raw: b("Server Unavailable. 15\r\n"),
    });
  });

  it("§2.32 parses Exchange's throttling BAD as a status with its text", () => {
    expect(decodeOne("A7 BAD Request is throttled. Suggested Backoff Time: 92415 milliseconds\r\n")).toEqual({
      type: "status",
      tag: "A7",
      condition: "BAD",
      code: null,
      text: "Request is throttled. Suggested Backoff Time: 92415 milliseconds",
    });
  });

  it("§2.33 parses a `* BYE` greeting and reports an SMTP banner as unparsed", () => {
    expect(decodeOne("* BYE Too many connections\r\n")).toMatchObject({ type: "status", condition: "BYE" });
    expect(as(decodeOne("220 mx.example.com ESMTP Postfix\r\n"), "unparsed").tag).toBeNull();
  });
});

describe("PROTOCOL.md §2: ENVELOPE", () => {
  const env = (addresses: string) =>
    `* 1 FETCH (ENVELOPE ("Mon, 1 Jan 2024 10:00:00 +0000" "s" ${addresses} NIL NIL NIL NIL NIL "<a@b>" "<c@d>"))\r\n`;

  it("§2.34 tolerates extra SP between addresses", () => {
    const e = fetch(env('(("A" NIL "a" "x.org") ("B" NIL "b" "y.org"))')).items.envelope;
    expect(e?.from).toEqual([addr("A", "a", "x.org"), addr("B", "b", "y.org")]);
    const strict = parse(env('(("A" NIL "a" "x.org") ("B" NIL "b" "y.org"))'), {
      extraSpaceBetweenAddresses: false,
    });
    expect(strict.type).toBe("unparsed");
  });

  it("§2.35 reads () as an empty address list like NIL", () => {
    expect(fetch(env("()")).items.envelope?.from).toBeNull();
    expect(parse(env("()"), { emptyListAsNil: false }).type).toBe("unparsed");
  });

  it("§2.36 keeps group syntax: start marker, members, end marker", () => {
    const list = '((NIL NIL "team" NIL)("Ann" NIL "ann" "x.org")(NIL NIL NIL NIL)("Bo" NIL "bo" "y.org"))';
    const from = fetch(env(list)).items.envelope?.from ?? null;
    expect(from).toEqual([
      addr(null, "team", null),
      addr("Ann", "ann", "x.org"),
      addr(null, null, null),
      addr("Bo", "bo", "y.org"),
    ]);
    expect(groupAddresses(from)).toEqual([
      { kind: "group", name: "team", members: [addr("Ann", "ann", "x.org")] },
      { kind: "mailbox", address: addr("Bo", "bo", "y.org") },
    ]);
  });

  it('§2.37 keeps NIL vs "" headers, non-dates and encoded-words raw', () => {
    const e = fetch(
      '* 1 FETCH (ENVELOPE ("Mon, 24 May 20 21 09:47:50 +0000" "=?GBK?B?xOO6ww==?=" NIL NIL NIL NIL NIL NIL "" NIL))\r\n',
    ).items.envelope;
    expect(e?.date).toEqual(b("Mon, 24 May 20 21 09:47:50 +0000"));
    expect(e?.subject).toEqual(b("=?GBK?B?xOO6ww==?="));
    expect(e?.inReplyTo).toEqual(b(""));
    expect(e?.messageId).toBeNull();
  });
});

describe("PROTOCOL.md §2: BODYSTRUCTURE", () => {
  it("§2.38 keeps unknown extension data nested arbitrarily", () => {
    const body = bodyOf(
      '* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 3 1 NIL NIL NIL NIL (1 ("x" (NIL 2)) "y") 99))\r\n',
    );
    expect(body).toMatchObject({ md5: null, disposition: null, language: null, location: null });
    expect(body.extra).toEqual([[1, [b("x"), [null, 2]], b("y")], 99]);
  });

  it("§2.39 reads a multipart without children and message/* parts sent as basic parts", () => {
    expect(bodyOf('* 1 FETCH (BODYSTRUCTURE ("MIXED"))\r\n')).toEqual({
      kind: "multipart",
      subtype: "MIXED",
      parts: [],
    });
    expect(parse('* 1 FETCH (BODYSTRUCTURE ("MIXED"))\r\n', { multipartWithoutParts: false }).type).toBe(
      "unparsed",
    );
    const rfc822 = bodyOf(
      '* 1 FETCH (BODYSTRUCTURE ("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 120 NIL NIL NIL NIL))\r\n',
    );
    expect(rfc822).toMatchObject({ kind: "basic", type: "MESSAGE", subtype: "RFC822", size: 120, md5: null });
    const dsn = bodyOf('* 1 FETCH (BODYSTRUCTURE ("MESSAGE" "DELIVERY-STATUS" NIL NIL NIL "7BIT" 421))\r\n');
    expect(dsn).toEqual({
      kind: "basic",
      type: "MESSAGE",
      subtype: "DELIVERY-STATUS",
      params: null,
      id: null,
      description: null,
      encoding: b("7BIT"),
      size: 421,
    });
  });

  it("§2.40 reads a broken embedded message `() 0` and a nested multipart with NIL subtype", () => {
    const body = bodyOf(
      '* 1 FETCH (BODYSTRUCTURE ("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 0 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) () 0))\r\n',
    );
    expect(body).toMatchObject({ kind: "message", body: null, lines: 0 });
    expect(body.kind === "message" && body.envelope?.subject).toBeNull();
    const nested = bodyOf(
      '* 1 FETCH (BODYSTRUCTURE ((("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) NIL) "MIXED"))\r\n',
    );
    expect(nested.kind === "multipart" && nested.parts[0]).toMatchObject({
      kind: "multipart",
      subtype: null,
    });
    const input =
      '* 1 FETCH (BODYSTRUCTURE ("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 0 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) () 0))\r\n';
    expect(parse(input, { emptyNestedBody: false }).type).toBe("unparsed");
  });

  it('§2.41 accepts ("boundary" NIL) and NIL or "" encodings', () => {
    const body = bodyOf('* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" ("CHARSET" NIL) NIL NIL NIL 5 1))\r\n');
    expect(body).toMatchObject({ params: [[b("CHARSET"), null]], encoding: null });
    const empty = bodyOf('* 1 FETCH (BODYSTRUCTURE ("IMAGE" "PNG" NIL NIL NIL "" 5))\r\n');
    expect(empty).toMatchObject({ kind: "basic", encoding: b("") });
    const input = '* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" ("CHARSET" NIL) NIL NIL "7BIT" 5 1))\r\n';
    expect(parse(input, { nilBodyStrings: false }).type).toBe("unparsed");
  });

  it("§2.42 reads a type without subtype, double spaces and misplaced disposition strings", () => {
    const noSubtype = bodyOf('* 1 FETCH (BODYSTRUCTURE ("X-ZIP" ("NAME" "a.zip") NIL NIL "BASE64" 12))\r\n');
    expect(noSubtype).toMatchObject({
      kind: "basic",
      type: "X-ZIP",
      subtype: null,
      params: [[b("NAME"), b("a.zip")]],
      size: 12,
    });
    const gmail = bodyOf(
      '* 1 FETCH (BODYSTRUCTURE (("ALTERNATIVE" ("BOUNDARY" "b1") NIL NIL)("TEXT" "HTML" NIL NIL NIL "7BIT" 9 1) "MIXED"))\r\n',
    );
    expect(gmail.kind === "multipart" && gmail.parts[0]).toEqual({
      kind: "multipart",
      subtype: "ALTERNATIVE",
      parts: [],
      params: [[b("BOUNDARY"), b("b1")]],
      disposition: null,
      language: null,
    });
    const domino = bodyOf('* 1 FETCH (BODYSTRUCTURE ("TEXT"  "PLAIN" NIL  NIL NIL "7BIT"  5 1))\r\n');
    expect(domino).toMatchObject({ kind: "text", subtype: "PLAIN", size: 5, lines: 1 });
    const inline = bodyOf(
      '* 1 FETCH (BODYSTRUCTURE ("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 802 19 NIL "inline" NIL NIL))\r\n',
    );
    expect(inline.disposition).toEqual({ type: b("inline"), params: null });
    const smime = bodyOf(
      '* 1 FETCH (BODYSTRUCTURE (("text" "plain" NIL NIL NIL "7bit" 0 0) "mixed" ("boundary" "x") "S/MIME Encrypted Message" NIL))\r\n',
    );
    expect(smime.disposition).toEqual({ type: b("S/MIME Encrypted Message"), params: null });
    const md5List = bodyOf(
      '* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL NIL 0 0 ("BOUNDARY" "x") NIL NIL))\r\n',
    );
    expect(md5List).toMatchObject({ md5: null, disposition: null, language: null });
    expect(
      parse('* 1 FETCH (BODYSTRUCTURE ("X-ZIP" ("NAME" "a") NIL NIL "BASE64" 12))\r\n', {
        missingSubtype: false,
        multipartWithoutParts: false,
      }).type,
    ).toBe("unparsed");
    expect(
      parse('* 1 FETCH (BODYSTRUCTURE ("TEXT"  "PLAIN" NIL NIL NIL "7BIT" 5 1))\r\n', { doubleSpace: false })
        .type,
    ).toBe("unparsed");
    expect(
      parse('* 1 FETCH (BODYSTRUCTURE ("text" "plain" NIL NIL NIL "7bit" 8 1 NIL "inline" NIL NIL))\r\n', {
        bareInlineDisposition: false,
      }).type,
    ).toBe("unparsed");
    expect(
      parse('* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 0 0 ("B" "x") NIL NIL))\r\n', {
        misplacedBodyFields: false,
      }).type,
    ).toBe("unparsed");
  });

  it("§2.43 distinguishes BODY from BODYSTRUCTURE; text has lines, message/rfc822 envelope + body + lines", () => {
    const f = fetch(
      '* 1 FETCH (BODY ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 2) BODYSTRUCTURE ("message" "rfc822" NIL NIL NIL "7bit" 300 ("d" "s" NIL NIL NIL NIL NIL NIL NIL "<m>") ("text" "plain" NIL NIL NIL "7bit" 20 3) 12 NIL NIL NIL NIL))\r\n',
    );
    expect(f.items.body).toEqual({
      kind: "text",
      type: "text",
      subtype: "plain",
      params: [[b("charset"), b("us-ascii")]],
      id: null,
      description: null,
      encoding: b("7bit"),
      size: 10,
      lines: 2,
    });
    expect(f.items.bodyStructure).toMatchObject({
      kind: "message",
      type: "message",
      subtype: "rfc822",
      size: 300,
      lines: 12,
      envelope: { date: b("d"), subject: b("s"), messageId: b("<m>") },
      body: { kind: "text", size: 20, lines: 3 },
      md5: null,
      location: null,
    });
  });
});

describe("PROTOCOL.md §2: FETCH items", () => {
  it("§2.44 tolerates a trailing space before `)`", () => {
    expect(fetch("* 5 FETCH (UID 19436 )\r\n").items).toEqual({ uid: 19436 });
    expect(parse("* 5 FETCH (UID 19436 )\r\n", { trailingSpace: false }).type).toBe("unparsed");
  });

  it("§2.45 reads section keys, origins, BINARY, BINARY.SIZE and the invalid RFC822[]", () => {
    const f = fetch(
      `* 1 FETCH (BODY[HEADER.FIELDS (FROM "To")] ${lit("From: a\r\n\r\n")} BODY[1.2.MIME] NIL BODY[]<0> ${lit("abc")} BINARY[1] ~{2}\r\nhi BINARY.SIZE[1] 2048 BODY[header.fields.not (X-Y)] "")\r\n`,
    );
    expect(f.items.sections).toEqual([
      { item: "BODY", section: "HEADER.FIELDS (FROM TO)", origin: null, data: b("From: a\r\n\r\n") },
      { item: "BODY", section: "1.2.MIME", origin: null, data: null },
      { item: "BODY", section: "", origin: 0, data: b("abc") },
      { item: "BINARY", section: "1", origin: null, data: b("hi") },
      { item: "BODY", section: "HEADER.FIELDS.NOT (X-Y)", origin: null, data: b("") },
    ]);
    expect(f.items.binarySizes).toEqual([{ section: "1", size: 2048 }]);
    const rfc822 = fetch(`* 2 FETCH (RFC822[] ${lit("x")})\r\n`);
    expect(rfc822.items.sections).toEqual([{ item: "RFC822", section: "", origin: null, data: b("x") }]);
    expect(parse(`* 2 FETCH (RFC822[] ${lit("x")})\r\n`, { rfc822Section: false }).type).toBe("unparsed");
  });

  it("§2.46 parses each FETCH of one message on its own (merging is the session's job)", () => {
    const [a, c] = decodeAll("* 7 FETCH (FLAGS (\\Seen) MODSEQ (12))\r\n* 7 FETCH (UID 70)\r\n");
    expect(a).toEqual({ type: "fetch", seq: 7, items: { flags: ["\\Seen"], modseq: 12n } });
    expect(c).toEqual({ type: "fetch", seq: 7, items: { uid: 70 } });
  });

  it("§2.47 reads Gmail labels mixing quoted strings and atoms, and 64-bit X-GM-MSGID", () => {
    const f = fetch(
      '* 1 FETCH (X-GM-MSGID 1278455344230334865 X-GM-LABELS (\\Inbox "Work Stuff" [Imap]/Trash))\r\n',
    );
    expect(f.items.gmMsgId).toBe(1278455344230334865n);
    expect(f.items.gmLabels).toEqual([b("\\Inbox"), b("Work Stuff"), b("[Imap]/Trash")]);
  });

  it("§2.48 fails only the response whose paren closes before its items end", () => {
    const [bad, next] = decodeAll(`* 1 FETCH (BODY[] ${lit("abc")}) UID 5\r\n* 2 FETCH (UID 6)\r\n`);
    expect(as(bad as Response, "unparsed").tag).toBe("*");
    expect(next).toEqual({ type: "fetch", seq: 2, items: { uid: 6 } });
  });
});

describe("PROTOCOL.md §2: SEARCH, ESEARCH, SORT, THREAD", () => {
  it("§2.49 reads empty SEARCH, a trailing space and a MODSEQ", () => {
    expect(decodeOne("* SEARCH\r\n")).toEqual({ type: "search", numbers: new Uint32Array(0), modseq: null });
    expect(decodeOne("* SEARCH 1 2 \r\n")).toEqual({
      type: "search",
      numbers: new Uint32Array([1, 2]),
      modseq: null,
    });
    expect(decodeOne("* SEARCH 2 3 (MODSEQ 917162500)\r\n")).toEqual({
      type: "search",
      numbers: new Uint32Array([2, 3]),
      modseq: 917162500n,
    });
    expect(parse("* SEARCH 1 2 \r\n", { trailingSpace: false }).type).toBe("unparsed");
  });

  it("§2.50 reads a SEARCH line with 200k numbers into a typed array", () => {
    const count = 200_000;
    let line = "* SEARCH";
    for (let i = 1; i <= count; i++) line += ` ${i * 3}`;
    const r = as(parse(`${line}\r\n`), "search");
    expect(r.numbers).toBeInstanceOf(Uint32Array);
    expect(r.numbers.length).toBe(count);
    expect(r.numbers[0]).toBe(3);
    expect(r.numbers[count - 1]).toBe(count * 3);
  });

  it("§2.51 reads ESEARCH with TAG, UID, MIN, COUNT, ALL, MODSEQ, PARTIAL and no items", () => {
    expect(decodeOne('* ESEARCH (TAG "A282") UID MIN 2 COUNT 3 ALL 1:3,5\r\n')).toEqual({
      type: "esearch",
      tag: "A282",
      uid: true,
      min: 2,
      count: 3,
      all: [
        [1, 3],
        [5, 5],
      ],
      other: [],
    });
    expect(decodeOne('* ESEARCH (TAG "A283")\r\n')).toEqual({
      type: "esearch",
      tag: "A283",
      uid: false,
      other: [],
    });
    expect(decodeOne('* ESEARCH (TAG "A284") MAX 9 MODSEQ 12345\r\n')).toMatchObject({
      max: 9,
      modseq: 12345n,
    });
    expect(decodeOne('* ESEARCH (TAG "A285") UID PARTIAL (-1:-100 4:8,10)\r\n')).toMatchObject({
      uid: true,
      partial: {
        range: [-1, -100],
        set: [
          [4, 8],
          [10, 10],
        ],
      },
    });
    expect(decodeOne('* ESEARCH (TAG "A286") UID PARTIAL (1:10 NIL)\r\n')).toMatchObject({
      partial: { range: [1, 10], set: [] },
    });
  });

  it("§2.52 reads THREAD nesting without spaces and SORT numbers", () => {
    const t = as(decodeOne("* THREAD (2)(3 6 (4 23)(44 7 96))\r\n"), "thread");
    const n = (id: number, ...children: ThreadNode[]): ThreadNode => ({ id, children });
    expect(t.threads).toEqual([n(2), n(3, n(6, n(4, n(23)), n(44, n(7, n(96)))))]);
    expect(decodeOne("* SORT 2 3 6\r\n")).toEqual({
      type: "sort",
      numbers: new Uint32Array([2, 3, 6]),
      modseq: null,
    });
  });
});

describe("PROTOCOL.md §2: VANISHED", () => {
  it("§2.53 reads VANISHED (EARLIER), plain VANISHED and an empty one", () => {
    expect(decodeOne("* VANISHED (EARLIER) 1:26183,26185\r\n")).toEqual({
      type: "vanished",
      earlier: true,
      uids: [
        [1, 26183],
        [26185, 26185],
      ],
    });
    expect(decodeOne("* VANISHED 23\r\n")).toEqual({ type: "vanished", earlier: false, uids: [[23, 23]] });
    expect(decodeOne("* VANISHED\r\n")).toEqual({ type: "vanished", earlier: false, uids: [] });
    expect(decodeOne("* VANISHED (EARLIER)\r\n")).toEqual({ type: "vanished", earlier: true, uids: [] });
    expect(parse("* VANISHED\r\n", { emptyVanished: false }).type).toBe("unparsed");
  });
});

describe("PROTOCOL.md §2: LIST, NAMESPACE, STATUS and mailbox names", () => {
  it("§2.54 reads a NIL hierarchy delimiter in LIST and NAMESPACE", () => {
    expect(decodeOne('* LIST (\\NoInferiors) NIL "INBOX"\r\n')).toMatchObject({
      delimiter: null,
      mailbox: { name: "INBOX" },
    });
    expect(decodeOne('* NAMESPACE (("" NIL)) NIL NIL\r\n')).toEqual({
      type: "namespace",
      personal: [{ prefix: { raw: b(""), name: "" }, delimiter: null }],
      otherUsers: null,
      shared: null,
    });
  });

  it("§2.55 decodes delimiters, literal and atom names, modified UTF-7, invalid mUTF-7 and UTF-8", () => {
    expect(as(decodeOne('* LIST () "\\\\" Work\r\n'), "list").delimiter).toBe("\\");
    expect(as(decodeOne('* LIST () "." Work\r\n'), "list").delimiter).toBe(".");
    expect(as(decodeOne('* LIST () "/" "&U,BTFw-/&ZeVnLIqe-"\r\n'), "list").mailbox.name).toBe("台北/日本語");
    expect(as(decodeOne('* LIST () "/" "Tom &- Jerry"\r\n'), "list").mailbox.name).toBe("Tom & Jerry");
    const invalid = as(decodeOne('* LIST () "/" "R&AOk-sum&-\u00e9"\r\n'), "list");
    expect(invalid.mailbox).toEqual({ raw: b("R&AOk-sum&-\u00e9"), name: "R&AOk-sum&-\u00e9" });
    expect(as(decodeOne('* LIST () "/" "&Jjo"\r\n'), "list").mailbox.name).toBe("&Jjo");
    const name = utf8("Résumé/日本");
    const input = new Uint8Array([...b(`* LIST () "/" {${name.length}}\r\n`), ...name, 13, 10]);
    expect(as(decodeOne(input, { utf8: true }), "list").mailbox).toEqual({ raw: name, name: "Résumé/日本" });
  });

  it("§2.56 reads LIST-EXTENDED data, SPECIAL-USE, XLIST \\Inbox and an empty flag", () => {
    const l = as(
      decodeOne(
        '* LIST (\\Subscribed \\NonExistent) "/" "Fruit/Peach" ("CHILDINFO" ("SUBSCRIBED") "OLDNAME" ("Fruit/Old"))\r\n',
      ),
      "list",
    );
    expect(l.extended).toEqual([
      ["CHILDINFO", [b("SUBSCRIBED")]],
      ["OLDNAME", [b("Fruit/Old")]],
    ]);
    expect(as(decodeOne('* LIST (\\HasNoChildren \\Sent) "/" "Sent"\r\n'), "list").attributes).toEqual([
      "\\HasNoChildren",
      "\\Sent",
    ]);
    const x = as(decodeOne('* XLIST (\\HasNoChildren \\Inbox \\) "/" "Inbox"\r\n'), "list");
    expect(x).toMatchObject({
      command: "XLIST",
      attributes: ["\\HasNoChildren", "\\Inbox", "\\"],
      mailbox: { name: "INBOX" },
    });
    expect(parse('* XLIST (\\) "/" "Inbox"\r\n', { emptyFlag: false }).type).toBe("unparsed");
    const [list, status] = decodeAll(
      '* LIST () "." "INBOX.a"\r\n* STATUS "INBOX.a" (MESSAGES 3 UNSEEN 1)\r\n',
    );
    expect(list?.type).toBe("list");
    expect(status).toMatchObject({ type: "mailboxStatus", status: { messages: 3, unseen: 1 } });
  });

  it("§2.57 reads STATUS with a trailing space, HIGHESTMODSEQ/SIZE and a literal name", () => {
    expect(
      decodeOne(
        `* STATUS ${lit("My Box")} (MESSAGES 231 UIDNEXT 44292 HIGHESTMODSEQ 7011231777 SIZE 5000000000) \r\n`,
      ),
    ).toEqual({
      type: "mailboxStatus",
      mailbox: { raw: b("My Box"), name: "My Box" },
      status: { messages: 231, uidNext: 44292, highestModseq: 7011231777n, size: 5000000000n },
    });
    expect(parse("* STATUS INBOX (MESSAGES 1) \r\n", { trailingSpace: false }).type).toBe("unparsed");
  });
});

describe("PROTOCOL.md §2: continuations and miscellany", () => {
  it("§2.58 reads `+` variants, ignores unknown untagged types and handles ID, ENABLED, CAPABILITY quirks", () => {
    expect(decodeOne("+ idling\r\n")).toEqual({ type: "continuation", code: null, text: "idling" });
    expect(decodeOne("+ [ALERT] Watch out\r\n")).toEqual({
      type: "continuation",
      code: { code: "ALERT" },
      text: "Watch out",
    });
    expect(
      decodeOne("+ YGgGCSqGSIb3EgECAgIBAAD/////6jcyG4GE3KkTzBeBiVHeceP2CWY0SR0fAQAgAAQEBAQ=\r\n"),
    ).toMatchObject({
      text: "YGgGCSqGSIb3EgECAgIBAAD/////6jcyG4GE3KkTzBeBiVHeceP2CWY0SR0fAQAgAAQEBAQ=",
    });
    expect(decodeOne("+\r\n")).toEqual({ type: "continuation", code: null, text: "" });
    const [noop, numbered] = decodeAll("* NOOP\r\n* 99 NOOP\r\n");
    expect(noop).toMatchObject({ type: "unparsed", tag: "*", reason: "IMAP_ERR_UNKNOWN_RESPONSE" });
    expect(numbered).toMatchObject({ type: "unparsed", tag: "*", reason: "IMAP_ERR_UNKNOWN_RESPONSE" });
    expect(decodeOne("* ID NIL\r\n")).toEqual({ type: "id", params: null });
    expect(decodeOne("* ENABLED\r\n")).toEqual({ type: "enabled", capabilities: [] });
    expect(decodeOne("* CAPABILITY IMAP4rev1 IDLE \r\n")).toEqual({
      type: "capability",
      capabilities: ["IMAP4REV1", "IDLE"],
    });
    expect(decodeOne("*  OK  ready\r\n")).toMatchObject({ type: "status", condition: "OK" });
    expect(parse("*  OK ready\r\n", { doubleSpace: false }).type).toBe("unparsed");
    expect(decodeOne("ZZ999 OK never sent\r\n")).toMatchObject({ type: "status", tag: "ZZ999" });
  });
});
