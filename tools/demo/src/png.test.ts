import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chartPng, groupPng, mockupPng, sunsetPng } from "./mail/images.js";
import { crc32, png } from "./png.js";

/** The chunks of a PNG file, every CRC checked. */
function chunks(file: Buffer): { type: string; data: Buffer }[] {
  expect(file.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const out: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < file.length; ) {
    const length = file.readUInt32BE(at);
    const typeAndData = file.subarray(at + 4, at + 8 + length);
    expect(file.readUInt32BE(at + 8 + length)).toBe(crc32(typeAndData));
    out.push({ type: typeAndData.subarray(0, 4).toString("latin1"), data: typeAndData.subarray(4) });
    at += 12 + length;
  }
  return out;
}

describe("png", () => {
  it("computes the standard CRC-32", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });

  it.each([
    ["sunset", sunsetPng()],
    ["group", groupPng()],
    ["mockup", mockupPng()],
    ["chart", chartPng()],
  ])("%s is a valid 8-bit RGB PNG", (_, file) => {
    const list = chunks(file);
    expect(list.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    const ihdr = (list[0] as { data: Buffer }).data;
    const [width, height] = [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4)];
    expect([...ihdr.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
    const rows = inflateSync((list[1] as { data: Buffer }).data);
    expect(rows.length).toBe(height * (1 + width * 3));
  });

  it("puts each pixel where paint says", () => {
    const rows = inflateSync(
      chunks(png(2, 1, (x) => (x === 0 ? [1, 2, 3] : [4, 5, 6])))[1]?.data ?? Buffer.alloc(0),
    );
    expect([...rows]).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
