import { describe, expect, it } from "vitest";
import { createJsonLogger } from "../src/log.js";
import {
  cleanupAfterEach,
  closed,
  collect,
  echo,
  memorySink,
  openWs,
  startRelay,
  waitFor,
} from "./helpers.js";

const MARKER = "Marker-Pa55word-7f3c91";

const cleanups = cleanupAfterEach();

describe("logging (G11)", () => {
  it("writes one metadata line per session and never the marker password, whatever the session did", async () => {
    const sink = memorySink();
    const { gw } = await startRelay(
      cleanups,
      (socket) => {
        socket.write("* OK ready\r\n");
        echo(socket);
      },
      {},
      { logger: createJsonLogger(sink) },
    );

    // A normal login, echoed back by the server.
    const a = await openWs(gw, "/ws/imap?server=default");
    const login = Buffer.from(`a1 LOGIN alice ${MARKER}\r\n`);
    const echoed = collect(a);
    a.send(login);
    await waitFor(() => echoed.length() === 12 + login.length);
    a.close(1000, MARKER.slice(0, 20));
    await closed(a);
    // The marker in a text frame (refused with 1003).
    const b = await openWs(gw, "/ws/imap?server=default");
    b.send(`a1 LOGIN alice ${MARKER}\r\n`);
    await closed(b);
    // The marker in a frame that is too big (1009).
    const c = await openWs(gw, "/ws/imap?server=default");
    c.send(Buffer.concat([Buffer.from(MARKER), Buffer.alloc(1024 * 1024)]));
    await closed(c);
    // The marker in an upgrade refused for its parameters.
    await openWs(gw, `/ws/imap?server=default&password=${MARKER}`).catch(() => {});
    await openWs(gw, `/ws/imap?server=${MARKER}`).catch(() => {});

    await waitFor(() => gw.gateway.sessionCount === 0);
    const text = sink.text();
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain(MARKER.slice(0, 20));
    const metrics = await (await fetch(`${gw.origin}/metrics`)).text();
    expect(metrics).not.toContain(MARKER);

    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const sessions = lines.filter((l) => l.msg === "session");
    expect(sessions).toHaveLength(3);
    for (const line of sessions) {
      expect(Object.keys(line).sort()).toEqual(
        [
          "bytesDown",
          "bytesUp",
          "durationMs",
          "id",
          "ip",
          "level",
          "msg",
          "protocol",
          "reason",
          "server",
          "time",
        ].sort(),
      );
      expect(line).toMatchObject({ level: "info", ip: "127.0.0.1", server: "default", protocol: "imap" });
    }
    expect(sessions.map((l) => l.reason)).toEqual(["client closed 1000", "text frame", "frame too big"]);
    expect(sessions[0]).toMatchObject({ bytesUp: login.length, bytesDown: 12 + login.length });
  });
});
