/** The promise-based client and the transport contract its drivers implement. */
export { ImapClient } from "./client.js";
export type { EventOf, Unsubscribe } from "./listeners.js";
export { MemoryTransport, type MemoryTransportOptions } from "./memory-transport.js";
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
  SearchOptions,
  SelectOptions,
  StoreOptions,
  UidOption,
} from "./options.js";
export type {
  AppendUid,
  CommandResult,
  CopyUid,
  ExpungeResult,
  ListedMailbox,
  SearchResult,
  StoreResult,
} from "./results.js";
export { DEFAULT_HIGH_WATER_MARK, type Transport, TransportBase } from "./transport.js";
