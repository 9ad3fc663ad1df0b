/**
 * The command encoder: a typed `Command` and a tag in, fragments and a redacted trace line out.
 * It is pure: what the server supports arrives as `EncoderOptions`, nothing is remembered between
 * calls. Each command's arguments are written by a small module per RFC area; `writer.ts` explains
 * how fragments are cut and `values.ts` how a string chooses atom, quoted or literal form.
 */
export { encodeCommand, encodeDone } from "./encode-command.js";
export {
  LITERAL_MINUS_MAX_OCTETS,
  LITERAL_PLUS_MAX_OCTETS,
  MAX_COMMAND_LINE_OCTETS,
  MAX_QUOTED_OCTETS,
} from "./limits.js";
export { splitLongCommand } from "./split.js";
export { isAtom, isTag } from "./values.js";
