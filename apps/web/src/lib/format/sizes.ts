/** Octets as a person reads them: 512 B, 14 KB, 5.2 MB. */
export function byteSize(octets: number): string {
  if (octets < 1000) return `${octets} B`;
  if (octets < 1_000_000) return `${Math.round(octets / 1000)} KB`;
  if (octets < 1_000_000_000) return `${(octets / 1_000_000).toFixed(octets < 10_000_000 ? 1 : 0)} MB`;
  return `${(octets / 1_000_000_000).toFixed(1)} GB`;
}
