import { describe, expect, it } from "vitest";
import { imageDataUrl } from "./data-url";

describe("imageDataUrl", () => {
  it("encodes image bytes, large ones too", () => {
    expect(imageDataUrl("image/PNG", Uint8Array.from([0, 255, 1]))).toBe("data:image/png;base64,AP8B");
    const big = Uint8Array.from({ length: 100_000 }, (_, i) => i & 0xff);
    const url = imageDataUrl("image/gif", big) ?? "";
    expect(Buffer.from(url.slice("data:image/gif;base64,".length), "base64").equals(Buffer.from(big))).toBe(
      true,
    );
  });

  it("refuses anything that is not an image type", () => {
    expect(imageDataUrl("text/html", new Uint8Array(1))).toBeNull();
    expect(imageDataUrl('image/png;x="', new Uint8Array(1))).toBeNull();
  });
});
