import { describe, expect, it } from "vitest";
import { as, b, decodeOne, parse } from "../../../test/parse-cases.js";

describe("LIST, LSUB, STATUS, NAMESPACE", () => {
  it("reads LIST and LSUB with attributes, delimiter and name", () => {
    expect(decodeOne('* LIST (\\Noselect) "/" ~/Mail/foo\r\n')).toEqual({
      type: "list",
      command: "LIST",
      attributes: ["\\Noselect"],
      delimiter: "/",
      mailbox: { raw: b("~/Mail/foo"), name: "~/Mail/foo" },
      extended: [],
    });
    expect(decodeOne('* LSUB () "." #news.comp.mail.misc\r\n')).toMatchObject({
      command: "LSUB",
      delimiter: ".",
    });
  });

  it("canonicalises INBOX in any case", () => {
    expect(as(decodeOne('* LIST () "/" inbox\r\n'), "list").mailbox).toEqual({
      raw: b("inbox"),
      name: "INBOX",
    });
  });

  it("reads every STATUS item and skips unknown ones", () => {
    expect(
      decodeOne(
        "* STATUS INBOX (MESSAGES 1 RECENT 2 UIDNEXT 3 UIDVALIDITY 4 UNSEEN 5 DELETED 6 SIZE 7 HIGHESTMODSEQ 8 APPENDLIMIT NIL MAILBOXID (M1))\r\n",
      ),
    ).toEqual({
      type: "mailboxStatus",
      mailbox: { raw: b("INBOX"), name: "INBOX" },
      status: {
        messages: 1,
        recent: 2,
        uidNext: 3,
        uidValidity: 4,
        unseen: 5,
        deleted: 6,
        size: 7n,
        highestModseq: 8n,
      },
    });
    expect(decodeOne("* STATUS x ()\r\n")).toMatchObject({ status: {} });
  });

  it("reads NAMESPACE lists with several descriptors and extensions", () => {
    expect(
      decodeOne('* NAMESPACE (("" "/")("#mh/" "/" "X-PARAM" ("FLAG1" "FLAG2"))) (("~" "/")) NIL\r\n'),
    ).toEqual({
      type: "namespace",
      personal: [
        { prefix: { raw: b(""), name: "" }, delimiter: "/" },
        { prefix: { raw: b("#mh/"), name: "#mh/" }, delimiter: "/" },
      ],
      otherUsers: [{ prefix: { raw: b("~"), name: "~" }, delimiter: "/" }],
      shared: null,
    });
  });

  it("reads an empty NAMESPACE list () as NIL, refused without emptyListAsNil", () => {
    expect(decodeOne('* NAMESPACE () (("~" "/")) ()\r\n')).toMatchObject({ personal: null, shared: null });
    expect(parse("* NAMESPACE () NIL NIL\r\n", { emptyListAsNil: false }).type).toBe("unparsed");
  });
});
