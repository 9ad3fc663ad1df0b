/**
 * @tagwire/imap: a sans-IO, pipelining, streaming IMAP4rev1/IMAP4rev2 client core. Runs unchanged in
 * the browser and in Node; zero runtime dependencies. The trace renderer is `@tagwire/imap/trace`;
 * Node-only drivers and the CLI live in `@tagwire/imap/node`.
 *
 * Every public name is listed here; the per-command table, the pipelining checks and the router
 * are internal.
 */

// ---- Client
export { ImapClient } from "./client/client.js";
export { type CommandErrorDetails, ImapCommandError } from "./client/command-error.js";
export {
  DEFAULT_IDLE_RESTART_MS,
  DEFAULT_POLL_MS,
  DEFAULT_RESUME_AFTER_MS,
  IdleLoop,
  type IdleLoopOptions,
  type IdleMode,
} from "./client/idle-loop.js";
export type { EventOf, Unsubscribe } from "./client/listeners.js";
export { MemoryTransport, type MemoryTransportOptions } from "./client/memory-transport.js";
export type {
  AppendOptions,
  BodySink,
  CallOptions,
  CommandOptions,
  FetchOptions,
  IdleHandle,
  ImapClientOptions,
  ListOptions,
  LoginOptions,
  PendingCommand,
  PlainSearchOptions,
  SearchOptions,
  SelectOptions,
  StoreOptions,
  UidOption,
} from "./client/options.js";
export type {
  AppendUid,
  CommandResult,
  CopyUid,
  ExpungeResult,
  ListedMailbox,
  SearchResult,
  StoreResult,
} from "./client/results.js";
export { type AbortSignalLike, globalTimers, type Timers } from "./client/timers.js";
export { DEFAULT_HIGH_WATER_MARK, type Transport, TransportBase } from "./client/transport.js";
// ---- Codec
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
export { type CommandTextOptions, parseCommandText } from "./command-text/index.js";
// ---- Drivers
export {
  CONNECTION_ENDS,
  type ConnectionEnd,
  type ConnectionEndReason,
  type ConnectionEndRow,
  describeConnectionEnd,
} from "./drivers/connection-end.js";
export {
  fetchRefusalProbe,
  PROBE_TIMEOUT_MS,
  type RefusalProbe,
  type RefusalProbeAnswer,
} from "./drivers/refusal-probe.js";
export { ImapTransportError } from "./drivers/transport-error.js";
export {
  type ConnectWebSocketOptions,
  connectWebSocket,
  DRAIN_POLL_MS,
  type DriverTimers,
  MAX_FRAME_BYTES,
  WEBSOCKET_SUBPROTOCOL,
  type WebSocketConstructor,
  type WebSocketLike,
  WebSocketTransport,
  type WebSocketTransportOptions,
} from "./drivers/websocket.js";
// ---- Errors
export {
  COMMAND_ERROR_CODES,
  type CommandErrorCode,
  ImapError,
  type ImapErrorCode,
  ImapLocalError,
  ImapRemoteError,
  LOCAL_ERROR_CODES,
  type LocalErrorCode,
  REMOTE_ERROR_CODES,
  type RemoteErrorCode,
} from "./errors.js";
// ---- Session
export {
  type CapabilitySet,
  capabilitySet,
  encoderOptionsFor,
  hasCapability,
  utf8Enabled,
} from "./session/capabilities.js";
export { type ConnectionState, STATE_TRANSITIONS, type StateTrigger } from "./session/connection-state.js";
export type {
  BodyChunkEvent,
  BodyEndedEvent,
  BodyStartedEvent,
  CapabilitiesChangedEvent,
  CommandCompletedEvent,
  CommandFailedEvent,
  CommandQueuedEvent,
  CommandSentEvent,
  CompletionStatus,
  ContinuationRequestedEvent,
  ContinuationSentEvent,
  ExtensionsEnabledEvent,
  GreetingReceivedEvent,
  MailboxChangedEvent,
  ResponseRejectedEvent,
  SessionClosedEvent,
  SessionEvent,
  SessionEventType,
  StateChangedEvent,
  StatusReceivedEvent,
  UntaggedReceivedEvent,
} from "./session/events.js";
export type { BlockReason } from "./session/head-status.js";
export { type MailboxChange, type MailboxState, reduceMailbox } from "./session/mailbox-state.js";
export {
  type CancelOutcome,
  type CommandHandle,
  DEFAULT_MAX_IN_FLIGHT,
  type SendOptions,
  type SessionOptions,
  type SessionQuirks,
} from "./session/options.js";
export type { PipeliningBehavior, PipeliningRequirement } from "./session/pipelining.js";
export { Session } from "./session/session.js";
export { createTagGenerator, isValidTag, type TagGenerator } from "./session/tags.js";

// ---- Text
export { decodeMutf7, encodeMutf7 } from "./text/mutf7.js";

// ---- Model
export {
  type AppendMessage,
  BARE_SEARCH_KEYS,
  type Command,
  type CommandName,
  DATE_SEARCH_KEYS,
  type FetchAttribute,
  SEARCH_RETURN_OPTIONS,
  type SearchKey,
  type SearchReturnOption,
  type SequenceSet,
  SIMPLE_FETCH_ATTRIBUTES,
  SORT_KEYS,
  type SortKey,
  STATUS_ITEMS,
  type StatusItem,
  type StoreOperation,
  TEXT_SEARCH_KEYS,
  THREAD_ALGORITHMS,
  type ThreadAlgorithm,
} from "./types/command.js";
export type {
  Address,
  BasicBody,
  BodyDisposition,
  BodyExtension,
  BodyParams,
  BodySection,
  BodyStructure,
  CapabilityResponse,
  ContinuationResponse,
  EnabledResponse,
  Envelope,
  EsearchResponse,
  ExistsResponse,
  ExpungeResponse,
  ExtensionValue,
  FetchItems,
  FetchResponse,
  FlagsResponse,
  IdResponse,
  ListResponse,
  MailboxName,
  MailboxStatus,
  MessageBody,
  MultipartBody,
  NamespaceDescriptor,
  NamespaceResponse,
  NString,
  NumberRanges,
  RecentResponse,
  Response,
  ResponseCode,
  SearchResponse,
  SinglePartFields,
  SortResponse,
  StatusCondition,
  StatusDataResponse,
  StatusResponse,
  TextBody,
  ThreadNode,
  ThreadResponse,
  UnparsedResponse,
  UntaggedData,
  VanishedResponse,
} from "./types/response.js";
export { Secret, secret } from "./types/secret.js";
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
