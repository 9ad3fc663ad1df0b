/**
 * Property: any typed response, written the way a conforming server writes it, parses back to the
 * same model - whole through the parser, and through the decoder in two chunks split anywhere.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ResponseDecoder } from "../src/codec/decoder.js";
import { parseResponse } from "../src/codec/parser/index.js";
import type {
  Address,
  BodyDisposition,
  BodyParams,
  BodySection,
  BodyStructure,
  Envelope,
  ExtensionValue,
  FetchItems,
  MailboxName,
  NString,
  NumberRanges,
  Response,
  ResponseCode,
  ThreadNode,
} from "../src/types/response.js";
import { decodeMailboxName } from "../src/types/values.js";
import { serializeResponse } from "./serialize-response.js";

const enc = new TextEncoder();
const ascii = (s: string) => enc.encode(s);

// ---- scalars -------------------------------------------------------------------------------

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const nz = fc.integer({ min: 1, max: 0xffffffff });
const modseq = fc.bigInt({ min: 0n, max: 0x7fffffffffffffffn });
const u64 = fc.bigInt({ min: 0n, max: 0xffffffffffffffffn });
const bytes = fc.uint8Array({ maxLength: 24 });
const nstring: fc.Arbitrary<NString> = fc.option(bytes, { nil: null });
const upperAtom = fc.stringMatching(/^[A-Z][A-Z0-9-]{0,10}$/);
const keyword = fc.stringMatching(/^[A-Za-z$][A-Za-z0-9$_.-]{0,10}$/);
const flag = fc.oneof(
  keyword,
  keyword.map((k) => `\\${k}`),
);
/** Human text that cannot be mistaken for a response code or lose a leading space. */
const humanText = fc
  .string({ unit: "grapheme", maxLength: 30 })
  .map((s) => s.replace(/[\r\n]/g, " ").replace(/^[ [\]]+/, ""));

const ranges: fc.Arbitrary<NumberRanges> = fc.array(
  fc.tuple(nz, nz).map(([a, b]) => (a <= b ? ([a, b] as const) : ([b, a] as const))),
  { minLength: 1, maxLength: 4 },
);

const mailboxName: fc.Arbitrary<MailboxName> = fc
  .oneof(
    fc.uint8Array({ minLength: 1, maxLength: 16 }),
    fc.constantFrom("INBOX", "&U,BTFw-", "a&-b", "Sent Items").map(ascii),
  )
  .map((raw) => ({ raw, name: decodeMailboxName(raw, false) }));

const extensionValue: fc.Arbitrary<ExtensionValue> = fc.letrec<{ value: ExtensionValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 3, withCrossShrink: true },
    fc.constant(null),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    fc.bigInt({ min: BigInt(Number.MAX_SAFE_INTEGER) + 1n, max: 1n << 70n }),
    bytes,
    fc.array(tie("value"), { maxLength: 3 }),
  ),
})).value;

// ---- response codes ------------------------------------------------------------------------

const KNOWN_CODES = [
  "ALERT",
  "CAPABILITY",
  "PERMANENTFLAGS",
  "UIDVALIDITY",
  "UIDNEXT",
  "UNSEEN",
  "READ-WRITE",
  "READ-ONLY",
  "TRYCREATE",
  "APPENDUID",
  "COPYUID",
  "HIGHESTMODSEQ",
  "NOMODSEQ",
  "MODIFIED",
  "CLOSED",
];

const responseCode: fc.Arbitrary<ResponseCode> = fc.oneof(
  fc.constantFrom<ResponseCode>(
    { code: "ALERT" },
    { code: "READ-WRITE" },
    { code: "READ-ONLY" },
    { code: "TRYCREATE" },
    { code: "NOMODSEQ" },
    { code: "CLOSED" },
  ),
  fc
    .array(upperAtom, { maxLength: 4 })
    .map((capabilities) => ({ code: "CAPABILITY" as const, capabilities })),
  fc
    .array(fc.oneof(flag, fc.constant("\\*")), { maxLength: 4 })
    .map((flags) => ({ code: "PERMANENTFLAGS" as const, flags })),
  fc
    .tuple(fc.constantFrom("UIDVALIDITY", "UIDNEXT", "UNSEEN"), nz)
    .map(([code, value]) => ({ code, value }) as ResponseCode),
  fc.tuple(nz, ranges).map(([uidValidity, uids]) => ({ code: "APPENDUID" as const, uidValidity, uids })),
  fc.tuple(nz, ranges, ranges).map(([uidValidity, source, destination]) => ({
    code: "COPYUID" as const,
    uidValidity,
    source,
    destination,
  })),
  modseq.map((value) => ({ code: "HIGHESTMODSEQ" as const, value })),
  ranges.map((set) => ({ code: "MODIFIED" as const, set })),
  fc
    .tuple(
      upperAtom.filter((n) => !KNOWN_CODES.includes(n)),
      fc.option(fc.stringMatching(/^[A-Za-z0-9 .,:;=@/!?'-]{0,20}$/), { nil: null }),
    )
    .map(([name, raw]) => ({
      code: "other" as const,
      name,
      raw: raw === null ? null : ascii(raw),
      malformed: false,
    })),
  fc
    .constantFrom(
      "UIDNEXT",
      "UIDVALIDITY",
      "UNSEEN",
      "COPYUID",
      "APPENDUID",
      "HIGHESTMODSEQ",
      "MODIFIED",
      "ALERT",
      "CLOSED",
    )
    .map((name) => ({ code: "other" as const, name, raw: ascii("x y"), malformed: true })),
);

// ---- ENVELOPE and BODYSTRUCTURE ------------------------------------------------------------

const address: fc.Arbitrary<Address> = fc.record({
  name: nstring,
  adl: nstring,
  mailbox: nstring,
  host: nstring,
});
const addressList = fc.option(fc.array(address, { minLength: 1, maxLength: 3 }), { nil: null });
const envelope: fc.Arbitrary<Envelope> = fc.record({
  date: nstring,
  subject: nstring,
  from: addressList,
  sender: addressList,
  replyTo: addressList,
  to: addressList,
  cc: addressList,
  bcc: addressList,
  inReplyTo: nstring,
  messageId: nstring,
});

const params: fc.Arbitrary<BodyParams | null> = fc.option(
  fc.array(fc.tuple(bytes, nstring), { minLength: 1, maxLength: 3 }),
  {
    nil: null,
  },
);
const disposition: fc.Arbitrary<BodyDisposition | null> = fc.option(fc.record({ type: bytes, params }), {
  nil: null,
});
const language = fc.option(fc.array(bytes, { minLength: 1, maxLength: 2 }), { nil: null });
const mediaType = fc.option(fc.constantFrom("APPLICATION", "image", "X-ZIP", "AUDIO"), { nil: null });

/** Extension fields present as a prefix: md5/params, disposition, language, location, extra. */
function withExtensions<T extends object>(
  first: fc.Arbitrary<unknown>,
  firstKey: "md5" | "params",
): (base: T) => fc.Arbitrary<T> {
  return (base) =>
    fc
      .tuple(
        fc.integer({ min: 0, max: 5 }),
        first,
        disposition,
        language,
        nstring,
        fc.array(extensionValue, { minLength: 1, maxLength: 2 }),
      )
      .map(([n, f, d, l, loc, extra]) => {
        const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
        if (n >= 1) out[firstKey] = f;
        if (n >= 2) out.disposition = d;
        if (n >= 3) out.language = l;
        if (n >= 4) out.location = loc;
        if (n >= 5) out.extra = extra;
        return out as unknown as T;
      });
}

const singleFields = fc.record({
  params,
  id: nstring,
  description: nstring,
  encoding: nstring,
  size: fc.integer({ min: -1, max: 1e9 }),
});

const bodyStructure: fc.Arbitrary<BodyStructure> = fc.letrec<{ body: BodyStructure }>((tie) => ({
  body: fc.oneof(
    { depthSize: "small", maxDepth: 3, withCrossShrink: true },
    fc
      .tuple(
        singleFields,
        fc.constantFrom("TEXT", "text"),
        fc.option(fc.constantFrom("PLAIN", "html"), { nil: null }),
        fc.integer({ min: -1, max: 1e6 }),
      )
      .map(([f, type, subtype, lines]) => ({ kind: "text" as const, type, subtype, ...f, lines }))
      .chain(withExtensions<BodyStructure>(nstring, "md5")),
    fc
      .tuple(singleFields, mediaType, fc.option(fc.constantFrom("PDF", "octet-stream", "png"), { nil: null }))
      .map(([f, type, subtype]) => ({ kind: "basic" as const, type, subtype, ...f }))
      .chain(withExtensions<BodyStructure>(nstring, "md5")),
    fc
      .tuple(singleFields, envelope, fc.option(tie("body"), { nil: null }), fc.integer({ min: 0, max: 1e6 }))
      .map(([f, env, body, lines]) => ({
        kind: "message" as const,
        type: "MESSAGE",
        subtype: "RFC822",
        ...f,
        envelope: env,
        body,
        lines,
      }))
      .chain(withExtensions<BodyStructure>(nstring, "md5")),
    fc
      .tuple(
        fc.array(tie("body"), { minLength: 1, maxLength: 3 }),
        fc.option(fc.constantFrom("MIXED", "alternative"), { nil: null }),
      )
      .map(([parts, subtype]) => ({ kind: "multipart" as const, subtype, parts }))
      .chain(withExtensions<BodyStructure>(params, "params")),
    fc
      .constantFrom("MIXED", "RELATED")
      .map((subtype) => ({ kind: "multipart" as const, subtype, parts: [] })),
  ),
})).body;

// ---- FETCH ---------------------------------------------------------------------------------

const sectionSpec = fc.oneof(
  fc.constant(""),
  fc.constantFrom("HEADER", "TEXT", "1", "1.2", "2.HEADER", "1.2.MIME", "3.TEXT"),
  fc
    .tuple(
      fc.constantFrom("HEADER.FIELDS", "HEADER.FIELDS.NOT", "1.HEADER.FIELDS"),
      fc.array(upperAtom, { minLength: 1, maxLength: 3 }),
    )
    .map(([k, fields]) => `${k} (${fields.join(" ")})`),
);

const bodySection: fc.Arbitrary<BodySection> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("BODY" as const, "BINARY" as const),
      sectionSpec,
      fc.option(u32, { nil: null }),
      nstring,
    )
    .map(([item, section, origin, data]) => ({ item, section, origin, data })),
  fc
    .tuple(fc.constantFrom("RFC822" as const, "RFC822.HEADER" as const, "RFC822.TEXT" as const), nstring)
    .map(([item, data]) => ({ item, section: "", origin: null, data })),
);

const FETCH_NAMES = [
  "UID",
  "FLAGS",
  "BODY",
  "BINARY",
  "RFC822",
  "MODSEQ",
  "PREVIEW",
  "ENVELOPE",
  "BODYSTRUCTURE",
  "INTERNALDATE",
];

const fetchItems: fc.Arbitrary<FetchItems> = fc.record(
  {
    uid: u32,
    flags: fc.array(flag, { maxLength: 4 }),
    internalDate: fc.stringMatching(/^[ 0-9]{2}-[A-Z][a-z]{2}-[0-9]{4} [0-9:]{8} [+-][0-9]{4}$/),
    rfc822Size: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    envelope,
    bodyStructure,
    body: bodyStructure,
    sections: fc.array(bodySection, { minLength: 1, maxLength: 3 }),
    binarySizes: fc.array(fc.record({ section: sectionSpec, size: u32 }), { minLength: 1, maxLength: 2 }),
    modseq,
    preview: nstring,
    gmMsgId: u64,
    gmThrId: u64,
    gmLabels: fc.array(bytes, { maxLength: 3 }),
    other: fc.array(
      fc.tuple(
        upperAtom.filter((n) => !FETCH_NAMES.some((k) => n.startsWith(k)) && !n.startsWith("X-GM")),
        extensionValue,
      ),
      { minLength: 1, maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<FetchItems>;

// ---- THREAD --------------------------------------------------------------------------------

const threadNode: fc.Arbitrary<ThreadNode> = fc.letrec<{ node: ThreadNode; dummy: ThreadNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", maxDepth: 4, withCrossShrink: true },
    nz.map((id) => ({ id, children: [] })),
    fc.tuple(nz, fc.array(tie("node"), { maxLength: 3 })).map(([id, children]) => ({ id, children })),
    tie("dummy"),
  ),
  dummy: fc.array(tie("node"), { minLength: 1, maxLength: 3 }).map((children) => ({ id: null, children })),
})).node;

// ---- responses -----------------------------------------------------------------------------

const tag = fc.stringMatching(/^[A-Za-z0-9.]{1,8}$/);
const namespaceList = fc.option(
  fc.array(
    fc.record({
      prefix: mailboxName,
      delimiter: fc.option(fc.constantFrom("/", ".", "\\"), { nil: null }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  { nil: null },
);

const response: fc.Arbitrary<Response> = fc.oneof(
  fc
    .tuple(
      fc.option(tag, { nil: null }),
      fc.constantFrom("OK", "NO", "BAD"),
      fc.option(responseCode, { nil: null }),
      humanText,
    )
    .map(([t, condition, code, text]) => ({ type: "status" as const, tag: t, condition, code, text })),
  fc
    .tuple(
      fc.constantFrom("PREAUTH" as const, "BYE" as const),
      fc.option(responseCode, { nil: null }),
      humanText,
    )
    .map(([condition, code, text]) => ({ type: "status" as const, tag: null, condition, code, text })),
  fc
    .tuple(fc.option(responseCode, { nil: null }), humanText)
    .map(([code, text]) => ({ type: "continuation" as const, code, text })),
  fc
    .array(upperAtom, { maxLength: 5 })
    .map((capabilities) => ({ type: "capability" as const, capabilities })),
  fc.array(upperAtom, { maxLength: 3 }).map((capabilities) => ({ type: "enabled" as const, capabilities })),
  fc
    .option(fc.array(fc.tuple(humanText, fc.option(humanText, { nil: null })), { maxLength: 3 }), {
      nil: null,
    })
    .map((params) => ({ type: "id" as const, params })),
  fc
    .tuple(namespaceList, namespaceList, namespaceList)
    .map(([personal, otherUsers, shared]) => ({ type: "namespace" as const, personal, otherUsers, shared })),
  fc
    .tuple(
      fc.constantFrom("LIST" as const, "LSUB" as const, "XLIST" as const),
      fc.array(flag, { maxLength: 3 }),
      fc.option(fc.constantFrom("/", ".", "\\", '"'), { nil: null }),
      mailboxName,
      fc.array(fc.tuple(upperAtom, extensionValue), { maxLength: 2 }),
    )
    .map(([command, attributes, delimiter, mailbox, extended]) => ({
      type: "list" as const,
      command,
      attributes,
      delimiter,
      mailbox,
      extended,
    })),
  fc
    .tuple(
      mailboxName,
      fc.record(
        {
          messages: u32,
          recent: u32,
          uidNext: u32,
          uidValidity: u32,
          unseen: u32,
          deleted: u32,
          size: modseq,
          highestModseq: modseq,
        },
        { requiredKeys: [] },
      ),
    )
    .map(([mailbox, status]) => ({ type: "mailboxStatus" as const, mailbox, status })),
  fc.array(flag, { maxLength: 5 }).map((flags) => ({ type: "flags" as const, flags })),
  u32.map((count) => ({ type: "exists" as const, count })),
  u32.map((count) => ({ type: "recent" as const, count })),
  nz.map((seq) => ({ type: "expunge" as const, seq })),
  fc
    .tuple(fc.boolean(), fc.oneof(ranges, fc.constant([] as NumberRanges)))
    .map(([earlier, uids]) => ({ type: "vanished" as const, earlier, uids })),
  fc
    .tuple(
      fc.constantFrom("search" as const, "sort" as const),
      fc.array(u32, { maxLength: 8 }),
      fc.option(modseq, { nil: null }),
    )
    .map(([type, numbers, m]) => ({ type, numbers: Uint32Array.from(numbers), modseq: m })),
  fc
    .record(
      {
        tag: fc.option(humanText, { nil: null }),
        uid: fc.boolean(),
        min: u32,
        max: u32,
        count: u32,
        all: ranges,
        modseq,
        partial: fc.record({
          range: fc.tuple(
            fc.integer({ min: 1, max: 1000 }).chain((n) => fc.constantFrom(n, -n)),
            fc.integer({ min: 1, max: 1000 }).chain((n) => fc.constantFrom(n, -n)),
          ),
          set: fc.oneof(ranges, fc.constant([] as NumberRanges)),
        }),
        other: fc.array(
          fc.tuple(
            upperAtom.filter((n) => !["MIN", "MAX", "COUNT", "ALL", "MODSEQ", "PARTIAL", "UID"].includes(n)),
            extensionValue,
          ),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: ["tag", "uid", "other"] },
    )
    .map((r) => ({ type: "esearch" as const, ...r }) as Response),
  fc.array(threadNode, { maxLength: 3 }).map((threads) => ({ type: "thread" as const, threads })),
  fc
    .tuple(
      u32.filter((n) => n > 0),
      fetchItems,
    )
    .map(([seq, items]) => ({ type: "fetch" as const, seq, items })),
);

// ---- the property --------------------------------------------------------------------------

const ctx = { utf8: false, maxNesting: 100 };

function decodeInTwo(bytes: Uint8Array, at: number): Response[] {
  const decoder = new ResponseDecoder();
  const out: Response[] = [];
  for (const chunk of [bytes.slice(0, at), bytes.slice(at)]) {
    decoder.push(chunk);
    for (let e = decoder.next(); e !== null; e = decoder.next())
      if (e.type === "response") out.push(e.response);
  }
  return out;
}

describe("serialize → parse round trip", () => {
  it("parses every serialized response back to the same model", () => {
    fc.assert(
      fc.property(response, fc.boolean(), (r, preferLiterals) => {
        const bytes = serializeResponse(r, { preferLiterals });
        expect(parseResponse(bytes, ctx)).toEqual(r);
      }),
      { numRuns: 3000 },
    );
  });

  it("decodes every serialized response the same when split into two chunks anywhere", () => {
    fc.assert(
      fc.property(
        response.chain((r) => {
          const bytes = serializeResponse(r);
          return fc.tuple(fc.constant(r), fc.constant(bytes), fc.integer({ min: 0, max: bytes.length }));
        }),
        ([r, bytes, at]) => {
          expect(decodeInTwo(bytes, at)).toEqual([r]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
