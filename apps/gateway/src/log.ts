/**
 * Logging is metadata only. There is deliberately no way to log payload bytes: the relay never hands
 * them to the logger, and the fields below are the whole vocabulary (G11).
 */

/** Values a log record may carry: numbers, short strings, booleans. */
export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

/** A structured logger. The default writes one JSON object per line. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Something lines can be written to (process.stdout, a test buffer). */
export interface LineSink {
  write(line: string): unknown;
}

/** A logger writing JSON lines (`{"time":...,"level":"info","msg":...,...fields}`) to `sink`. */
export function createJsonLogger(sink: LineSink = process.stdout, now: () => number = Date.now): Logger {
  const write = (level: string, message: string, fields?: LogFields) => {
    sink.write(
      `${JSON.stringify({ time: new Date(now()).toISOString(), level, msg: message, ...fields })}\n`,
    );
  };
  return {
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
