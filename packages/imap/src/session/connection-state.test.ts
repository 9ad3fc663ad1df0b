import { describe, expect, it } from "vitest";
import { type ConnectionState, nextState, STATE_TRANSITIONS, type StateTrigger } from "./connection-state.js";

const STATES: ConnectionState[] = [
  "awaitingGreeting",
  "notAuthenticated",
  "authenticated",
  "selected",
  "logout",
];

describe("STATE_TRANSITIONS", () => {
  it("follows the RFC 3501 §3 diagram", () => {
    const expected: [ConnectionState, StateTrigger, ConnectionState][] = [
      ["awaitingGreeting", "greetingOk", "notAuthenticated"],
      ["awaitingGreeting", "greetingPreauth", "authenticated"],
      ["awaitingGreeting", "greetingBye", "logout"],
      ["notAuthenticated", "authenticated", "authenticated"],
      ["authenticated", "mailboxSelected", "selected"],
      ["selected", "mailboxSelected", "selected"],
      ["selected", "selectFailed", "authenticated"],
      ["selected", "mailboxClosed", "authenticated"],
      ["selected", "loggedOut", "logout"],
      ["notAuthenticated", "loggedOut", "logout"],
    ];
    for (const [from, trigger, to] of expected) expect(nextState(from, trigger)).toBe(to);
  });

  it("leaves the state alone for triggers that do not apply", () => {
    for (const trigger of Object.keys(STATE_TRANSITIONS) as StateTrigger[]) {
      for (const state of STATES) {
        const to = nextState(state, trigger);
        if (STATE_TRANSITIONS[trigger][state] === undefined) expect(to).toBe(state);
      }
    }
    expect(nextState("notAuthenticated", "mailboxSelected")).toBe("notAuthenticated");
  });

  it("never leaves logout", () => {
    for (const trigger of Object.keys(STATE_TRANSITIONS) as StateTrigger[]) {
      expect(nextState("logout", trigger)).toBe("logout");
    }
  });
});
