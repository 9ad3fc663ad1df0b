/** `@tagwire/gateway`: the WebSocket ↔ IMAP/SMTP relay that also serves the web app. */
export { SUBPROTOCOL } from "./admission.js";
export type { GatewayConfig, LoadConfigOptions, ServerConfig } from "./config.js";
export { DEFAULT_WEB_ROOT, loadConfig } from "./config.js";
export type { EnvOption, EnvValues, ServerField } from "./config-schema.js";
export { ENV_SCHEMA, SERVER_FIELDS } from "./config-schema.js";
export type { ConfigProblem, ConfigProblemCode, GatewayErrorCode } from "./errors.js";
export { CLOSE_CODES, CONFIG_PROBLEMS, ConfigError, GatewayError } from "./errors.js";
export type { LineSink, LogFields, Logger } from "./log.js";
export { createJsonLogger, silentLogger } from "./log.js";
export { Metrics } from "./metrics.js";
export type { Gateway, GatewayDeps } from "./server.js";
export { createGateway } from "./server.js";
export type { Endpoint, Protocol, Security } from "./server-url.js";
export type { ResolvedAddress, Resolver } from "./upstream.js";
