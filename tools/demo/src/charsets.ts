/**
 * Text in legacy charsets, as bytes. Node cannot encode these charsets (TextEncoder is UTF-8 only), so
 * the bytes are written out here; `charsets.test.ts` decodes each with TextDecoder and compares it to
 * `text`.
 */

/** One text and its bytes in `charset` (a name TextDecoder and MIME both know). */
export interface CharsetText {
  readonly charset: string;
  readonly text: string;
  readonly hex: string;
}

/** A sender, a subject and a body written in one legacy charset, and how their headers are encoded. */
export interface CharsetLetter {
  readonly id: string;
  readonly charset: string;
  /** RFC 2047 encoding of the Subject and the sender's name. */
  readonly wordEncoding: "B" | "Q";
  /** Content-Transfer-Encoding of the body. */
  readonly bodyEncoding: "quoted-printable" | "base64" | "7bit";
  readonly address: string;
  readonly name: CharsetText;
  readonly subject: CharsetText;
  readonly body: CharsetText;
}

const t = (charset: string, text: string, hex: string): CharsetText => ({ charset, text, hex });

/** The bytes of a {@link CharsetText}. */
export function bytesOf(sample: CharsetText): Buffer {
  return Buffer.from(sample.hex, "hex");
}

// biome-ignore format: byte tables
export const CHARSET_LETTERS: readonly CharsetLetter[] = [
  {
    id: "latin1", charset: "ISO-8859-1", wordEncoding: "Q", bodyEncoding: "quoted-printable", address: "elodie.lefevre@example.fr",
    name: t("iso-8859-1", "Élodie Lefèvre", "c96c6f646965204c6566e8767265"),
    subject: t("iso-8859-1", "Réunion : ordre du jour de jeudi", "52e9756e696f6e203a206f72647265206475206a6f7572206465206a65756469"),
    body: t("iso-8859-1", "Bonjour,\r\n\r\nvoici l'ordre du jour de la réunion de jeudi : budget, planning, café.\r\n\r\nÀ jeudi,\r\nÉlodie\r\n", "426f6e6a6f75722c0d0a0d0a766f696369206c276f72647265206475206a6f7572206465206c612072e9756e696f6e206465206a65756469203a206275646765742c20706c616e6e696e672c20636166e92e0d0a0d0ac0206a657564692c0d0ac96c6f6469650d0a"),
  },
  {
    id: "latin2", charset: "ISO-8859-2", wordEncoding: "Q", bodyEncoding: "quoted-printable", address: "lukasz.wojcik@example.pl",
    name: t("iso-8859-2", "Łukasz Wójcik", "a3756b61737a2057f36a63696b"),
    subject: t("iso-8859-2", "Zażółć gęślą jaźń: przegląd kodu", "5a61bff3b3e62067eab66cb1206a61bcf13a2070727a65676cb164206b6f6475"),
    body: t("iso-8859-2", "Cześć,\r\n\r\nprzejrzałem zmiany w bramce. Wszystko wygląda dobrze, tylko jedna uwaga o limitach.\r\n\r\nPozdrawiam,\r\nŁukasz\r\n", "437a65b6e62c0d0a0d0a70727a656a727a61b3656d207a6d69616e792077206272616d63652e2057737a7973746b6f207779676cb1646120646f62727a652c2074796c6b6f206a65646e61207577616761206f206c696d69746163682e0d0a0d0a506f7a6472617769616d2c0d0aa3756b61737a0d0a"),
  },
  {
    id: "cp1252", charset: "windows-1252", wordEncoding: "Q", bodyEncoding: "quoted-printable", address: "zoe.obrien@example.ie",
    name: t("windows-1252", "Zoë O’Brien", "5a6feb204f92427269656e"),
    subject: t("windows-1252", "Price list – “final” version (€ 1,250)", "5072696365206c6973742096209366696e616c942076657273696f6e20288020312c32353029"),
    body: t("windows-1252", "Hi,\r\n\r\nhere’s the “final” price list – the total is € 1,250 (incl. 20 % VAT).\r\n\r\n– Zoë\r\n", "48692c0d0a0d0a68657265927320746865209366696e616c94207072696365206c69737420962074686520746f74616c206973208020312c3235302028696e636c2e203230202520564154292e0d0a0d0a96205a6feb0d0a"),
  },
  {
    id: "koi8r", charset: "KOI8-R", wordEncoding: "B", bodyEncoding: "base64", address: "ivan.petrov@example.ru",
    name: t("koi8-r", "Иван Петров", "e9d7c1ce20f0c5d4d2cfd7"),
    subject: t("koi8-r", "Привет из Москвы: отчёт за неделю", "f0d2c9d7c5d420c9da20edcfd3cbd7d93a20cfd4dea3d420dac120cec5c4c5ccc0"),
    body: t("koi8-r", "Привет!\r\n\r\nОтчёт за неделю: все задачи выполнены, тесты проходят.\r\n\r\nИван\r\n", "f0d2c9d7c5d4210d0a0d0aefd4dea3d420dac120cec5c4c5ccc03a20d7d3c520dac1c4c1dec920d7d9d0cfcccec5ced92c20d4c5d3d4d920d0d2cfc8cfc4d1d42e0d0a0d0ae9d7c1ce0d0a"),
  },
  {
    id: "sjis", charset: "Shift_JIS", wordEncoding: "B", bodyEncoding: "base64", address: "tanaka@example.jp",
    name: t("shift_jis", "田中 太郎", "936392862091be9859"),
    subject: t("shift_jis", "会議の議事録（第３回）", "89ef8b6382cc8b638e96985e816991e6825289f1816a"),
    body: t("shift_jis", "お疲れさまです。\r\n\r\n第３回会議の議事録を送ります。ご確認ください。\r\n\r\n田中\r\n", "82a894e682ea82b382dc82c582b781420d0a0d0a91e6825289f189ef8b6382cc8b638e96985e82f0919782e882dc82b7814282b28a6d944682ad82be82b382a281420d0a0d0a936392860d0a"),
  },
  {
    id: "jis", charset: "ISO-2022-JP", wordEncoding: "B", bodyEncoding: "7bit", address: "sato.hanako@example.jp",
    name: t("iso-2022-jp", "佐藤 花子", "1b24423a3446231b2842201b244232563b521b2842"),
    subject: t("iso-2022-jp", "お見積りのご依頼について", "1b2442242a382b4051246a244e2434304d4d6a244b2444242424461b2842"),
    body: t("iso-2022-jp", "いつもお世話になっております。\r\n\r\nお見積りをお願いできますでしょうか。\r\n\r\n佐藤\r\n", "1b2442242424442462242a40244f43244b244a24432446242a246a245e243921231b28420d0a0d0a1b2442242a382b4051246a2472242a346a24242447242d245e24392447243724672426242b21231b28420d0a0d0a1b24423a3446231b28420d0a"),
  },
];
