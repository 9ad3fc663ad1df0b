/**
 * Entry of the upstream server's own process. The mail server is a separate process in real life,
 * and a direct-TCP baseline inside the client's process would have no cross-process wake-ups at all,
 * which would inflate every relay's "added" latency. Talks to the benchmark over IPC: sends
 * `{ port }` once listening, answers `{ type: "stats" }` with the connection counts.
 */
import { UpstreamServer } from "./upstream-server.js";

const server = await UpstreamServer.start();
process.on("message", (message: { type?: string; id?: number }) => {
  if (message.type === "stats")
    process.send?.({ type: "stats", id: message.id, open: server.open, idle: server.idle });
});
process.on("disconnect", () => {
  server.close().finally(() => process.exit(0));
});
process.send?.({ type: "listening", port: server.port });
