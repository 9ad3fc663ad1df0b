/** The promise-based client and the transport contract its drivers implement. */
export {
  type AppendOptions,
  type BodySink,
  type CommandOptions,
  type FetchOptions,
  type IdleHandle,
  ImapClient,
  type ImapClientOptions,
  type ListOptions,
  type LoginOptions,
  type PendingCommand,
  type SearchOptions,
  type SelectOptions,
  type StoreOptions,
  type UidOption,
} from "./client.js";
export type { EventOf, Unsubscribe } from "./listeners.js";
export { MemoryTransport, type MemoryTransportOptions } from "./memory-transport.js";
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
