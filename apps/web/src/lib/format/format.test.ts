import { describe, expect, it } from "vitest";
import { shortDate } from "./dates";
import { byteSize } from "./sizes";

describe("shortDate", () => {
  const now = new Date(2026, 11, 7, 15, 30).getTime();

  it("shows the time for today", () => {
    expect(shortDate(new Date(2026, 11, 7, 9, 5).getTime(), now)).toMatch(/9.05/);
  });

  it("shows the weekday within the last week and the date before", () => {
    const tuesday = new Date(2026, 11, 1, 12).getTime();
    expect(shortDate(tuesday, now)).toBe(
      new Intl.DateTimeFormat(undefined, { weekday: "short" }).format(tuesday),
    );
    expect(shortDate(new Date(2026, 10, 20).getTime(), now)).toMatch(/20/);
    expect(shortDate(new Date(2024, 1, 3).getTime(), now)).toMatch(/2024/);
  });

  it("shows nothing for an unknown date", () => {
    expect(shortDate(0, now)).toBe("");
  });
});

describe("byteSize", () => {
  it.each([
    [512, "512 B"],
    [14_200, "14 KB"],
    [5_242_880, "5.2 MB"],
    [52_428_800, "52 MB"],
  ])("%d octets is %s", (octets, text) => {
    expect(byteSize(octets)).toBe(text);
  });
});
