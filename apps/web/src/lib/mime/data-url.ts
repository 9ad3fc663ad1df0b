/**
 * A `data:` URL for a small decoded image. cid: images are shown this way, not as blob: URLs: the mail
 * frame has an opaque origin (sandbox without allow-same-origin), and Chromium refuses to load the
 * page origin's blob: URLs there ("Not allowed to load local resource").
 */
export function imageDataUrl(type: string, bytes: Uint8Array): string | null {
  const mime = type.toLowerCase();
  if (!/^image\/[a-z0-9.+-]+$/.test(mime)) return null;
  let binary = "";
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return `data:${mime};base64,${btoa(binary)}`;
}
