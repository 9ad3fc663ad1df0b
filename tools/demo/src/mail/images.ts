/** The generated pictures attached to or embedded in demo mail. */
import { png, type Rgb } from "../png.js";

/** A sunset over hills: a sky gradient, a sun and two ridges. */
export function sunsetPng(): Buffer {
  return png(160, 100, (x, y) => {
    if ((x - 110) ** 2 + (y - 48) ** 2 < 15 ** 2) return [255, 214, 102];
    if (y > 70 + 10 * Math.sin(x / 17)) return [34, 84, 61];
    if (y > 60 + 8 * Math.sin(x / 11 + 1)) return [58, 120, 84];
    const t = y / 100;
    return [Math.round(250 - 80 * t), Math.round(140 - 60 * t), Math.round(90 + 90 * t)];
  });
}

/** A group photo stand-in: coloured circles on a wall. */
export function groupPng(): Buffer {
  const colours: Rgb[] = [
    [220, 80, 60],
    [60, 130, 220],
    [240, 180, 40],
    [90, 170, 100],
  ];
  return png(160, 100, (x, y) => {
    for (let i = 0; i < colours.length; i++) {
      const cx = 25 + i * 37;
      if ((x - cx) ** 2 + (y - 45) ** 2 < 14 ** 2) return colours[i] as Rgb;
      if (y > 60 && Math.abs(x - cx) < 16) return colours[i] as Rgb;
    }
    return y > 85 ? [120, 100, 80] : [236, 232, 224];
  });
}

/** A wireframe of the mail UI: folder column, message rows, reading pane. */
export function mockupPng(): Buffer {
  return png(240, 150, (x, y) => {
    if (y < 14) return [37, 99, 235];
    if (x < 50) return y % 16 < 10 && x > 6 && x < 44 ? [203, 213, 225] : [241, 245, 249];
    if (x < 130)
      return y % 20 < 2 ? [226, 232, 240] : (y - 14) % 20 < 8 && x > 56 ? [148, 163, 184] : [255, 255, 255];
    return y > 24 && y < 30 && x > 138 && x < 220
      ? [30, 41, 59]
      : y > 40 && y % 8 < 3 && x > 138
        ? [203, 213, 225]
        : [255, 255, 255];
  });
}

/** A bar chart: five bars in the project's blue. */
export function chartPng(): Buffer {
  const heights = [30, 55, 42, 80, 68];
  return png(120, 90, (x, y) => {
    const bar = Math.floor((x - 10) / 21);
    const inBar = x >= 10 && (x - 10) % 21 < 15 && bar < heights.length;
    if (inBar && y >= 85 - (heights[bar] as number) && y < 85) return [37, 99, 235];
    return y === 85 ? [100, 116, 139] : [248, 250, 252];
  });
}
