/**
 * @tagwire/imap: a sans-IO, pipelining, streaming IMAP4rev1/IMAP4rev2 client core. Runs unchanged in
 * the browser and in Node; zero runtime dependencies. Node-only drivers and the CLI live in
 * `@tagwire/imap/node`.
 */

// Errors
export { type CommandErrorDetails, ImapCommandError } from "./client/command-error.js";
// Client and drivers
export * from "./client/index.js";
// Codec
export type { DecodeEvent, DecoderLimits } from "./codec/decode-event.js";
export { type DecoderOptions, decodeAll, ResponseDecoder } from "./codec/decoder.js";
export { encodeCommand, encodeDone, splitLongCommand } from "./codec/encoder/index.js";
export type { EncodedCommand, EncoderOptions, Fragment } from "./codec/fragment.js";
export { ResponseFramer } from "./codec/framer.js";
export {
  DEFAULT_LIMITS,
  MAX_LINE_LENGTH,
  MAX_LITERAL_SIZE,
  MAX_NESTING,
  MAX_RESPONSE_SIZE,
  STREAM_THRESHOLD,
} from "./codec/limits.js";
export {
  DEFAULT_QUIRKS,
  type ParseContext,
  type ParserQuirks,
  parseResponse,
  STRICT_QUIRKS,
} from "./codec/parser/index.js";
export * from "./drivers/websocket.js";
export { Secret, secret } from "./types/secret.js";
export {
  ImapError,
  type ImapErrorCode,
  ImapLocalError,
  ImapRemoteError,
} from "./errors.js";
export { capabilitySet, encoderOptionsFor, hasCapability } from "./session/capabilities.js";
export { type ConnectionState, STATE_TRANSITIONS } from "./session/connection-state.js";
export type * from "./session/events.js";
export { type MailboxChange, type MailboxState, reduceMailbox } from "./session/mailbox-state.js";
export type { PipeliningBehavior, PipeliningRequirement } from "./session/pipelining.js";
// Session
export {
  type BlockReason,
  type CommandHandle,
  DEFAULT_MAX_IN_FLIGHT,
  type SendOptions,
  Session,
  type SessionOptions,
  type SessionQuirks,
} from "./session/session.js";
export { createTagGenerator, isValidTag, type TagGenerator } from "./session/tags.js";
export { decodeMutf7, encodeMutf7 } from "./text/mutf7.js";
// Model
export type * from "./types/command.js";
export {
  BARE_SEARCH_KEYS,
  DATE_SEARCH_KEYS,
  SEARCH_RETURN_OPTIONS,
  SIMPLE_FETCH_ATTRIBUTES,
  SORT_KEYS,
  STATUS_ITEMS,
  TEXT_SEARCH_KEYS,
  THREAD_ALGORITHMS,
} from "./types/command.js";
export type * from "./types/response.js";
export {
  formatSequenceSet,
  MAX_SEQUENCE_NUMBER,
  normalizeSequenceSet,
  splitSequenceSet,
} from "./types/sequence-set.js";
export {
  type AddressEntry,
  addressEmail,
  bodyParam,
  decodeMailboxName,
  extensionText,
  groupAddresses,
  type InvalidUtf8,
  isGroupEnd,
  isGroupStart,
  latin1,
  mimeType,
  text,
} from "./types/values.js";
// Command text
export { type CommandTextOptions, parseCommandText } from "./command-text/index.js";
