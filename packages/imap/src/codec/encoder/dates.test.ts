import { describe, expect, it } from "vitest";
import { formatDateTime, formatSearchDate } from "./dates.js";

describe("formatSearchDate", () => {
  it("writes the UTC day without padding", () => {
    expect(formatSearchDate(new Date(Date.UTC(2024, 0, 5)))).toBe("5-Jan-2024");
    expect(formatSearchDate(new Date(Date.UTC(2024, 11, 31, 23, 59)))).toBe("31-Dec-2024");
    expect(formatSearchDate(new Date(Date.UTC(999, 8, 9)))).toBe("9-Sep-0999");
  });

  it("rejects an invalid Date", () => {
    expect(() => formatSearchDate(new Date(Number.NaN))).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
    );
  });
});

describe("formatDateTime", () => {
  it("writes a quoted date-time in UTC with two-digit fields", () => {
    expect(formatDateTime(new Date(Date.UTC(1994, 6, 1, 2, 3, 4)))).toBe('"01-Jul-1994 02:03:04 +0000"');
    expect(formatDateTime(new Date(Date.UTC(2024, 10, 17, 21, 45, 59, 999)))).toBe(
      '"17-Nov-2024 21:45:59 +0000"',
    );
  });

  it("rejects years beyond four digits", () => {
    expect(() => formatDateTime(new Date(Date.UTC(10000, 0, 1)))).toThrow(
      expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }),
    );
  });
});
