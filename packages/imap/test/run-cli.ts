/** Runs the `tagwire-imap` CLI in process, with stdin given as chunks and stdout/stderr captured. */
import { PassThrough } from "node:stream";
import { type CliIo, main } from "../node/cli.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout as NDJSON objects (for `parse`). */
  readonly lines: Array<Record<string, unknown>>;
}

/** String chunks of `input` are Latin-1, so a test can write any byte as a character. */
export async function runCli(
  argv: string[],
  input: ReadonlyArray<string | Uint8Array> = [],
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (b: Buffer) => out.push(b));
  stderr.on("data", (b: Buffer) => err.push(b));
  const io: CliIo = {
    stdin: (async function* () {
      yield* input.map((c) => (typeof c === "string" ? Buffer.from(c, "latin1") : c));
    })(),
    stdout,
    stderr,
  };
  const code = await main(argv, io);
  const stdoutText = Buffer.concat(out).toString("utf8");
  return {
    code,
    stdout: stdoutText,
    stderr: Buffer.concat(err).toString("utf8"),
    get lines(): Array<Record<string, unknown>> {
      if (stdoutText === "") return [];
      return stdoutText
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
  };
}
