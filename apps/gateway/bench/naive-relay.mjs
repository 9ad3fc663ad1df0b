/**
 * Reference only: the naive WebSocket ↔ TCP relay the issue measures against (a few lines of `ws`:
 * no admission checks, no backpressure, no flush guarantees). It shows what Node and `ws` cost by
 * themselves, so the gap between it and the gateway is what the gateway's own code adds. Plain
 * JavaScript, run by plain `node` like the built gateway.
 * Usage: `node naive-relay.mjs <upstream port>`; prints a `listening` JSON line.
 */
import { connect } from "node:net";
import { WebSocketServer } from "ws";

const upstreamPort = Number(process.argv[2]);
const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false }, () => {
  const { port } = wss.address();
  process.stdout.write(`${JSON.stringify({ msg: "listening", url: `http://127.0.0.1:${port}` })}\n`);
});
wss.on("connection", (ws) => {
  const up = connect({ host: "127.0.0.1", port: upstreamPort, noDelay: true });
  ws.pause();
  up.on("connect", () => ws.resume());
  up.on("data", (data) => ws.send(data));
  ws.on("message", (data) => up.write(data));
  up.on("close", () => ws.close());
  ws.on("close", () => up.destroy());
  up.on("error", () => {});
  ws.on("error", () => {});
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
