import { describe, expect, it } from "vitest";
import { BASE } from "../../../test/encoder-helpers.js";
import { latin1Decode } from "../../text/text.js";
import { CommandWriter, literalIsNonSync } from "./writer.js";

describe("CommandWriter", () => {
  it("refuses CR, LF or NUL that reach a line by any route", () => {
    for (const bad of ["a\r\nb", "a\nb", "a\rb", "a\u0000b"]) {
      const w = new CommandWriter(BASE).text("A1 NOOP ").text(bad);
      expect(() => w.finish()).toThrow(expect.objectContaining({ code: "IMAP_ERR_INVALID_ARGUMENT" }));
    }
  });

  it("cuts lines at literals and after a continuation", () => {
    const w = new CommandWriter(BASE)
      .text("A1 X ")
      .literal(Uint8Array.of(0x41, 0x42), { secret: true })
      .text(" Y")
      .continuationLine()
      .text("Z", "z");
    const { fragments, traceText, size } = w.finish();
    expect(fragments.map((f) => [f.kind, latin1Decode(f.bytes), f.waitForContinuation])).toEqual([
      ["line", "A1 X {2}\r\n", false],
      ["literal", "AB", true],
      ["line", " Y\r\n", false],
      ["line", "Z\r\n", true],
    ]);
    expect(traceText).toBe("A1 X *** Y <+> z");
    expect(size).toBe(10 + 2 + 4 + 3);
  });

  it("writes literal8 announcements", () => {
    const { fragments, traceText } = new CommandWriter({ ...BASE, literalPlus: true })
      .text("A1 ")
      .literal(Uint8Array.of(0), { literal8: true })
      .finish();
    expect(latin1Decode(fragments[0]?.bytes ?? new Uint8Array())).toBe("A1 ~{1+}\r\n");
    expect(traceText).toBe("A1 ~{1+}<1 bytes>");
  });
});

describe("literalIsNonSync", () => {
  it("needs LITERAL+ or LITERAL- and respects their caps", () => {
    expect(literalIsNonSync(1, BASE)).toBe(false);
    expect(literalIsNonSync(4096, { ...BASE, literalMinus: true })).toBe(true);
    expect(literalIsNonSync(4097, { ...BASE, literalMinus: true })).toBe(false);
    expect(literalIsNonSync(65536, { ...BASE, literalPlus: true })).toBe(true);
    expect(literalIsNonSync(65537, { ...BASE, literalPlus: true })).toBe(false);
  });
});
