/**
 * A marker password never reaches any view of the trace (text lines, JSON entries, raw lines, the
 * recorder), for LOGIN and for AUTHENTICATE PLAIN with and without SASL-IR, through a real session
 * that keeps raw octets. Each case first checks that the marker did go out on the wire, so the
 * absence in the trace means something.
 */
import { describe, expect, it } from "vitest";
import type { SessionEvent } from "../src/session/events.js";
import { encodeBase64 } from "../src/text/base64.js";
import { utf8Encode } from "../src/text/text.js";
import { eventToJson, formatTraceEvent, rawLines, TraceRecorder } from "../src/trace/index.js";
import type { Command } from "../src/types/command.js";
import { secret } from "../src/types/secret.js";
import { SessionPair } from "./session-pair.js";

const MARKER = "Pw-7f3a9c-MARKER";

/** Every rendering of `events`, as one text per view. */
function views(events: readonly SessionEvent[]): Record<string, string> {
  const recorder = new TraceRecorder();
  for (const event of events) recorder.record(event);
  return {
    text: events.map((e) => formatTraceEvent(e, 0) ?? "").join("\n"),
    json: JSON.stringify(events.map((e) => eventToJson(e))),
    lossyJson: JSON.stringify(events.map((e) => eventToJson(e, { invalidUtf8: "replace" }))),
    raw: JSON.stringify(events.flatMap((e) => rawLines(e))),
    recorder: JSON.stringify(recorder.lines()),
  };
}

function forms(username: string, password: string): string[] {
  return [
    password,
    encodeBase64(utf8Encode(password)),
    encodeBase64(utf8Encode(`\u0000${username}\u0000${password}`)),
    encodeURIComponent(password),
  ];
}

/** Runs `command` to its OK; the server sends `+` for a literal, and for SASL without SASL-IR. */
function run(capabilities: string, command: Command): SessionPair {
  const pair = new SessionPair({
    greeting: `* OK [CAPABILITY ${capabilities}] hi`,
    autoCapability: false,
    keepRaw: true,
  });
  const tag = pair.send(command);
  // The server grants a synchronizing literal by itself.
  pair.flush();
  if (command.name === "AUTHENTICATE" && !capabilities.includes("SASL-IR")) {
    pair.server.continueRequest("");
    pair.flush();
  }
  pair.server.send(`${tag} OK [CAPABILITY IMAP4rev1] welcome`);
  pair.flush();
  return pair;
}

describe("no view of the trace shows a password", () => {
  it.each<[string, string, Command]>([
    ["LOGIN", "IMAP4rev1", { name: "LOGIN", username: "alice", password: secret(MARKER) }],
    ["LOGIN, quoted", "IMAP4rev1", { name: "LOGIN", username: "al ice", password: secret(`${MARKER} x"y`) }],
    ["LOGIN, literal", "IMAP4rev1", { name: "LOGIN", username: "alice", password: secret(`${MARKER}ä`) }],
    [
      "AUTHENTICATE PLAIN with SASL-IR",
      "IMAP4rev1 AUTH=PLAIN SASL-IR",
      { name: "AUTHENTICATE", mechanism: "PLAIN", username: "alice", password: secret(MARKER) },
    ],
    [
      "AUTHENTICATE PLAIN without SASL-IR",
      "IMAP4rev1 AUTH=PLAIN",
      { name: "AUTHENTICATE", mechanism: "PLAIN", username: "alice", password: secret(MARKER) },
    ],
  ])("%s", (_label, capabilities, command) => {
    const pair = run(capabilities, command);
    const username = (command as { username: string }).username;
    const password = (command as { password: { reveal(): string } }).password.reveal();
    expect(
      pair.server.wire.includes(MARKER) || pair.server.wire.includes(forms(username, password)[2] as string),
    ).toBe(true);
    expect(pair.eventsOf("commandCompleted")).toMatchObject([{ status: "OK" }]);
    // Raw mode was on: the server's lines are in the raw view.
    expect(views(pair.events).raw).toContain("welcome");
    for (const [view, text] of Object.entries(views(pair.events))) {
      for (const form of forms(username, password))
        expect(text.includes(form), `${view} holds ${form}`).toBe(false);
      expect(text.includes(MARKER), `${view} holds the marker`).toBe(false);
    }
  });

  it("even when a command's text was not redacted upstream", () => {
    const base64 = encodeBase64(utf8Encode(`\u0000alice\u0000${MARKER}`));
    const events: SessionEvent[] = [
      {
        type: "commandQueued",
        tag: "A1",
        name: "LOGIN",
        text: `A1 LOGIN alice ${MARKER}`,
        internal: false,
        at: 0,
      },
      {
        type: "commandSent",
        tag: "A1",
        name: "LOGIN",
        text: `A1 LOGIN "alice" "${MARKER}"`,
        bytes: 40,
        inFlight: 1,
        internal: false,
        at: 1,
      },
      {
        type: "commandSent",
        tag: "A2",
        name: "AUTHENTICATE",
        text: `A2 AUTHENTICATE PLAIN ${base64}`,
        bytes: 40,
        inFlight: 1,
        internal: false,
        at: 1,
      },
      {
        type: "commandSent",
        tag: "A3",
        name: "AUTHENTICATE",
        text: `A3 AUTHENTICATE PLAIN <+> ${base64}`,
        bytes: 40,
        inFlight: 1,
        internal: false,
        at: 1,
      },
    ];
    for (const [view, text] of Object.entries(views(events))) {
      expect(text.includes(MARKER), `${view} holds the marker`).toBe(false);
      expect(text.includes(base64), `${view} holds the SASL response`).toBe(false);
    }
    expect(views(events).text).toContain('A1 LOGIN "alice" ***');
  });
});
