/** A large RFC 5322 message for the streaming test, with CRLF line ends throughout (stored as given). */
import { randomBytes, randomUUID } from "node:crypto";

/** Raw bytes per base64 line: 57 bytes make the customary 76-character line. */
const LINE_BYTES = 57;

/**
 * A message whose body is at least `bodySize` bytes of base64 lines over random data, so that any
 * byte lost, duplicated or reordered on the way changes its digest.
 */
export function largeMessage(bodySize: number): { subject: string; bytes: Buffer } {
  const subject = `Large attachment ${randomUUID()}`;
  const header = [
    "From: Stream Tester <stream@example.net>",
    "To: e2e-stream@example.org",
    `Subject: ${subject}`,
    "Date: Fri, 15 Mar 2024 10:00:00 +0000",
    `Message-ID: <${randomUUID()}@example.net>`,
    "MIME-Version: 1.0",
    'Content-Type: application/octet-stream; name="payload.bin"',
    "Content-Transfer-Encoding: base64",
    "",
    "",
  ].join("\r\n");
  const lineLength = (LINE_BYTES / 3) * 4 + 2;
  const lines = Math.ceil(bodySize / lineLength);
  const data = randomBytes(lines * LINE_BYTES);
  const body: string[] = [];
  for (let i = 0; i < lines; i++) {
    body.push(`${data.subarray(i * LINE_BYTES, (i + 1) * LINE_BYTES).toString("base64")}\r\n`);
  }
  return {
    subject,
    bytes: Buffer.concat([Buffer.from(header, "latin1"), Buffer.from(body.join(""), "latin1")]),
  };
}
